using Storefront.Web.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Storefront.Web.BrowserTests.Catalog.Admin;

public sealed class CategoriesPageTests(BrowserApp app) : BrowserTest(app), IClassFixture<BrowserApp>
{
    [Fact]
    public Task Merchant_builds_a_category_tree_renames_a_slug_and_cannot_delete_a_parent() => InBrowserAsync(async page =>
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        await SignInStaffAsync(page, "demo", "merchant@demo.local");
        await page.GotoAsync(App.Url("demo", "/admin/categories"));
        await Expect(page.Locator("form[data-interactive=true]")).ToBeVisibleAsync(new() { Timeout = 30_000 });

        await page.GetByTestId("category-name").FillAsync("女装");
        await page.GetByTestId("category-slug").FillAsync("women-" + suffix);
        await page.GetByTestId("save-category").ClickAsync();
        var women = page.GetByTestId("category-row").Filter(new() { HasText = "women-" + suffix });
        await Expect(women).ToBeVisibleAsync();

        // The click resets the form on the server; typing before that render arrives would be wiped by it.
        await women.GetByTestId("add-subcategory").ClickAsync();
        await Expect(page.GetByTestId("category-parent")).ToContainTextAsync("女装");
        await page.GetByTestId("category-name").FillAsync("连衣裙");
        await page.GetByTestId("category-slug").FillAsync("dresses-" + suffix);
        await page.GetByTestId("save-category").ClickAsync();
        var dresses = page.GetByTestId("category-row").Filter(new() { HasText = "dresses-" + suffix });
        await Expect(dresses).ToHaveAttributeAsync("data-level", "2");

        await dresses.GetByTestId("edit-category").ClickAsync();
        await Expect(page.GetByTestId("category-name")).ToHaveValueAsync("连衣裙");
        await page.GetByTestId("category-slug").FillAsync("frocks-" + suffix);
        await page.GetByTestId("save-category").ClickAsync();
        await Expect(page.GetByTestId("category-message")).ToContainTextAsync("/c/dresses-" + suffix);
        await Expect(page.GetByTestId("category-row").Filter(new() { HasText = "frocks-" + suffix })).ToBeVisibleAsync();

        await women.GetByTestId("delete-category").ClickAsync();
        await Expect(page.GetByTestId("category-message")).ToContainTextAsync("子类目");
        await Expect(women).ToBeVisibleAsync();
    });
}
