using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Storefront.Web.BrowserTests.Infrastructure;
using Storefront.Web.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Storefront.Web.BrowserTests.Catalog;

/// <summary>
/// What a phone paints first (issue 17, item 7; docs/decisions/0054, 0056): the search page's results are in the page's
/// first HTML, so they paint without waiting for blazor.web.js (nor need script at all), and the product page's main
/// picture is fetched first; the first paint waits for two small stylesheets and no script, and product cards below the
/// first screen are drawn when the shopper scrolls to them. At 390×844 with touch, script switched off where the test is
/// about the HTML alone.
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

    /// <summary>What a shopper page may hold its first paint for: two stylesheets (the site's and the components'), this much CSS.</summary>
    private const int RenderBlockingCssBytes = 40 * 1024;

    [Fact]
    public async Task A_shopper_page_waits_for_two_small_stylesheets_and_no_script()
    {
        var store = await NewStoreAsync("paint-", "首屏小店");
        await App.ProductAsync(store, "无线耳机 降噪版", 299m);

        await InBrowserAsync(Devices.Phone, async page =>
        {
            await page.GotoAsync(App.Url(store, "/"), FirstPage);
            await Expect(page.GetByTestId("product-card")).ToHaveCountAsync(1);
            // Resource Timing's renderBlockingStatus: what Chromium held the first paint for. "initiator bytes url" each.
            var blocking = await page.EvaluateAsync<string[]>("""
                () => performance.getEntriesByType('resource').filter(r => r.renderBlockingStatus === 'blocking')
                  .map(r => r.initiatorType + ' ' + r.decodedBodySize + ' ' + r.name)
                """);
            Assert.Equal(2, blocking.Length);
            Assert.All(blocking, r => Assert.StartsWith("link ", r, StringComparison.Ordinal));
            Assert.True(blocking.Sum(r => long.Parse(r.Split(' ')[1], CultureInfo.InvariantCulture)) <= RenderBlockingCssBytes,
                "render-blocking CSS: " + string.Join(", ", blocking));
            var scripts = await page.EvaluateAsync<string[]>(
                "() => Array.from(document.scripts).filter(s => !s.defer && !s.async && s.type !== 'module').map(s => s.src || 'inline')");
            Assert.Empty(scripts);
            // Deferred, they still run: Blazor's script (enhanced navigation and forms) has started.
            await page.WaitForFunctionAsync("() => typeof window.Blazor?.addEventListener === 'function'");
        });
    }

    [Fact]
    public async Task Product_cards_below_the_first_screen_are_drawn_when_scrolled_to()
    {
        var store = await NewStoreAsync("paint-", "长列表小店");
        for (var i = 1; i <= 24; i++)
        {
            await App.ProductAsync(store, $"列表商品 {i:00}", 100m + i);
        }

        await InBrowserAsync(Devices.Phone, async page =>
        {
            await page.GotoAsync(App.Url(store, "/"), FirstPage);
            var cards = page.GetByTestId("products").GetByTestId("product-card");
            await Expect(cards).ToHaveCountAsync(24);
            // The last card is twelve rows down (Chromium draws ahead about 1.5 screens).
            var last = cards.Last;
            const string drawn = "e => e.checkVisibility({ contentVisibilityAuto: true })";
            Assert.True(await cards.First.Locator(".product-name").EvaluateAsync<bool>(drawn));
            Assert.False(await last.Locator(".product-name").EvaluateAsync<bool>(drawn));

            await last.ScrollIntoViewIfNeededAsync();
            await Expect(last.Locator(".product-name")).ToHaveTextAsync(new Regex(@"^列表商品 \d\d$"));
            await Expect(last.Locator(".prices")).ToContainTextAsync(new Regex(@"1\d\d"));
            await Expect(last.Locator("img, .no-image").First).ToBeVisibleAsync();
            await page.WaitForFunctionAsync(
                "() => document.querySelector('[data-testid=products] [data-testid=product-card]:last-child .product-name')"
                + ".checkVisibility({ contentVisibilityAuto: true })");
        });
    }
}
