using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Storefront.Domain.Catalog;
using Storefront.Web.BrowserTests.Infrastructure;
using Storefront.Web.Features.Catalog.Admin;
using Storefront.Web.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Storefront.Web.BrowserTests.Catalog;

public sealed partial class ShopperCatalogTests(BrowserApp app) : BrowserTest(app), IClassFixture<BrowserApp>
{
    [Fact]
    public Task Shopper_finds_a_product_by_a_misspelled_word_filters_by_a_facet_and_chooses_a_sku() => InBrowserAsync(async page =>
    {
        await App.ProductAsync("demo", new CreateProduct.Command
        {
            Name = "Studio Headphones 录音室耳机",
            Slug = "studio-headphones",
            Brand = "Sonora",
            Description = "封闭式监听，**低失真**。",
            Specs = [new SpecAttribute("颜色", ["黑", "白", "银"])],
            Skus =
            [
                new() { SpecValues = ["黑"], Code = "SH-BLACK", Price = 299m, MarketPrice = 399m, Stock = 5 },
                new() { SpecValues = ["白"], Code = "SH-WHITE", Price = 319m, Stock = 0 },
                new() { SpecValues = ["银"], Code = "SH-SILVER", Price = 309m, Stock = 2 },
            ],
        });
        await App.ProductAsync("demo", "Travel Headphones 旅行耳机", 199m, brand: "Voxa", slug: "travel-headphones");

        // A typo in the header's search box still finds both.
        await page.GotoAsync(App.Url("demo"));
        await page.GetByTestId("search-input").FillAsync("hedphones");
        await page.GetByTestId("search-submit").ClickAsync();
        await Expect(page).ToHaveURLAsync(SearchFor());
        var cards = page.GetByTestId("results").GetByTestId("product-card");
        await Expect(cards.Filter(new() { HasText = "Studio Headphones" })).ToBeVisibleAsync();
        await Expect(cards.Filter(new() { HasText = "Travel Headphones" })).ToBeVisibleAsync();

        // A brand facet narrows the list and gets its own address; the back button brings the whole list back.
        await page.GetByTestId("facet-brand").GetByRole(AriaRole.Link, new() { Name = "Sonora" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("brand=Sonora"));
        await Expect(cards).ToHaveCountAsync(1);
        await Expect(cards.First).ToContainTextAsync("Studio Headphones");
        await Expect(page.GetByTestId("result-count")).ToContainTextAsync("1");

        await page.GoBackAsync();
        await Expect(page).Not.ToHaveURLAsync(new Regex("brand="));
        await Expect(cards).ToHaveCountAsync(2);
        await page.GoForwardAsync();
        await Expect(page).ToHaveURLAsync(new Regex("brand=Sonora"));
        await Expect(cards).ToHaveCountAsync(1);

        // The product: the white one is sold out and cannot be chosen; choosing silver shows silver's price.
        await cards.First.GetByRole(AriaRole.Link).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/p/studio-headphones$"));
        await Expect(page.GetByTestId("product-name")).ToHaveTextAsync("Studio Headphones 录音室耳机");
        await Expect(page.GetByTestId("price-range")).ToContainTextAsync("¥299.00");
        await Expect(page.GetByTestId("price-range")).ToContainTextAsync("¥319.00");
        await Expect(Option(page, "白")).ToHaveAttributeAsync("aria-disabled", "true");
        await Expect(Option(page, "黑")).ToHaveAttributeAsync("aria-checked", "true");
        await Expect(page.GetByTestId("chosen-price")).ToHaveTextAsync("¥299.00");
        await Expect(page.GetByTestId("chosen-market")).ToHaveTextAsync("¥399.00");

        await Option(page, "银").ClickAsync();
        await Expect(Option(page, "银")).ToHaveAttributeAsync("aria-checked", "true");
        await Expect(page.GetByTestId("chosen-price")).ToHaveTextAsync("¥309.00");
        await Expect(page.GetByTestId("chosen-spec")).ToHaveTextAsync("银");
        await Expect(page.GetByTestId("chosen-stock")).ToHaveTextAsync("库存 2 件");
        await Expect(page.GetByTestId("chosen-market")).ToBeHiddenAsync();

        await Option(page, "白").ClickAsync(new() { Force = true });   // a click on the sold-out one changes nothing
        await Expect(Option(page, "白")).ToHaveAttributeAsync("aria-checked", "false");
        await Expect(page.GetByTestId("chosen-price")).ToHaveTextAsync("¥309.00");
        await Expect(page.GetByTestId("description").Locator("strong")).ToHaveTextAsync("低失真");
    });

    private static ILocator Option(IPage page, string value) => page.Locator($"[data-testid=spec-value][data-value='{value}']");

    [GeneratedRegex(@"/search\?q=hedphones$")]
    private static partial Regex SearchFor();
}
