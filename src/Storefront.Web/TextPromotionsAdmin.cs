namespace Storefront.Web;

// The words of the operators' promotion pages (满减/满折, coupons, 限时折扣, flash sales, member tiers, points rules, the
// preview, stats). Keys live in Resources/Text.resx (zh-CN) and Resources/Text.en.resx under "promotions: operators admin";
// they start with Pa (promotions admin).
public static partial class Text
{
    public static string PaAddSku => Get();

    public static string PaAddTier => Get();

    public static string PaCap => Get();

    public static string PaCapPercentRule => Get();

    public static string PaCapRule => Get();

    public static string PaClaimable => Get();

    public static string PaCouponAboveMinSpend => Get();

    public static string PaCouponAmount => Get();

    public static string PaCouponKindAmount => Get();

    public static string PaCouponKindRate => Get();

    public static string PaCouponValueAmount => Get();

    public static string PaCouponValueRate => Get();

    public static string PaCoupons => Get();

    public static string PaDaysFromClaim => Get();

    public static string PaDisable => Get();

    public static string PaDisabled => Get();

    public static string PaDiscountCovers => Get();

    public static string PaDiscountKindPrice => Get();

    public static string PaDiscountKindRate => Get();

    public static string PaDiscountPrice => Get();

    public static string PaDiscountScopeRequired => Get();

    public static string PaEarnPerYuan => Get();

    public static string PaEarnRule => Get();

    public static string PaEditCoupon => Get();

    public static string PaEditFlashSale => Get();

    public static string PaEditItemDiscount => Get();

    public static string PaEditOrderPromotion => Get();

    public static string PaEditTier => Get();

    public static string PaEnable => Get();

    public static string PaEnabled => Get();

    public static string PaEndAfterStart => Get();

    public static string PaEndsAt => Get();

    public static string PaExclusive => Get();

    public static string PaExpiryRule => Get();

    public static string PaExpiryYears => Get();

    public static string PaFlashDuplicateSku => Get();

    public static string PaFlashItems => Get();

    public static string PaFlashItemsCount => Get();

    public static string PaFlashLimit => Get();

    public static string PaFlashLimitEach => Get();

    public static string PaFlashLimitRule => Get();

    public static string PaFlashPrice => Get();

    public static string PaFlashPriceBelowList => Get();

    public static string PaFlashPriceRule => Get();

    public static string PaFlashQuota => Get();

    public static string PaFlashQuotaRule => Get();

    public static string PaFlashSales => Get();

    public static string PaFlashSoldOf => Get();

    public static string PaForNewMembers => Get();

    public static string PaFreeShipping => Get();

    public static string PaGrowthThreshold => Get();

    public static string PaGrowthWindow => Get();

    public static string PaHowToGet => Get();

    public static string PaIssuedUsed => Get();

    public static string PaItemDiscounts => Get();

    public static string PaKind => Get();

    public static string PaKindAmountOff => Get();

    public static string PaKindRate => Get();

    public static string PaMemberCount => Get();

    public static string PaMemberRate => Get();

    public static string PaMemberRateHint => Get();

    public static string PaMembers => Get();

    public static string PaMinSpend => Get();

    public static string PaMinSpendRule => Get();

    public static string PaName => Get();

    public static string PaNameRule => Get();

    public static string PaNewCoupon => Get();

    public static string PaNewFlashSale => Get();

    public static string PaNewItemDiscount => Get();

    public static string PaNewOrderPromotion => Get();

    public static string PaNewTier => Get();

    public static string PaNone => Get();

    public static string PaNotFound => Get();

    public static string PaOrderPromotions => Get();

    public static string PaPerShopperLimit => Get();

    public static string PaPerShopperRule => Get();

    public static string PaPeriod => Get();

    public static string PaPointsMultiplier => Get();

    public static string PaPointsRule => Get();

    public static string PaPointsRules => Get();

    public static string PaPointsSaved => Get();

    public static string PaPreview => Get();

