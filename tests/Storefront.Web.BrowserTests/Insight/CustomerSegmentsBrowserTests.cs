using Microsoft.EntityFrameworkCore;
using Storefront.Domain.Insight;
using Storefront.Web.BrowserTests.Infrastructure;
using Storefront.Web.Features.Insight.Customers;
using Storefront.Web.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Storefront.Web.BrowserTests.Insight;

/// <summary>
/// An operator (desktop) reads the RFM groups, opens one, sees its buyers with masked phones, raises a threshold and sends the
/// group a coupon.
/// </summary>
public sealed class CustomerSegmentsBrowserTests(BrowserApp app) : BrowserTest(app), IClassFixture<BrowserApp>
{
    [Fact]
    public Task Operator_opens_a_segment_changes_a_threshold_and_sends_the_segment_a_coupon() => InBrowserAsync(async page =>
    {
        var code = "RFM-" + Guid.NewGuid().ToString("N")[..6];
        var sku = await App.SeedSkuAsync("demo", code, stock: 20, price: 100.00m);
        var (shopperId, email) = (await App.ShoppersAsync("demo", 1)).Single();
        await App.AddressAsync("demo", shopperId, "13912345678");
        await App.PaidOrderAsync("demo", email, sku, 6);             // 610.00 today, one order: 重要发展 with the defaults (≥ 500.00)
        var couponName = "分层回馈-" + code;
        var couponId = await App.CouponAsync("demo", couponName, total: 10_000, perShopper: 1);
        var before = await App.SendAsync("demo", new GetCustomerSegments.Query());
        var important = before.Segments.Single(s => s.Segment == RfmSegment.ImportantDevelopment).Buyers;

        await SignInStaffAsync(page, "demo", "operator@demo.local");
        await page.GotoAsync(App.Url("demo", "/admin/insight/customers"));
        await Expect(page.Locator("[data-testid=customers-page][data-interactive=true]")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        var row = page.Locator("[data-testid=segment-row][data-segment=ImportantDevelopment]");
        await Expect(row).ToContainTextAsync("重要发展客户");
        await Expect(row.GetByTestId("segment-buyers")).ToHaveTextAsync(important.ToString(System.Globalization.CultureInfo.InvariantCulture));

        await row.GetByTestId("segment-open").ClickAsync();
        var members = page.GetByTestId("segment-members");
        await Expect(members).ToHaveAttributeAsync("data-segment", "ImportantDevelopment");
        var mine = members.Locator("tr", new() { HasText = email });
        await Expect(mine.GetByTestId("member-phone")).ToHaveTextAsync("139****5678");
        await Expect(members.GetByTestId("segment-csv"))
            .ToHaveAttributeAsync("href", "/api/v1/admin/insight/customers/members.csv?segment=ImportantDevelopment");

        // High spend from 1,000.00: the shopper's 610.00 is 一般 now; the open group is read again.
        var monetary = page.GetByTestId("rfm-monetary").Locator("input");
        await monetary.FillAsync("1000");
        await monetary.PressAsync("Tab");
        await page.GetByTestId("rfm-save").ClickAsync();
        await Expect(page.GetByTestId("rfm-message")).ToHaveTextAsync("阈值已保存。");
        await Expect(members.Locator("tr", new() { HasText = email })).ToHaveCountAsync(0);
        await page.Locator("[data-testid=segment-row][data-segment=GeneralDevelopment]").GetByTestId("segment-open").ClickAsync();
        await Expect(members).ToHaveAttributeAsync("data-segment", "GeneralDevelopment");
        await Expect(members.Locator("tr", new() { HasText = email })).ToHaveCountAsync(1);

        await page.GetByTestId("segment-coupon-choice").ClickAsync();
        await page.Locator(".rz-dropdown-item", new() { HasText = couponName }).ClickAsync();
        await page.GetByTestId("segment-send").ClickAsync();
        await Expect(page.GetByTestId("segment-send-result")).ToContainTextAsync("已发送");
        var holders = await App.InStoreAsync("demo", db => db.ShopperCoupons.Where(s => s.CouponId == couponId).Select(s => s.ShopperId).ToListAsync());
        Assert.Contains(shopperId, holders);
        var general = (await App.SendAsync("demo", new GetCustomerSegments.Query())).Segments.Single(s => s.Segment == RfmSegment.GeneralDevelopment);
        Assert.Equal(general.Buyers, holders.Count);
    });
}
