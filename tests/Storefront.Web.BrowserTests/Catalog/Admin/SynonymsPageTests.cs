using Microsoft.Playwright;
using Storefront.Web.BrowserTests.Infrastructure;
using Storefront.Web.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Storefront.Web.BrowserTests.Catalog.Admin;

/// <summary>
/// The operator's search synonyms page (/admin/search-synonyms, desktop size) and what a shopper's next search finds: a
/// group 跑鞋 = 运动鞋 makes 跑鞋 find a product named 运动鞋; removing the group stops that; a group of one word is
/// refused beside the box.
/// </summary>
public sealed class SynonymsPageTests(BrowserApp app) : BrowserTest(app), IClassFixture<BrowserApp>
{
    [Fact]
    public async Task An_operator_adds_a_group_a_shopper_then_finds_by_it_and_removing_it_stops_that_and_one_word_is_refused()
    {
        const string Shoe = "运动鞋 缓震款";
        await App.ProductAsync("demo", Shoe, 399m);

        await InBrowserAsync(async page =>
        {
            await using var shopper = await App.NewContextAsync();
            var shop = await shopper.NewPageAsync();

            // Before: 跑鞋 finds nothing.
            await ExpectFindsAsync(shop, "跑鞋", Shoe, found: false);

            await SignInStaffAsync(page, "demo", "operator@demo.local");
            await page.GotoAsync(App.Url("demo", "/admin/search-synonyms"));
            await Expect(page.Locator("form[data-interactive=true]")).ToBeVisibleAsync(new() { Timeout = 30_000 });
            await Expect(page.GetByTestId("synonyms-none")).ToBeVisibleAsync();

            // One word is no group: the box says so, and nothing is added.
            await page.GetByTestId("synonyms-new").FillAsync("跑鞋");
            await page.GetByTestId("synonyms-add").ClickAsync();
            await Expect(page.GetByTestId("synonyms-new-error")).ToHaveTextAsync("同义词组至少需要两个不同的词。");
            await Expect(page.GetByTestId("synonyms-none")).ToBeVisibleAsync();
            await Expect(page.GetByTestId("synonyms-message")).ToHaveCountAsync(0);

            // 跑鞋 = 运动鞋: added and listed; the field error is gone.
            await page.GetByTestId("synonyms-new").FillAsync("跑鞋 = 运动鞋");
            await page.GetByTestId("synonyms-add").ClickAsync();
            await Expect(page.GetByTestId("synonyms-terms")).ToHaveValueAsync("跑鞋 = 运动鞋");
            await Expect(page.GetByTestId("synonyms-message")).ToHaveTextAsync("已保存");
            await Expect(page.GetByTestId("synonyms-new-error")).ToHaveCountAsync(0);
            await Expect(page.GetByTestId("synonyms-new")).ToHaveValueAsync("");

            // The shopper's next search for 跑鞋 finds the 运动鞋.
            await ExpectFindsAsync(shop, "跑鞋", Shoe, found: true);

            // Removed: 跑鞋 finds nothing again.
            await page.GetByTestId("synonyms-delete").ClickAsync();
            await Expect(page.GetByTestId("synonyms-none")).ToBeVisibleAsync();
            await ExpectFindsAsync(shop, "跑鞋", Shoe, found: false);
        });
    }

    /// <summary>Searches from the shop's search page and waits for its answer: the product among the results, or no results.</summary>
    private async Task ExpectFindsAsync(IPage shop, string keyword, string product, bool found)
    {
        await shop.GotoAsync(App.Url("demo", "/search?q=" + Uri.EscapeDataString(keyword)));
        await Expect(shop.GetByTestId("result-count")).ToBeVisibleAsync();
        var card = shop.GetByTestId("results").GetByTestId("product-card").Filter(new() { HasText = product });
        if (found)
        {
            await Expect(card).ToBeVisibleAsync();
        }
        else
        {
            await Expect(shop.GetByTestId("no-results")).ToBeVisibleAsync();
        }
    }
}
