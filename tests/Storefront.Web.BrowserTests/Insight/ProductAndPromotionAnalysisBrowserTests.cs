using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Storefront.Domain.Insight;
using Storefront.Domain.Promotions;
using Storefront.Web.BrowserTests.Infrastructure;
using Storefront.Web.Components;
using Storefront.Web.Features.Insight.Products;
using Storefront.Web.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Storefront.Web.BrowserTests.Insight;

/// <summary>An operator (desktop) chooses a period on the product and the promotion analysis, reads the figures and exports CSV.</summary>
public sealed class ProductAndPromotionAnalysisBrowserTests(BrowserApp app) : BrowserTest(app), IClassFixture<BrowserApp>
{
    /// <summary>The suite's desktop, taking the CSV downloads.</summary>
    private static BrowserNewContextOptions Desktop
    {
        get
        {
            var desktop = Devices.Desktop;
            desktop.AcceptDownloads = true;
            return desktop;
        }
    }

    [Fact]
    public Task Operator_chooses_a_period_reads_the_product_figures_and_exports_csv() => InBrowserAsync(Desktop, async page =>
    {
        var code = "PAB-" + Guid.NewGuid().ToString("N")[..6];
        var sku = await App.SeedSkuAsync("demo", code, stock: 10, price: 40.00m);
        await App.PlaceOrderAsync("demo", paid: true, (sku, 3));      // paid today: 3 units, 120.00
        var week = await App.SendAsync("demo", new GetProductAnalysis.Query { Period = PeriodKind.Last7Days });
        var mine = week.Products.Single(p => p.Name == "商品 " + code);
        Assert.Equal((3, 120.00m), (mine.Units, mine.Gmv));

        await SignInStaffAsync(page, "demo", "operator@demo.local");
        await page.GotoAsync(App.Url("demo", "/admin/insight/products"));
        await Expect(page.Locator("[data-testid=product-analysis][data-interactive=true]")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await page.GetByTestId("period-Last7Days").ClickAsync();
        await Expect(page.GetByTestId("period-shown")).ToContainTextAsync(
            $"{week.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)} 至 {week.To.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}");
        var row = page.Locator($"[data-testid=product-row][data-product='{mine.ProductId}']");
        await Expect(row.GetByTestId("units")).ToHaveTextAsync("3");
        await Expect(row.GetByTestId("gmv")).ToHaveTextAsync(Money.Format(120.00m, "CNY"));
        var cover = week.Cover.Single(c => c.Code == code).DaysOfCover!.Value.ToString("0.0", CultureInfo.InvariantCulture);
        await Expect(page.Locator($"[data-testid=cover-row][data-sku='{code}']").GetByTestId("days-of-cover")).ToHaveTextAsync(cover);

        await Expect(page.GetByTestId("products-csv"))
            .ToHaveAttributeAsync("href", "/api/v1/admin/insight/products.csv?table=Products&period=Last7Days&slowDays=30");
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("products-csv").ClickAsync());
        var csv = await File.ReadAllTextAsync(await download.PathAsync());
        Assert.Contains($"商品 {code},3,120.00,0,0.0000,", csv);
    });

    [Fact]
    public Task Operator_chooses_a_period_reads_the_promotion_figures_and_exports_csv() => InBrowserAsync(Desktop, async page =>
    {
        var name = "营销分析券-" + Guid.NewGuid().ToString("N")[..6];
        var coupon = await App.CouponAsync("demo", name, total: 100, perShopper: 1);
        var shoppers = await App.ShoppersAsync("demo", 2);
        await App.InStoreAsync("demo", async db =>
        {
            var found = await db.Coupons.SingleAsync(c => c.Id == coupon);
            db.ShopperCoupons.AddRange(shoppers.Select(s => found.IssueTo(s.Id, CouponSource.Claimed, App.Clock.GetUtcNow())));
            return await db.SaveChangesAsync();
        });

        await SignInStaffAsync(page, "demo", "operator@demo.local");
        await page.GotoAsync(App.Url("demo", "/admin/insight/promotions"));
        await Expect(page.Locator("[data-testid=promotion-analysis][data-interactive=true]")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await page.GetByTestId("period-Today").ClickAsync();
        await Expect(page.GetByTestId("period-Today")).ToHaveAttributeAsync("aria-pressed", "true");
        var row = page.Locator($"[data-testid=promotion-row][data-id='{coupon}']");
        await Expect(row).ToContainTextAsync(name);
        await Expect(row.GetByTestId("claimed")).ToHaveTextAsync("2");
        await Expect(row.GetByTestId("redemption")).ToHaveTextAsync("0.00 %");

        await Expect(page.GetByTestId("promotions-csv")).ToHaveAttributeAsync("href", "/api/v1/admin/insight/promotions.csv?period=Today");
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("promotions-csv").ClickAsync());
        var csv = await File.ReadAllTextAsync(await download.PathAsync());
        Assert.Contains($"优惠券,{name},0,0,0.00,0.00,,2,0.0000", csv);
    });
}
