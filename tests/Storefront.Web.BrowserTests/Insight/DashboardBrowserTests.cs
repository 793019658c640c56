using System.Globalization;
using Storefront.Domain.Insight;
using Storefront.Web.BrowserTests.Infrastructure;
using Storefront.Web.Components;
using Storefront.Web.Features.Insight;
using Storefront.Web.Features.Settings;
using Storefront.Web.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Storefront.Web.BrowserTests.Insight;

/// <summary>The owner's admin home (desktop): the dashboard's figures, switching the period, a definition; the store's time zone.</summary>
public sealed class DashboardBrowserTests(BrowserApp app) : BrowserTest(app), IClassFixture<BrowserApp>
{
    [Fact]
    public Task Owner_reads_the_dashboard_switches_the_period_and_opens_a_definition() => InBrowserAsync(async page =>
    {
        var sku = await App.SeedSkuAsync("demo", "DASH-1", price: 88.00m);
        await App.PlaceOrderAsync("demo", paid: true, (sku, 2));   // paid today (16:00 in Shanghai): 176.00
        var today = await App.SendAsync("demo", new GetDashboard.Query { Period = PeriodKind.Today });
        var week = await App.SendAsync("demo", new GetDashboard.Query { Period = PeriodKind.Last7Days });
        Assert.True(today.Current.Gmv >= 176.00m);

        await SignInStaffAsync(page, "demo", "owner@demo.local");
        await page.GotoAsync(App.Url("demo", "/admin"));
        await Expect(page.Locator("[data-testid=dashboard][data-interactive=true]")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(page.GetByTestId("value-gmv")).ToHaveTextAsync(Money.Format(today.Current.Gmv, "CNY"));
        await Expect(page.GetByTestId("value-paid-orders")).ToHaveTextAsync(today.Current.PaidOrders.ToString("N0", CultureInfo.InvariantCulture));
        await Expect(page.GetByTestId("value-visitors")).ToHaveTextAsync(today.Visitors.UniqueVisitors!.Value.ToString("N0", CultureInfo.InvariantCulture));

        await page.GetByTestId("period-Last7Days").ClickAsync();
        await Expect(page.GetByTestId("period-shown")).ToContainTextAsync(
            $"{week.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)} 至 {week.To.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}");
        await Expect(page.GetByTestId("value-gmv")).ToHaveTextAsync(Money.Format(week.Current.Gmv, "CNY"));

        await Expect(page.GetByTestId("definition")).ToHaveCountAsync(0);
        await page.GetByTestId("define-aov").ClickAsync();
        await Expect(page.GetByTestId("definition")).ToContainTextAsync("支付金额 ÷ 支付订单数");

        await page.GetByTestId("chart-paid-orders").ClickAsync();
        await Expect(page.GetByTestId("trend-title")).ToContainTextAsync("支付订单数");
        await Expect(page.GetByTestId("trend").Locator("svg").First).ToBeVisibleAsync();
    });

    [Fact]
    public Task Owner_changes_the_time_zone_and_the_order_page_follows() => InBrowserAsync(async page =>
    {
        var sku = await App.SeedSkuAsync("demo", "TZB-1");
        var number = await App.PlaceOrderAsync("demo", paid: true, (sku, 1));   // placed 2026-11-23 08:00 UTC
        await SignInStaffAsync(page, "demo", "owner@demo.local");
        await page.GotoAsync(App.Url("demo", $"/admin/orders/{number}"));
        await Expect(page.GetByTestId("order-placed-at")).ToHaveTextAsync("2026-11-23 16:00");

        try
        {
            await page.Locator("[data-nav=\"/admin/settings/store\"]").ClickAsync();
            await Expect(page.Locator("form[data-interactive=true]:has([data-testid=save-settings])")).ToBeVisibleAsync(new() { Timeout = 30_000 });
            await page.GetByTestId("time-zone").ClickAsync();
            await page.Locator(".rz-dropdown-item", new() { HasText = "America/New_York" }).ClickAsync();
            await page.GetByTestId("save-settings").ClickAsync();
            await Expect(page.GetByTestId("settings-saved")).ToBeVisibleAsync();

            await page.GotoAsync(App.Url("demo", $"/admin/orders/{number}"));
            await Expect(page.GetByTestId("order-placed-at")).ToHaveTextAsync("2026-11-23 03:00");   // EST, UTC−5
        }
        finally
        {
            await App.SendAsync("demo", new StoreSettings.Update { TimeZone = "Asia/Shanghai" });
        }
    });
}
