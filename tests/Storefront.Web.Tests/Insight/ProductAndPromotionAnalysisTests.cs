using System.Net;
using System.Net.Http.Json;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Storefront.Domain.Catalog;
using Storefront.Domain.Insight;
using Storefront.Domain.Promotions;
using Storefront.Web.Features.Insight.Products;
using Storefront.Web.Features.Insight.Promotions;
using Storefront.Web.Tests.Infrastructure;
using static Storefront.Web.Tests.Infrastructure.ApiAssert;

namespace Storefront.Web.Tests.Insight;

/// <summary>
/// The product and promotion analysis against a hand computation. Fixture (demo, Asia/Shanghai; D1 = 2031-05-09, D2 = 05-10):
/// products A (50.00, 100 units), B (20.00, 5 units), C (never sold); orders on both days, an unpaid order cancelled, a paid
/// order cancelled (its unit refunded), tracked views (one viewer a robot), a coupon claimed twice and used once, and acme's
/// order on the same days, which demo must not count.
/// </summary>
public sealed class ProductAndPromotionAnalysisTests(StorefrontApp app) : IClassFixture<StorefrontApp>
{
    private static DateTimeOffset Utc(int day, int hour, int minute = 0) => new(2031, 5, day, hour, minute, 0, TimeSpan.Zero);

