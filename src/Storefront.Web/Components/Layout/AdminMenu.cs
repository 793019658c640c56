using System.Reflection;
using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;

namespace Storefront.Web.Components.Layout;

/// <summary>
/// The admin area's left navigation: the dashboard as home, then the groups merchants know (商品 / 订单 / 营销 / 会员 / 售后 /
/// 数据 / 设置). Which links a person sees is not listed here: each link is shown only when its page's own [Authorize]
/// (found through the page's @page route) admits them, the same check the router makes when the page opens. A link whose
/// page this build does not have (the audit viewer before it lands) is not shown.
/// </summary>
public static class AdminMenu
{
    public sealed record Entry(string Href, Func<string> Label);

    public sealed record Group(string Key, Func<string> Label, IReadOnlyList<Entry> Entries);

    public const string Home = "/admin";

    public static IReadOnlyList<Group> Groups { get; } =
    [
        new("catalog", () => AdminNavText.Group_Catalog,
        [
            new("/admin/products", () => AdminNavText.Products),
            new("/admin/categories", () => AdminNavText.Categories),
            new("/admin/stock", () => AdminNavText.Stock),
            new("/admin/products/import", () => AdminNavText.Import),
        ]),
        new("orders", () => AdminNavText.Group_Orders,
        [
            new("/admin/orders", () => AdminNavText.Orders),
            new("/admin/shipping-templates", () => AdminNavText.ShippingTemplates),
            new("/admin/orders/risk-review", () => AdminNavText.RiskReview),
        ]),
        new("marketing", () => AdminNavText.Group_Marketing,
        [
            new("/admin/promotions", () => AdminNavText.OrderPromotions),
            new("/admin/promotions/coupons", () => AdminNavText.Coupons),
            new("/admin/promotions/discounts", () => AdminNavText.ItemDiscounts),
            new("/admin/promotions/flash-sales", () => AdminNavText.FlashSales),
            new("/admin/promotions/preview", () => AdminNavText.Preview),
            new("/admin/search-synonyms", () => AdminNavText.Synonyms),
        ]),
        new("members", () => AdminNavText.Group_Members,
        [
            new("/admin/members", () => AdminNavText.Members),
            new("/admin/promotions/members", () => AdminNavText.MemberTiers),
        ]),
        new("aftersales", () => AdminNavText.Group_AfterSales,
        [
            new("/admin/aftersales", () => AdminNavText.Cases),
            new("/admin/complaints", () => AdminNavText.Complaints),
            new("/admin/reviews", () => AdminNavText.Reviews),
        ]),
        new("data", () => AdminNavText.Group_Data,
        [
            new("/admin/insight/products", () => AdminNavText.ProductAnalysis),
            new("/admin/insight/promotions", () => AdminNavText.PromotionStats),
            new("/admin/insight/customers", () => AdminNavText.CustomerAnalysis),
            new("/admin/funnel", () => AdminNavText.Funnel),
        ]),
        new("settings", () => AdminNavText.Group_Settings,
        [
            new("/admin/staff", () => AdminNavText.Staff),
            new("/admin/settings/store", () => AdminNavText.StoreSettings),
            new("/admin/settings/ordering", () => AdminNavText.OrderingSettings),
            new("/admin/settings/risk", () => AdminNavText.RiskSettings),
            new("/admin/settings/recommendations", () => AdminNavText.Recommendations),
            new("/admin/settings/privacy", () => AdminNavText.PrivacyPolicy),
            new("/admin/settings/aftersales", () => AdminNavText.AfterSalesSettings),
            new("/admin/audit", () => AdminNavText.Audit),
            new("/admin/password", () => AdminNavText.Password),
        ]),
    ];

    /// <summary>Routed components by their literal route templates (case-insensitive, as the router matches).</summary>
    private static readonly Lazy<IReadOnlyDictionary<string, Type>> Pages = new(() => typeof(AdminMenu).Assembly.GetTypes()
        .Where(t => typeof(IComponent).IsAssignableFrom(t))
        .SelectMany(t => t.GetCustomAttributes<RouteAttribute>().Select(r => (r.Template, Page: t)))
        .GroupBy(r => r.Template, StringComparer.OrdinalIgnoreCase)
        .ToDictionary(g => g.Key, g => g.First().Page, StringComparer.OrdinalIgnoreCase));

    /// <summary>The page a link opens, or null when this build has none at that address.</summary>
    public static Type? PageOf(string href) => Pages.Value.GetValueOrDefault(href);

    /// <summary>The groups with only the links this person may open; groups left empty are dropped. Home first.</summary>
    public static async Task<(bool Home, IReadOnlyList<Group> Groups)> VisibleAsync(
        ClaimsPrincipal user, IAuthorizationPolicyProvider policies, IAuthorizationService authorization)
    {
        var groups = new List<Group>();
        foreach (var group in Groups)
        {
            var entries = new List<Entry>();
            foreach (var entry in group.Entries)
            {
                if (await MayOpenAsync(entry.Href, user, policies, authorization))
                {
                    entries.Add(entry);
                }
            }

            if (entries.Count > 0)
            {
                groups.Add(group with { Entries = entries });
            }
        }

        return (await MayOpenAsync(Home, user, policies, authorization), groups);
    }

    /// <summary>
    /// What AuthorizeRouteView decides for the page at <paramref name="href"/>: its [Authorize] data combined into one policy
    /// and evaluated for the user. [AllowAnonymous] or no [Authorize] admits everyone.
    /// </summary>
    public static async Task<bool> MayOpenAsync(string href, ClaimsPrincipal user, IAuthorizationPolicyProvider policies, IAuthorizationService authorization)
    {
        if (PageOf(href) is not { } page)
        {
            return false;
        }

        if (page.IsDefined(typeof(AllowAnonymousAttribute), inherit: true))
        {
            return true;
        }

        var data = page.GetCustomAttributes(inherit: true).OfType<IAuthorizeData>().ToArray();
        var policy = data.Length == 0 ? null : await AuthorizationPolicy.CombineAsync(policies, data);
        return policy is null || (await authorization.AuthorizeAsync(user, resource: null, policy)).Succeeded;
    }
}
