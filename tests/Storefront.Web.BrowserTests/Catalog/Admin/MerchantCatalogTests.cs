using Microsoft.Playwright;
using Storefront.Web.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Storefront.Web.BrowserTests.Catalog.Admin;

public sealed class MerchantCatalogTests(BrowserApp app) : BrowserTest(app), IClassFixture<BrowserApp>
{
    [Fact]
    public Task Merchant_creates_a_product_that_appears_only_on_its_own_store() => InBrowserAsync(async page =>
    {
        var name = "测试商品-" + Guid.NewGuid().ToString("N")[..8];

        await SignInStaffAsync(page, "demo", "merchant@demo.local");
        await page.GotoAsync(App.Url("demo", "/admin/products"));
        await WaitUntilInteractiveAsync(page);

        await page.GetByTestId("product-name").FillAsync(name);
        var price = page.GetByTestId("product-price").Locator("input");   // Radzen puts the test id on the numeric's wrapper
        await price.FillAsync("88.50");
        await price.PressAsync("Tab");
        await page.GetByTestId("product-description").FillAsync("纯棉，舒适透气。");
        await page.GetByTestId("save-product").ClickAsync();

        await Expect(page.GetByTestId("created")).ToContainTextAsync(name);
        var row = page.GetByTestId("product-grid").Locator("tr", new() { HasText = name });
        await Expect(row).ToBeVisibleAsync();
        await Expect(row).ToContainTextAsync("88.50");

        var shopfront = await page.Context.NewPageAsync();
        await shopfront.GotoAsync(App.Url("demo"));
        var card = shopfront.GetByTestId("product-card").Filter(new() { HasText = name });
        await Expect(card).ToBeVisibleAsync();
        await Expect(card).ToContainTextAsync("¥88.50");
        await card.GetByRole(AriaRole.Link).First.ClickAsync();   // a card shows no description: the product page does
        await Expect(shopfront.Locator("main")).ToContainTextAsync("纯棉，舒适透气。");

        await shopfront.GotoAsync(App.Url("acme"));
        await Expect(shopfront.GetByRole(AriaRole.Heading, new() { Name = "Acme Store", Exact = true })).ToBeVisibleAsync();
        await Expect(shopfront.Locator("[data-testid=products], [data-testid=no-products]")).ToBeVisibleAsync();
        await Expect(shopfront.GetByText(name)).ToHaveCountAsync(0);
    });

    [Fact]
    public Task Operator_opening_the_products_page_sees_access_denied_not_the_product_form() => InBrowserAsync(async page =>
    {
        await SignInStaffAsync(page, "demo", "operator@demo.local");
        await page.GotoAsync(App.Url("demo", "/admin/products"));

        await Expect(page.GetByTestId("access-denied")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("product-name")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("save-product")).ToHaveCountAsync(0);
    });

    /// <summary>The page is prerendered first; what is typed before its circuit is live is lost.</summary>
    private static Task WaitUntilInteractiveAsync(IPage page) =>
        Expect(page.Locator("form[data-interactive=true]")).ToBeVisibleAsync(new() { Timeout = 30_000 });
}