    [Fact]
    public async Task Product_figures_match_a_hand_computation()
    {
        At(Utc(9, 2));                                                  // D1 10:00 in Shanghai
        var merchant = await StaffAsync("merchant@demo.local");
        var owner = await StaffAsync("owner@demo.local");
        var a = await app.SeedSkuAsync("demo", "PA-A", stock: 100, price: 50.00m);
        var b = await app.SeedSkuAsync("demo", "PA-B", stock: 5, price: 20.00m);
        var c = await app.SeedSkuAsync("demo", "PA-C", stock: 10, price: 30.00m);
        var anvil = await app.SeedSkuAsync("acme", "PA-Z", stock: 10, price: 899.00m);
        var shoppers = await app.ShoppersAsync("demo", 2);
        var (s1, s2) = (shoppers[0].Email, shoppers[1].Email);
        var o1 = await app.PlacePendingOrderAsync("demo", s1, a, 2);
        await app.PayAsync("demo", o1);                                 // D1: A ×2, 100.00
        var o2 = await app.PlacePendingOrderAsync("demo", s2, b, 3);
        await app.PayAsync("demo", o2);                                 // D1: B ×3, 60.00
        var o3 = await app.PlacePendingOrderAsync("demo", s2, a);       // never paid, cancelled: counts nowhere
        await JsonAsync(await merchant.PostAsJsonAsync($"/api/v1/admin/orders/{o3}/cancel", new { reason = "买家要求" }));
        await app.PlaceOrderAsync("acme", paid: true, (anvil, 1));     // acme's, not demo's
        At(Utc(9, 16, 30));                                             // D2 00:30
        var o4 = await app.PlacePendingOrderAsync("demo", s1, a);
        await app.PayAsync("demo", o4);                                 // D2: A ×1, 50.00
        var o5 = await app.PlacePendingOrderAsync("demo", s2, b);
        await app.PayAsync("demo", o5);                                 // D2: B ×1, 20.00
        await JsonAsync(await merchant.PostAsJsonAsync($"/api/v1/admin/orders/{o5}/cancel", new { reason = "缺货" }));   // D2: B 1 unit refunded
        var (slugA, slugB) = (await SlugAsync(a), await SlugAsync(b));
        var (v1, v2, robot) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        await ViewAsync("2031-05-09", v1, slugA);
        await ViewAsync("2031-05-10", v1, slugA);
        await ViewAsync("2031-05-10", v2, slugA);
        await ViewAsync("2031-05-09", robot, slugB, bot: true);

        // D1–D2: A 3 units, 150.00, no refund (0 %), 2 viewers (v1 twice), 1 buyer (s1): 50 %. B 4 units, 80.00, 1 refunded (25 %),
        // 0 viewers (the robot is left out), 1 buyer. C sold nothing.
        var result = await app.SendAsync("demo", new GetProductAnalysis.Query { Period = PeriodKind.Last7Days, SlowDays = 1 });
        Assert.Equal((new DateOnly(2031, 5, 4), new DateOnly(2031, 5, 10)), (result.From, result.To));
        var rowA = result.Products.Single(p => p.Name == "商品 PA-A");
        var rowB = result.Products.Single(p => p.Name == "商品 PA-B");
        Assert.Equal((3, 150.00m, 0, 0m, 2, 1, 0.5m), (rowA.Units, rowA.Gmv, rowA.RefundedUnits, rowA.ReturnRate, rowA.Viewers, rowA.Buyers, rowA.Conversion));
        Assert.Equal((4, 80.00m, 1, 0.25m, 0, 1, null),
            (rowB.Units, rowB.Gmv, rowB.RefundedUnits, rowB.ReturnRate, rowB.Viewers, rowB.Buyers, rowB.Conversion));
        Assert.DoesNotContain(result.Products, p => p.Name is "商品 PA-C" or "商品 PA-Z");
        Assert.Equal(["商品 PA-B", "商品 PA-A"], result.TopByUnits.Select(p => p.Name));
        Assert.Equal(["商品 PA-A", "商品 PA-B"], result.TopByGmv.Select(p => p.Name));

        // 动销率: A and B of the listed products; nothing else of demo sold in 2031.
        var listed = await app.InStoreAsync("demo", db => db.Products.CountAsync(p => p.Status == ProductStatus.Listed));
        Assert.Equal((listed, 2, InsightRates.Rate(2, listed)), (result.ListedProducts, result.SellingProducts, result.SellThroughRate));

        // Slow movers over 1 day (D2 only): C (never sold) is one, A and B (sold on D2) are not.
        Assert.Contains(result.SlowMovers, s => s.Name == "商品 PA-C" && s.LastSold is null && s.Stock == 10);
        Assert.DoesNotContain(result.SlowMovers, s => s.Name is "商品 PA-A" or "商品 PA-B");

        // Today (D2) only: A 1 unit, 50.00; B 1 unit, 20.00, and that unit refunded (100 %).
        var today = await app.SendAsync("demo", new GetProductAnalysis.Query { Period = PeriodKind.Today });
        var todayA = today.Products.Single(p => p.Name == "商品 PA-A");
        var todayB = today.Products.Single(p => p.Name == "商品 PA-B");
        Assert.Equal((1, 50.00m, 1, 0.5m), (todayA.Units, todayA.Gmv, todayA.Buyers, todayA.Conversion));   // v1, v2 viewed on D2
        Assert.Equal((1, 20.00m, 1, 1m), (todayB.Units, todayB.Gmv, todayB.RefundedUnits, todayB.ReturnRate));

        // Cover (last 30 days): A sold 3, 97 available → 0.10 a day, 970.0 days; B sold 4, 2 available (5 − 3 held by O2) → 15.0 days.
        var coverA = result.Cover.Single(r => r.Code == "PA-A");
        var coverB = result.Cover.Single(r => r.Code == "PA-B");
        Assert.Equal((97, 3, 0.10m, 970.0m, 0), (coverA.Available, coverA.UnitsLast30, coverA.DailyUnits, coverA.DaysOfCover, coverA.Suggested));
        Assert.Equal((2, 4, 0.13m, 15.0m, 0), (coverB.Available, coverB.UnitsLast30, coverB.DailyUnits, coverB.DaysOfCover, coverB.Suggested));
        Assert.DoesNotContain((await app.SendAsync("demo", new ReorderSuggestions.Query())).Rows, r => r.Code == "PA-B");

        // A lead time of 20 days: B's 15 days are too few; ⌈4 × (20 + 30) / 30⌉ = 7, less 2 available = 5, on the low-stock page's list.
        await JsonAsync(await owner.PutAsJsonAsync("/api/v1/admin/insight/products/lead-days", new { days = 20 }));
        var reorder = await app.SendAsync("demo", new ReorderSuggestions.Query());
        Assert.Equal(20, reorder.LeadDays);
        Assert.Equal(5, reorder.Rows.Single(r => r.Code == "PA-B").Suggested);
        Assert.DoesNotContain(reorder.Rows, r => r.Code == "PA-A");

        // The API and its CSV say the same; acme sees only its own product.
        var csv = await (await owner.GetAsync("/api/v1/admin/insight/products.csv?table=Products&period=Last7Days")).Content.ReadAsStringAsync();
        Assert.Contains("商品 PA-A,3,150.00,0,0.0000,2,1,0.5000", csv);
        Assert.Contains("商品 PA-B,4,80.00,1,0.2500,0,1,", csv);
        var cover = await (await owner.GetAsync("/api/v1/admin/insight/products.csv?table=StockCover&period=Last7Days")).Content.ReadAsStringAsync();
        Assert.Contains("商品 PA-B,PA-B,2,4,0.13,15.0,5", cover);
        var acme = await app.SendAsync("acme", new GetProductAnalysis.Query { Period = PeriodKind.Last7Days });
        Assert.Equal(["商品 PA-Z"], acme.Products.Select(p => p.Name));

        // Recounting from the rows gives what the triggers kept.
        await JsonAsync(await owner.PostAsync("/api/v1/admin/dashboard/rebuild", null));
        var rebuilt = await app.SendAsync("demo", new GetProductAnalysis.Query { Period = PeriodKind.Last7Days, SlowDays = 1 });
        Assert.Equal(result.Products.Where(p => p.Name.StartsWith("商品 PA-", StringComparison.Ordinal)),
            rebuilt.Products.Where(p => p.Name.StartsWith("商品 PA-", StringComparison.Ordinal)));
        await JsonAsync(await owner.PutAsJsonAsync("/api/v1/admin/insight/products/lead-days", new { days = 7 }));
    }

