namespace Storefront.Web;

// The words of the coupon centre, my coupons, points and tier pages, the flash sale storefront and the admin member
// page. Keys live in Resources/Text.resx (zh-CN) and Resources/Text.en.resx under "promotions: coupons, members, flash
// storefront"; they start with Mb so they cannot clash with the keys of the other promotions slices.
public static partial class Text
{
    public static string MbAdjustNotEnough => Get();

    public static string MbAdjustPoints => Get();

    public static string MbAdjustPointsRange => Get();

    public static string MbAdjustPointsZero => Get();

    public static string MbAdjustReason => Get();

    public static string MbAdjustReasonRequired => Get();

    public static string MbAdjusted => Get();

    public static string MbBenefitFreeShipping => Get();

    public static string MbBenefitPoints => Get();

    public static string MbBenefitRate => Get();

    public static string MbBenefits => Get();

    public static string MbClaim => Get();

    public static string MbClaimed => Get();

    public static string MbClaimedShort => Get();

    public static string MbCouponCap => Get();

    public static string MbCouponCentre => Get();

    public static string MbCouponExclusive => Get();

    public static string MbCouponExpired => Get();

    public static string MbCouponGone => Get();

    public static string MbCouponGoneShort => Get();

    public static string MbCouponHeld => Get();

    public static string MbCouponLeft => Get();

    public static string MbCouponLimitReached => Get();

    public static string MbCouponLimitShort => Get();

    public static string MbCouponMinSpend => Get();

    public static string MbCouponNoMinimum => Get();

    public static string MbCouponNotFound => Get();

    public static string MbCouponPerShopper => Get();

    public static string MbCouponRate => Get();

    public static string MbCouponScopeCategories => Get();

    public static string MbCouponScopeProducts => Get();

    public static string MbCouponScopeStore => Get();

    public static string MbCouponUnavailable => Get();

    public static string MbCouponUsable => Get();

    public static string MbCouponUsed => Get();

    public static string MbCouponUsedAt => Get();

    public static string MbCouponValidDays => Get();

    public static string MbCouponsNone => Get();

    public static string MbDays => Get();

    public static string MbFlashEnded => Get();

    public static string MbFlashEndsIn => Get();

    public static string MbFlashLeft => Get();

    public static string MbFlashLimit => Get();

    public static string MbFlashLive => Get();

    public static string MbFlashNone => Get();

    public static string MbFlashSales => Get();

    public static string MbFlashSoldOut => Get();

    public static string MbFlashStarted => Get();

    public static string MbFlashStartsIn => Get();

    public static string MbFlashUpcoming => Get();

    public static string MbGrowth => Get();

    public static string MbGrowthThreshold => Get();

    public static string MbGrowthWindow => Get();

    public static string MbKindAdjusted => Get();

    public static string MbKindEarned => Get();

    public static string MbKindExpired => Get();

    public static string MbKindRedeemed => Get();

    public static string MbKindReturned => Get();

    public static string MbKindReversed => Get();

    public static string MbLedger => Get();

    public static string MbLedgerAt => Get();

    public static string MbLedgerEmpty => Get();

    public static string MbLedgerExpires => Get();

    public static string MbLedgerKind => Get();

    public static string MbLedgerNote => Get();

    public static string MbLedgerPoints => Get();

    public static string MbLedgerRemaining => Get();

    public static string MbMemberNone => Get();

    public static string MbMemberNotFound => Get();

    public static string MbMemberOpen => Get();

    public static string MbMemberSearchHint => Get();

    public static string MbMembersAdmin => Get();

    public static string MbMyCoupons => Get();

    public static string MbMyCouponsNone => Get();

    public static string MbMyPoints => Get();

    public static string MbNextTier => Get();

    public static string MbNoTier => Get();

    public static string MbPointsBalance => Get();

    public static string MbPointsExpiring => Get();

    public static string MbSendChooseCoupon => Get();

    public static string MbSendChooseTier => Get();

    public static string MbSendCoupon => Get();

    public static string MbSendCouponChoice => Get();

    public static string MbSendTierChoice => Get();

    public static string MbSendTierRequired => Get();

    public static string MbSent => Get();

    public static string MbSignInToClaim => Get();

    public static string MbTier => Get();

    public static string MbTierNotFound => Get();

    public static string MbTiers => Get();

    public static string MbTopTier => Get();
}