    public static string PaPreviewAt => Get();

    public static string PaPreviewCart => Get();

    public static string PaPreviewCoupon => Get();

    public static string PaPreviewDiscounts => Get();

    public static string PaPreviewHint => Get();

    public static string PaPreviewLines => Get();

    public static string PaPreviewNoCoupon => Get();

    public static string PaPreviewNoTier => Get();

    public static string PaPreviewPaid => Get();

    public static string PaPreviewPointsBalance => Get();

    public static string PaPreviewPointsToUse => Get();

    public static string PaPreviewPointsUsed => Get();

    public static string PaPreviewQty => Get();

    public static string PaPreviewQuantity => Get();

    public static string PaPreviewResultAt => Get();

    public static string PaPreviewRun => Get();

    public static string PaPreviewShipping => Get();

    public static string PaPreviewSubtotal => Get();

    public static string PaPreviewTier => Get();

    public static string PaPreviewTotal => Get();

    public static string PaPreviewUnitPrice => Get();

    public static string PaPriceRule => Get();

    public static string PaQuantityRule => Get();

    public static string PaRateRule => Get();

    public static string PaRedeemCap => Get();

    public static string PaRedeemPerYuan => Get();

    public static string PaRedeemRule => Get();

    public static string PaRemoveTier => Get();

    public static string PaRules => Get();

    public static string PaSaved => Get();

    public static string PaScope => Get();

    public static string PaScopeCategories => Get();

    public static string PaScopeProducts => Get();

    public static string PaScopeRequired => Get();

    public static string PaScopeStore => Get();

    public static string PaScopeTooMany => Get();

    public static string PaScopeUnknown => Get();

    public static string PaSku => Get();

    public static string PaSkus => Get();

    public static string PaStackable => Get();

    public static string PaStacksWithCoupons => Get();

    public static string PaStartsAt => Get();

    public static string PaState => Get();

    public static string PaStateEnded => Get();

    public static string PaStateLive => Get();

    public static string PaStateOff => Get();

    public static string PaStateOn => Get();

    public static string PaStateScheduled => Get();

    public static string PaStats => Get();

    public static string PaStatsDiscount => Get();

    public static string PaStatsGmv => Get();

    public static string PaStatsHint => Get();

    public static string PaStatsOrders => Get();

    public static string PaStatsOrdersUsed => Get();

    public static string PaStatsUnits => Get();

    public static string PaThresholdAmount => Get();

    public static string PaThresholdKind => Get();

    public static string PaThresholdQuantity => Get();

    public static string PaTierAmountOff => Get();

    public static string PaTierMultiplierRule => Get();

    public static string PaTierName => Get();

    public static string PaTierNameRule => Get();

    public static string PaTierNameTaken => Get();

    public static string PaTierOff => Get();

    public static string PaTierOffBelowThreshold => Get();

    public static string PaTierRate => Get();

    public static string PaTierRateRule => Get();

    public static string PaTierSpend => Get();

    public static string PaTierThresholdAmount => Get();

    public static string PaTierThresholdQuantity => Get();

    public static string PaTierThresholdRule => Get();

    public static string PaTierThresholdTaken => Get();

    public static string PaTierUnits => Get();

    public static string PaTiers => Get();

    public static string PaTiersCount => Get();

    public static string PaTiersHintAmountOff => Get();

    public static string PaTiersHintRate => Get();

    public static string PaTiersIncreasing => Get();

    public static string PaTiersMax => Get();

    public static string PaTiersTitle => Get();

    public static string PaTimeRule => Get();

    public static string PaTotalQuantity => Get();

    public static string PaValidDays => Get();

    public static string PaValidDaysRule => Get();

    public static string PaValidFrom => Get();

    public static string PaValidUntil => Get();

    public static string PaValidity => Get();

    public static string PaValidityDates => Get();

    public static string PaValidityDays => Get();

    public static string PaValidityFixed => Get();

    public static string PaWindowRule => Get();
}
