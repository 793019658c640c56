using Microsoft.Playwright;
using Storefront.Web.BrowserTests.Infrastructure;
using Storefront.Web.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Storefront.Web.BrowserTests.Catalog;

/// <summary>
/// What a phone paints first (issue 17, item 7; docs/decisions/0054): the search page's results are in the page's first
/// HTML, so they paint without waiting for blazor.web.js (nor need script at all), and the product page's main picture
/// is fetched first. At 390×844 with touch, script switched off where the test is about the HTML alone.
/// </summary>
public sealed class FirstPaintTests(BrowserApp app) : BrowserTest(app), IClassFixture<BrowserApp>
{
    private static BrowserNewContextOptions PhoneWithoutScript
    {
        get
        {
            var options = Devices.Phone;
            options.JavaScriptEnabled = false;
            return options;
        }
    }

    /// <summary>
    /// A test's first page may wait for the Chinese segmenter's dictionary, loaded in the background at start (over 20 s
    /// on a loaded machine), as SearchSuggestTests says.
    /// </summary>
    private static readonly PageGotoOptions FirstPage = new() { Timeout = 3 * PatientMs };

    [Fact]
    public async Task Search_results_are_in_the_first_html_and_show_without_script()
    {
        // A store of its own: its search index is loaded by this very request, the case a streamed page rendered late.
        var store = await NewStoreAsync("paint-", "首屏小店");
        await App.ProductAsync(store, "无线耳机 降噪版", 299m);
        await App.ProductAsync(store, "蓝牙音箱 便携款", 199m);

        await InBrowserAsync(PhoneWithoutScript, async page =>
        {
            var response = await page.GotoAsync(App.Url(store, "/search?q=" + Uri.EscapeDataString("耳机")), FirstPage);
            Assert.NotNull(response);
            var html = await response.TextAsync();
            Assert.DoesNotContain("<blazor-ssr", html, StringComparison.Ordinal);
            await Expect(page.GetByTestId("search-heading")).ToContainTextAsync("耳机");
            var cards = page.GetByTestId("results").GetByTestId("product-card");
            await Expect(cards).ToHaveCountAsync(1);
            await Expect(cards.First).ToContainTextAsync("无线耳机 降噪版");
            await Expect(cards.First.Locator("a.product-link")).ToBeVisibleAsync();
        });
    }

    [Fact]
    public async Task The_product_pages_main_picture_is_fetched_first()
    {
        var store = await NewStoreAsync("paint-", "首屏小店");
        var slug = "paint-" + Guid.NewGuid().ToString("N")[..8];
        await App.ProductAsync(store, new()
        {
            Name = "首屏耳机",
            Slug = slug,
            Price = 99m,
            Stock = 5,
            Images = [new string('c', 64) + ".png"],
        });

        await InBrowserAsync(PhoneWithoutScript, async page =>
        {
            await page.GotoAsync(App.Url(store, "/p/" + slug), FirstPage);
            var main = page.GetByTestId("gallery-main");
            await Expect(main).ToHaveAttributeAsync("fetchpriority", "high");
            await Expect(main).ToHaveAttributeAsync("loading", "eager");
        });
    }
}
