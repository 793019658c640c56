using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Storefront.Domain.Members;
using Storefront.Domain.Pricing;
using Storefront.Web.Tests.Infrastructure;
using Storefront.Web.Tests.Ordering;
using Storefront.Web.Tests.Promotions;

namespace Storefront.Web.Tests.CrossCutting.Web;

/// <summary>
/// Under English every shopper page speaks English: the only Chinese left is the store's own data (product, category,
/// store, promotion and tier names, addresses), found by comparing with what the database holds, the official 省/市/区 names
/// in the address pickers, and the language switch's 中文 (a language named in itself). A signed-in member with points, a 满减,
/// a coupon, a flash sale, a cart and an order makes every label show: 会员价, 积分抵扣, the 满减 hint, the discounts of the order,
/// the flash sale's limit note and an unusable coupon's reason.
/// </summary>
public sealed partial class EnglishPagesTests(StorefrontApp app) : IClassFixture<StorefrontApp>
{
    [GeneratedRegex(@"\p{IsCJKUnifiedIdeographs}+")]
    private static partial Regex Han();

    [Fact]
    public async Task Every_shopper_page_in_English_shows_Chinese_only_in_the_stores_own_data()
    {
        var id = Guid.NewGuid().ToString("N")[..8];
        var category = "en-" + id;
        var categoryId = await app.CategoryAsync("demo", "英文分类", category);
        var (sku, product) = await app.PricedSkuAsync("英文测试耳机", 300m, 20, categoryId);
        var slug = await app.InStoreAsync("demo", db => db.Products.Where(p => p.Id == product).Select(p => p.Slug).SingleAsync());
        await app.FullReductionAsync("英文满减", ScopeKind.Products, [product], (200m, 30m), (1000m, 200m));
        var flashSku = (await app.PricedSkuAsync("英文秒杀商品", 99m, 5)).SkuId;
        await app.FlashItemAsync(flashSku, 59m, 10, 1);
        await app.CouponAsync("demo", "英文券", 100, 1, minSpend: 100m);
        var farCoupon = await app.CouponAsync("demo", "英文大额券", 100, 1, minSpend: 100_000m);
        await app.InStoreAsync("demo", async db =>
        {
            db.MemberTiers.Add(MemberTier.Create(db.TenantId!.Value, new MemberTierDraft("黄金", 0m, 0.95m, false, 1m), app.Clock.GetUtcNow()));
            return await db.SaveChangesAsync();
        });
        var (client, shopper) = await app.NewShopperAsync();
        await app.InStoreAsync("demo", async db =>
        {
            var now = app.Clock.GetUtcNow();
            if (!await db.MemberAccounts.AnyAsync(a => a.ShopperId == shopper))
            {
                db.MemberAccounts.Add(MemberAccount.Open(db.TenantId!.Value, shopper, now));
            }

            db.PointsEntries.Add(PointsEntry.Create(db.TenantId!.Value, shopper, PointsEntryKind.Adjusted, 5000, null, "seed",
                MemberProgramme.Default.ExpiryFor(now), now));
            await db.SaveChangesAsync();
            return await db.Database.ExecuteSqlAsync($"update member_accounts set points_balance = 5000 where shopper_id = {shopper}");
        });
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/culture?c=en&returnUrl=/")).StatusCode);

        // An order with 满减, member price and points, then a cart for the cart and checkout pages.
        await app.AddToCartAsync("demo", shopper, sku, 1);
        var placed = await client.PlaceOrderAsync(Guid.NewGuid().ToString("N"), new { address = CheckoutSeed.InlineAddress, points = 1000 });
        Assert.Equal(HttpStatusCode.Created, placed.StatusCode);
        var number = (await placed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("number").GetString();
        await app.AddToCartAsync("demo", shopper, sku, 1);
        // Two at a flash price limited to one a shopper (the line's note), and a coupon the cart is far from (its reason).
        await app.AddToCartAsync("demo", shopper, flashSku, 2);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"/api/v1/coupons/{farCoupon}/claim", null)).StatusCode);

        var data = await StoreDataAsync();
        string[] routes =
        [
            "/", "/categories", $"/c/{category}", $"/search?category={category}", $"/p/{slug}", $"/promotions/product/{slug}", "/cart",
            "/checkout?points=500", "/coupons", "/flash", "/account", "/account/addresses", "/account/coupons", "/account/points",
            "/account/password", "/orders", $"/orders/{number}", "/aftersales", "/complaints",
        ];
        var found = new List<string>();
        foreach (var route in routes)
        {
            var response = await client.GetAsync(route);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{route}: {(int)response.StatusCode}");
            var page = Forms.Parse(await response.Content.ReadAsStringAsync());
            // The 省/市/区 lists name the official divisions, which exist in Chinese only (reference data, like the store's).
            foreach (var element in page.QuerySelectorAll("script, style, template, title, [data-division] option").ToList())
            {
                element.Remove();
            }

            var text = Regex.Replace(page.Body?.TextContent ?? "", @"\s+", " ");
            foreach (var run in data)
            {
                text = text.Replace(run, " ", StringComparison.Ordinal);
            }

            text = text.Replace("中文", " ", StringComparison.Ordinal);
            found.AddRange(Han().Matches(text).Select(m => $"{route}: …{text[Math.Max(0, m.Index - 30)..Math.Min(text.Length, m.Index + m.Length + 30)]}…"));
        }

        Assert.True(found.Count == 0, "Chinese under English:\n" + string.Join("\n", found));

        // The flash sale's note and the far coupon's reason by name: the scan cannot see words the store's data happens to share.
        var cart = Forms.Parse(await client.GetStringAsync("/cart"));
        Assert.Contains("Flash sale: limit 1 per shopper; beyond it the regular price applies. Change to 1 to get the flash price.",
            cart.QuerySelectorAll("[data-testid=line-promotion-note]").Select(e => e.TextContent.Trim()));
        var checkout = Forms.Parse(await client.GetStringAsync("/checkout"));
        Assert.Contains(checkout.QuerySelectorAll("[data-testid=coupon-reason]"),
            e => e.TextContent.StartsWith("Usable from ¥100000.00 of eligible items; ¥", StringComparison.Ordinal));
    }

    /// <summary>Every run of Chinese characters in the store's own data (names, descriptions, specs, addresses), longest first.</summary>
    private Task<List<string>> StoreDataAsync() => app.InStoreAsync("demo", async db =>
    {
        // Not the discounts an order keeps: their labels are the words under test.
        const string Rows = """
            select (to_jsonb(t) - 'adjustments')::text as "Value" from stores t
            union all select (to_jsonb(t) - 'adjustments')::text as "Value" from products t
            union all select (to_jsonb(t) - 'adjustments')::text as "Value" from skus t
            union all select (to_jsonb(t) - 'adjustments')::text as "Value" from categories t
            union all select (to_jsonb(t) - 'adjustments')::text as "Value" from order_promotions t
            union all select (to_jsonb(t) - 'adjustments')::text as "Value" from coupons t
            union all select (to_jsonb(t) - 'adjustments')::text as "Value" from flash_sales t
            union all select (to_jsonb(t) - 'adjustments')::text as "Value" from member_tiers t
            union all select (to_jsonb(t) - 'adjustments')::text as "Value" from shoppers t
            union all select (to_jsonb(t) - 'adjustments')::text as "Value" from shopper_addresses t
            union all select (to_jsonb(t) - 'adjustments')::text as "Value" from orders t
            union all select (to_jsonb(t) - 'adjustments')::text as "Value" from order_lines t
            union all select (to_jsonb(t) - 'adjustments')::text as "Value" from shipping_templates t
            union all select (to_jsonb(t) - 'adjustments')::text as "Value" from search_counts t
            """;
        var rows = await db.Database.SqlQueryRaw<string>(Rows).ToListAsync();
        return rows.SelectMany(r => Han().Matches(r).Select(m => m.Value)).Distinct().OrderByDescending(r => r.Length).ToList();
    });
}
