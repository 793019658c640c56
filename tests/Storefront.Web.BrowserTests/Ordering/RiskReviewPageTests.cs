using Microsoft.EntityFrameworkCore;
using Storefront.Domain.Ordering;
using Storefront.Domain.Ordering.Risk;
using Storefront.Web.BrowserTests.Infrastructure;
using Storefront.Web.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Storefront.Web.BrowserTests.Ordering;

/// <summary>
/// The 风控 review queue at a desktop size: a merchant finds it in the navigation, reads why orders are held, approves one and
/// cancels another.
/// </summary>
public sealed class RiskReviewPageTests(BrowserApp app) : BrowserTest(app), IClassFixture<BrowserApp>
{
    [Fact]
    public Task Merchant_approves_one_held_order_and_cancels_another_with_its_refund() => InBrowserAsync(async page =>
    {
        var approve = await App.HeldPaidOrderAsync("demo");
        var cancel = await App.HeldPaidOrderAsync("demo");

        await SignInStaffAsync(page, "demo", "merchant@demo.local");
        await page.GotoAsync(App.Url("demo", "/admin"));
        var link = page.Locator("[data-testid=admin-menu] a[data-nav='/admin/orders/risk-review']");
        await Expect(link).ToHaveTextAsync("风控审核");
        await link.ClickAsync();
        await Expect(page.Locator("[data-testid=risk-review][data-interactive=true]")).ToBeVisibleAsync(new() { Timeout = PatientMs });

        var approveRow = page.Locator($"[data-testid=held-order][data-number='{approve}']");
        var cancelRow = page.Locator($"[data-testid=held-order][data-number='{cancel}']");
        await Expect(approveRow.GetByTestId("held-score")).ToHaveTextAsync("90");
        await Expect(approveRow.GetByTestId("held-reasons")).ToContainTextAsync("同一手机 24 小时内已有 9 单");

        await approveRow.GetByTestId("approve-held").ClickAsync();
        await Expect(page.GetByTestId("risk-review-message")).ToContainTextAsync(approve);
        await Expect(approveRow).ToHaveCountAsync(0);

        await page.GetByTestId("cancel-held-reason").FillAsync("收货信息可疑");
        await cancelRow.GetByTestId("cancel-held").ClickAsync();
        await Expect(page.GetByTestId("risk-review-message")).ToContainTextAsync(cancel);
        await Expect(cancelRow).ToHaveCountAsync(0);

        var (approved, cancelled) = await App.InStoreAsync("demo", async db => (
            await db.Orders.AsNoTracking().SingleAsync(o => o.Number == approve),
            await db.Orders.AsNoTracking().SingleAsync(o => o.Number == cancel)));
        Assert.Equal((OrderStatus.Paid, RiskReview.Approved), (approved.Status, approved.RiskReview));
        Assert.Equal((OrderStatus.Cancelled, RiskReview.Cancelled, "收货信息可疑"), (cancelled.Status, cancelled.RiskReview, cancelled.CancelReason));
        Assert.Equal(cancelled.Total, cancelled.RefundedAmount);
    });
}
