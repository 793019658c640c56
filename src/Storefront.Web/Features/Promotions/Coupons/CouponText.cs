using System.Globalization;
using Storefront.Domain.Pricing;
using Storefront.Domain.Promotions;
using Storefront.Web.Components;
using Storefront.Web.Infrastructure.Tenancy;

namespace Storefront.Web.Features.Promotions.Coupons;

/// <summary>How a coupon reads on the storefront: its face (¥10 / 9折), its condition, scope and validity.</summary>
public static class CouponText
{
    public static string Face(CouponKind kind, decimal value, string currency) => kind == CouponKind.Amount
        ? Money.Format(value, currency)
        : string.Format(
            CultureInfo.CurrentCulture, PromotionsText.CouponRate, (value * 10).ToString("0.#", CultureInfo.InvariantCulture),
            (100 - value * 100).ToString("0.#", CultureInfo.InvariantCulture));

    public static string Condition(decimal minSpend, decimal? cap, string currency)
    {
        var condition = minSpend > 0
            ? string.Format(CultureInfo.CurrentCulture, PromotionsText.CouponMinSpend, Money.Format(minSpend, currency))
            : PromotionsText.CouponNoMinimum;
        return cap is { } c ? condition + " · " + string.Format(CultureInfo.CurrentCulture, PromotionsText.CouponCap, Money.Format(c, currency)) : condition;
    }

    public static string Scope(ScopeKind scope) => scope switch
    {
        ScopeKind.Store => PromotionsText.CouponScopeStore,
        ScopeKind.Categories => PromotionsText.CouponScopeCategories,
        _ => PromotionsText.CouponScopeProducts,
    };

    public static string Validity(StoreInfo? store, CouponValidity validity, DateTimeOffset? from, DateTimeOffset? until, int? days) =>
        validity == CouponValidity.FixedDates
            ? $"{StoreTime.Format(store, from)} – {StoreTime.Format(store, until)}"
            : string.Format(CultureInfo.CurrentCulture, PromotionsText.CouponValidDays, days);
}
