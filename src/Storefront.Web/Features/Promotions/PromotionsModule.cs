using Storefront.Web.Features.Promotions.Admin;
using Storefront.Web.Features.Promotions.Coupons;
using Storefront.Web.Features.Promotions.Flash;

namespace Storefront.Web.Features.Promotions;

/// <summary>Order promotions, coupons, item discounts, flash sales, member tiers and points rules; their storefront.</summary>
public static class PromotionsModule
{
    public static IEndpointRouteBuilder MapPromotions(this IEndpointRouteBuilder app, IEndpointRouteBuilder api)
    {
        ListOrderPromotions.Map(api);
        SaveOrderPromotion.Map(api);
        Admin.ListCoupons.Map(api);
        SaveCoupon.Map(api);
        ListItemDiscounts.Map(api);
        SaveItemDiscount.Map(api);
        Admin.ListFlashSales.Map(api);
        SaveFlashSale.Map(api);
        SetPromotionEnabled.Map(api);
        ListMemberTiers.Map(api);
        SaveMemberTier.Map(api);
        PointsRulesSettings.Map(api);
        PreviewPricing.Map(api);
        ListPromotionTargets.Map(api);
        Coupons.ListCoupons.Map(api);
        ClaimCoupon.Map(api);
        MyCoupons.Map(api);
        Flash.ListFlashSales.Map(api);
        ProductPromotionsEndpoint.MapForms(app);
        return app;
    }
}
