namespace Storefront.Web;

// The words of cart and checkout pricing (promotions, coupons, points) and its refusals. Keys live in Resources/Text.resx
// (zh-CN) and Resources/Text.en.resx under "promotions: cart and checkout pricing"; they start with Pr.
public static partial class Text
{
    public static string PrCartCouponApplied => Get();

    public static string PrCartCouponRecommended => Get();

    public static string PrCartDiscount => Get();

    public static string PrCartTotal => Get();

    public static string PrCoupon => Get();

    public static string PrCouponApply => Get();

    public static string PrCouponBest => Get();

    public static string PrCouponInvalid => Get();

    public static string PrCouponNone => Get();

    public static string PrCouponProblem => Get();

    public static string PrCouponRecommended => Get();

    public static string PrCouponSaving => Get();

    public static string PrCouponTaken => Get();

    public static string PrCouponUntil => Get();

    public static string PrDiscounts => Get();

    public static string PrFlashLimit => Get();

    public static string PrFlashSoldOut => Get();

    public static string PrMemberTier => Get();

    public static string PrOrderCoupon => Get();

    public static string PrPoints => Get();

    public static string PrPointsBalance => Get();

    public static string PrPointsInvalid => Get();

    public static string PrPointsMoreThanHeld => Get();

    public static string PrPointsNone => Get();

    public static string PrPointsShort => Get();

    public static string PrPointsUse => Get();

    public static string PrPointsUseMax => Get();

    public static string PrPointsUsed => Get();

    public static string PrShippingWaived => Get();
}
