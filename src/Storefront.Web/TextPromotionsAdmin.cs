namespace Storefront.Web;

// The words of the operators' promotion pages (满减/满折, coupons, 限时折扣, flash sales, member tiers, points rules, the
// preview, stats). Keys live in Resources/Text.resx (zh-CN) and Resources/Text.en.resx under "promotions: operators admin";
// they start with Pa (promotions admin).
public static partial class Text
{
    public static string PaCapPercentRule => Get();

    public static string PaCapRule => Get();

    public static string PaCouponAboveMinSpend => Get();

    public static string PaCouponAmount => Get();

    public static string PaDiscountScopeRequired => Get();

    public static string PaEarnRule => Get();

    public static string PaEndAfterStart => Get();

    public static string PaExpiryRule => Get();

    public static string PaFlashDuplicateSku => Get();

    public static string PaFlashItemsCount => Get();

    public static string PaFlashLimitRule => Get();

    public static string PaFlashPriceBelowList => Get();

    public static string PaFlashPriceRule => Get();

    public static string PaFlashQuotaRule => Get();

    public static string PaMinSpendRule => Get();

    public static string PaNameRule => Get();

    public static string PaNotFound => Get();

    public static string PaPerShopperRule => Get();

    public static string PaPointsRule => Get();

    public static string PaPreviewLines => Get();

    public static string PaPreviewQuantity => Get();

    public static string PaPriceRule => Get();

    public static string PaQuantityRule => Get();

    public static string PaRateRule => Get();

    public static string PaRedeemRule => Get();

    public static string PaScopeRequired => Get();

    public static string PaScopeTooMany => Get();

    public static string PaScopeUnknown => Get();

    public static string PaTierAmountOff => Get();

    public static string PaTierMultiplierRule => Get();

    public static string PaTierNameRule => Get();

    public static string PaTierNameTaken => Get();

    public static string PaTierOffBelowThreshold => Get();

    public static string PaTierRateRule => Get();

    public static string PaTierThresholdAmount => Get();

    public static string PaTierThresholdQuantity => Get();

    public static string PaTierThresholdRule => Get();

    public static string PaTierThresholdTaken => Get();

    public static string PaTiersCount => Get();

    public static string PaTiersIncreasing => Get();

    public static string PaTiersMax => Get();

    public static string PaValidDaysRule => Get();

    public static string PaValidityDates => Get();

    public static string PaWindowRule => Get();
}
