using System.Text.RegularExpressions;
using Storefront.Web.BrowserTests.Infrastructure;
using Storefront.Web.Tests.AfterSales;
using static Microsoft.Playwright.Assertions;

namespace Storefront.Web.BrowserTests.AfterSales;

/// <summary>A shopper reviews a completed order, and the review is on the product page for the next visitor.</summary>
public sealed class ReviewJourneyTests(BrowserApp app) : BrowserTest(app), IClassFixture<BrowserApp>
{
    [Fact]
    public async Task A_shopper_reviews_a_completed_order_and_the_review_shows_on_the_product_page()
    {
        // The completed order is seeded through the domain (placing, paying and shipping have their own journey).
        var (slug, skus) = await App.ProductAsync("demo", "Linen Shirt 亚麻衬衫", "A", "B");
        var number = await App.CompletedOrderAsync("demo", (skus["B"], 1));

        // A guest's visit first, so the product page is in the output cache before the review is written.
        await InBrowserAsync(async guest =>
        {
            await guest.GotoAsync(App.Url("demo", $"/p/{slug}"));
            await Expect(guest.GetByTestId("reviews-none")).ToBeVisibleAsync();
        });

        await InBrowserAsync(async shopper =>
        {
            await shopper.GotoAsync(App.Url("demo", "/account/login"));
            await shopper.GetByTestId("email").FillAsync("shopper@demo.local");
            await shopper.GetByTestId("password").FillAsync("storefront-demo");
            await shopper.GetByTestId("submit").ClickAsync();
            await Expect(shopper.GetByTestId("shopper-name")).ToBeVisibleAsync();

            await shopper.GotoAsync(App.Url("demo", $"/orders/{number}"));
            await Expect(shopper.GetByTestId("order-status")).ToHaveTextAsync("已完成");
            await shopper.GetByTestId("review-link").ClickAsync();
            await Expect(shopper).ToHaveURLAsync(new Regex($"/orders/{number}/review$"));

            var form = shopper.GetByTestId("review-form");
            await form.GetByTestId("review-star-4").CheckAsync();
            await form.GetByTestId("review-text-input").FillAsync("亚麻很透气，尺码正好");
            await form.GetByTestId("review-anonymous").CheckAsync();
            await form.GetByTestId("review-submit").ClickAsync();
            await Expect(shopper.GetByTestId("review-done")).ToBeVisibleAsync();
            await Expect(shopper.GetByTestId("my-review-text")).ToHaveTextAsync("亚麻很透气，尺码正好");
        });

        await InBrowserAsync(async guest =>
        {
            await guest.GotoAsync(App.Url("demo", $"/p/{slug}"));
            var review = guest.GetByTestId("review");
            await Expect(review).ToHaveCountAsync(1);
            await Expect(review.GetByTestId("review-text")).ToHaveTextAsync("亚麻很透气，尺码正好");
            await Expect(review.GetByTestId("review-author")).ToHaveTextAsync("小*");
            await Expect(review.GetByTestId("review-sku")).ToContainTextAsync("款2");
            await Expect(review.GetByTestId("review-stars")).ToHaveTextAsync("★★★★☆");
            await Expect(guest.GetByTestId("reviews-average")).ToHaveTextAsync("4.0");
            await Expect(guest.GetByTestId("reviews-count")).ToHaveTextAsync("(1)");
        });
    }
}
