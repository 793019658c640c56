using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Storefront.Domain.AfterSales;
using Storefront.Domain.Reviews;
using Storefront.Web.BrowserTests.Infrastructure;
using Storefront.Web.Tests.AfterSales;
using Storefront.Web.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Storefront.Web.BrowserTests.AfterSales;

/// <summary>
/// Customer service at work in the admin area, and what the shopper then sees: a reply in the complaint queue shows on the
/// shopper's complaint; a hidden review carries the notice on the shopper's review page and leaves the product page.
/// </summary>
public sealed class ModerationJourneyTests(BrowserApp app) : BrowserTest(app), IClassFixture<BrowserApp>
{
    [Fact]
    public async Task Customer_service_replies_to_a_complaint_in_the_queue_and_the_shopper_sees_the_reply()
    {
        // A complaint on a completed order, seeded through the domain (filing one has its own tests).
        var (_, skus) = await App.ProductAsync("demo", "投诉测试 保温杯", "A");
        var number = await App.CompletedOrderAsync("demo", (skus["A"], 1));
        var text = "杯盖漏水 " + Guid.NewGuid().ToString("N")[..6];
        var complaintId = await App.InStoreAsync("demo", async db =>
        {
            var order = await db.Orders.Include(o => o.Lines).SingleAsync(o => o.Number == number);
            var complaint = Complaint.File(order, ComplaintKind.Quality, text, AfterSalesPolicy.Default, App.Clock.GetUtcNow());
            db.Complaints.Add(complaint);
            await db.SaveChangesAsync();
            return complaint.Id;
        });

        await InBrowserAsync(async service =>
        {
            await SignInStaffAsync(service, "demo", "merchant@demo.local");
            await service.GotoAsync(App.Url("demo", "/admin/complaints"));
            await SelectRowAsync(service, "complaint-grid", text, "complaint-detail");
            var detail = service.GetByTestId("complaint-detail");
            await Expect(detail.GetByTestId("complaint-detail-text")).ToHaveTextAsync(text);
            await detail.GetByTestId("complaint-admin-reply-text").FillAsync("已为您补发新杯盖，请注意查收");
            await detail.GetByTestId("complaint-admin-reply").ClickAsync();
            await Expect(detail.GetByTestId("complaint-detail-reply")).ToContainTextAsync("已为您补发新杯盖");
        });

        await InBrowserAsync(async shopper =>
        {
            await SignInShopperAsync(shopper);
            await shopper.GotoAsync(App.Url("demo", $"/complaints/{complaintId}"));
            await Expect(shopper.GetByTestId("complaint-text")).ToHaveTextAsync(text);
            var reply = shopper.Locator("[data-testid=complaint-reply][data-author=Staff]");
            await Expect(reply).ToHaveCountAsync(1);
            await Expect(reply).ToContainTextAsync("已为您补发新杯盖，请注意查收");
            await Expect(shopper.GetByTestId("complaint-no-replies")).ToHaveCountAsync(0);
        });
    }

    [Fact]
    public async Task A_moderator_hides_a_review_and_the_shopper_sees_the_notice_and_the_product_page_no_longer_shows_it()
    {
        var (slug, skus) = await App.ProductAsync("demo", "屏蔽测试 茶杯", "A");
        var number = await App.CompletedOrderAsync("demo", (skus["A"], 1));
        var text = "加微信领返现 " + Guid.NewGuid().ToString("N")[..6];
        await App.InStoreAsync("demo", async db =>
        {
            var order = await db.Orders.Include(o => o.Lines).SingleAsync(o => o.Number == number);
            db.Reviews.Add(Review.Write(order, order.Lines[0].Id, order.ShopperId, 5, text, null, false, App.Clock.GetUtcNow()));
            return await db.SaveChangesAsync();
        });

        await InBrowserAsync(async service =>
        {
            await SignInStaffAsync(service, "demo", "merchant@demo.local");
            await service.GotoAsync(App.Url("demo", "/admin/reviews"));
            await SelectRowAsync(service, "review-grid", text, "review-detail");
            var detail = service.GetByTestId("review-detail");
            await Expect(detail.GetByTestId("review-detail-text")).ToHaveTextAsync(text);
            await detail.GetByTestId("review-admin-hide-reason").FillAsync("含广告或联系方式");
            await detail.GetByTestId("review-admin-hide").ClickAsync();
            await Expect(service.GetByTestId("review-detail-hidden")).ToContainTextAsync("含广告或联系方式");
        });

        await InBrowserAsync(async shopper =>
        {
            await SignInShopperAsync(shopper);
            await shopper.GotoAsync(App.Url("demo", $"/orders/{number}/review"));
            await Expect(shopper.GetByTestId("my-review-hidden")).ToContainTextAsync("含广告或联系方式");

            await shopper.GotoAsync(App.Url("demo", $"/p/{slug}"));
            await Expect(shopper.GetByText(text)).ToHaveCountAsync(0);
        });
    }

    /// <summary>
    /// Picks a row of a Radzen grid. The page is prerendered first and a click before its circuit is live does nothing:
    /// like a person, click again until the row's details open.
    /// </summary>
    private static async Task SelectRowAsync(IPage page, string grid, string text, string detail)
    {
        for (var attempt = 1; ; attempt++)
        {
            await page.GetByTestId(grid).GetByText(text).ClickAsync();
            try
            {
                await Expect(page.GetByTestId(detail)).ToBeVisibleAsync(new() { Timeout = 2_000 });
                return;
            }
            catch (PlaywrightException) when (attempt < 15)
            {
            }
        }
    }

    private async Task SignInShopperAsync(IPage page)
    {
        await page.GotoAsync(App.Url("demo", "/account/login"));
        await page.GetByTestId("email").FillAsync("shopper@demo.local");
        await page.GetByTestId("password").FillAsync("storefront-demo");
        await page.GetByTestId("submit").ClickAsync();
        await Expect(page.GetByTestId("shopper-name")).ToBeVisibleAsync();
    }
}