    [Fact]
    public async Task Promotion_figures_match_a_hand_computation()
    {
        At(Utc(20, 2));
        var sku = await app.SeedSkuAsync("demo", "PR-A", stock: 100, price: 50.00m);
        var shoppers = await app.ShoppersAsync("demo", 2);
        var coupon = await app.CouponAsync("demo", "满100减10-PR", total: 100, perShopper: 1);
        var unused = await app.CouponAsync("demo", "未使用-PR", total: 100, perShopper: 1);
        var copies = await app.InStoreAsync("demo", async db =>
        {
            var found = await db.Coupons.SingleAsync(c => c.Id == coupon);
            var issued = shoppers.Select(s => found.IssueTo(s.Id, CouponSource.Claimed, app.Clock.GetUtcNow())).ToList();
            db.ShopperCoupons.AddRange(issued);
            await db.SaveChangesAsync();
            return issued.Select(i => i.Id).ToList();
        });

        // O1 pays with shopper 1's copy (10.00 off), O2 pays without, O3 carries the coupon but is never paid.
        var o1 = await app.PlacePendingOrderAsync("demo", shoppers[0].Email, sku, 2);
        await WithCouponAsync(o1, copies[0], 10.00m);
        await app.PayAsync("demo", o1);
        var o2 = await app.PlacePendingOrderAsync("demo", shoppers[1].Email, sku);
        await app.PayAsync("demo", o2);
        var o3 = await app.PlacePendingOrderAsync("demo", shoppers[1].Email, sku);
        await WithCouponAsync(o3, copies[1], 10.00m);
        var total = await app.InStoreAsync("demo", db => db.Orders.Where(o => o.Number == o1).Select(o => o.Total).SingleAsync());

        // The coupon: 1 paid order, its total, 10.00 off, ROI = total ÷ 10, 2 copies claimed, redemption 1 / 2.
        var result = await app.SendAsync("demo", new GetPromotionAnalysis.Query { Period = PeriodKind.Today });
        var row = result.Rows.Single(r => r.Id == coupon);
        Assert.Equal(("coupon", 1, total, 10.00m, InsightRates.Roi(total, 10.00m), 2, 0.5m),
            (row.Kind, row.Orders, row.Gmv, row.Discount, row.Roi, row.Claimed, row.RedemptionRate));
        var none = result.Rows.Single(r => r.Id == unused);
        Assert.Equal((0, 0m, null, 0, null), (none.Orders, none.Discount, none.Roi, none.Claimed, none.RedemptionRate));
        Assert.Equal(0, (await app.SendAsync("demo", new GetPromotionAnalysis.Query { Period = PeriodKind.Yesterday })).Rows.Single(r => r.Id == coupon)
            .Orders);

        var owner = await StaffAsync("owner@demo.local");
        var csv = await (await owner.GetAsync("/api/v1/admin/insight/promotions.csv?period=Today")).Content.ReadAsStringAsync();
        var roi = InsightRates.Roi(total, 10.00m);
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"优惠券,满100减10-PR,1,0,{total:0.00},10.00,{roi:0.00},2,0.5000"), csv);
        Assert.DoesNotContain((await app.SendAsync("acme", new GetPromotionAnalysis.Query { Period = PeriodKind.Today })).Rows, r => r.Id == coupon);

        await JsonAsync(await owner.PostAsync("/api/v1/admin/dashboard/rebuild", null));
        Assert.Equal(row, (await app.SendAsync("demo", new GetPromotionAnalysis.Query { Period = PeriodKind.Today })).Rows.Single(r => r.Id == coupon));
    }

    [Theory]
    [InlineData("/api/v1/admin/insight/products?slowDays=0", "slowDays")]
    [InlineData("/api/v1/admin/insight/products?from=2031-05-10&to=2031-05-09", "to")]
    [InlineData("/api/v1/admin/insight/promotions?from=2031-05-10", "to")]
    public async Task A_bad_choice_is_a_field_error(string url, string field)
    {
        var problem = await ProblemAsync(await (await StaffAsync("operator@demo.local")).GetAsync(url));

        Assert.NotEmpty(Errors(problem, field));
    }

    [Fact]
    public async Task A_lead_time_out_of_range_is_a_field_error_and_merchants_cannot_read_the_analysis()
    {
        var owner = await StaffAsync("owner@demo.local");
        Assert.NotEmpty(Errors(await ProblemAsync(await owner.PutAsJsonAsync("/api/v1/admin/insight/products/lead-days", new { days = 0 })), "days"));
        var merchant = await StaffAsync("merchant@demo.local");
        Assert.Equal(HttpStatusCode.Forbidden, (await merchant.GetAsync("/api/v1/admin/insight/products")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await merchant.GetAsync("/api/v1/admin/insight/promotions.csv")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await merchant.GetAsync("/api/v1/admin/catalog/reorder-suggestions")).StatusCode);
    }

    private async Task<HttpClient> StaffAsync(string email, string store = "demo")
    {
        var client = app.ClientFor(store);
        await client.SignInStaffAsync(email);
        return client;
    }

    private void At(DateTimeOffset at) => app.Clock.SetUtcNow(at);

    private Task<string> SlugAsync(Guid sku) => app.InStoreAsync("demo", async db =>
    {
        var product = await db.Skus.Where(s => s.Id == sku).Select(s => s.ProductId).SingleAsync();
        return await db.Products.Where(p => p.Id == product).Select(p => p.Slug).SingleAsync();
    });

    /// <summary>A product view as the visit writer stores it (the event; the visitor's day row, marked a robot when so).</summary>
    private Task<int> ViewAsync(string day, Guid visitor, string slug, bool bot = false) => app.InStoreAsync("demo", async db =>
    {
        var store = db.TenantId!.Value;
        var on = DateOnly.Parse(day, CultureInfo.InvariantCulture);
        await db.Database.ExecuteSqlAsync($"""
            insert into visit_events (tenant_id, at, day, visitor_id, kind, page_kind, product_slug, source, medium)
            values ({store}, now(), {on}, {visitor}, 'ProductView', 'Product', {slug}, '(direct)', '(none)')
            """);
        return await db.Database.ExecuteSqlAsync($"""
            insert into visit_visitor_days (tenant_id, day, visitor_id, source, medium, first_at, page_views, product_views, bot)
            values ({store}, {on}, {visitor}, '(direct)', '(none)', now(), 1, 1, {bot})
            on conflict (tenant_id, day, visitor_id) do update set product_views = visit_visitor_days.product_views + 1
            """);
    });

    /// <summary>Puts the shopper's coupon copy on a pending order as the pricing engine records it (an order-level adjustment).</summary>
    private Task<int> WithCouponAsync(string number, Guid copy, decimal amount) => app.InStoreAsync("demo", db =>
    {
        var adjustments = $$"""[{"kind":"coupon","label":"优惠券","amount":{{amount.ToString(CultureInfo.InvariantCulture)}},"sourceId":"{{copy}}"}]""";
        return db.Database.ExecuteSqlAsync($"update orders set adjustments = {adjustments}::jsonb where number = {number}");
    });
}
