using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Storefront.Web.BrowserTests.Infrastructure;
using Storefront.Web.Features.Catalog.Search;
using Storefront.Web.Infrastructure.Tenancy;
using Storefront.Web.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Storefront.Web.BrowserTests.Catalog;

/// <summary>
/// The header's search box as a shopper uses it (issue 17, item 3): on a phone (390×844, touch, real taps) the hot searches
/// when the box is focused empty, suggestions as Chinese or pinyin is typed a few characters at a time, a tapped suggestion
/// opening its results; at a desktop size the keyboard: arrows, Enter, Escape. Each test opens a store of its own.
/// </summary>
public sealed class SearchSuggestTests(BrowserApp app) : BrowserTest(app), IClassFixture<BrowserApp>
{
    [Fact]
    public async Task On_a_phone_the_empty_box_offers_hot_searches_typing_suggests_in_chinese_and_pinyin_and_a_tap_opens_the_results()
    {
        var store = await StoreWithProductsAsync();
        await SearchedAsync(store, ("保温杯", 3), ("蓝牙耳机", 2), ("跑步鞋", 1));

        await InBrowserAsync(Devices.Phone, async page =>
        {
            await page.GotoAsync(App.Url(store, "/"), FirstPage);
            var box = page.GetByTestId("search-input");
            var list = page.GetByTestId("search-suggest");

            // Focused while empty: the hot searches, most searched first, under their title.
            await box.TapAsync();
            await Expect(list).ToBeVisibleAsync();
            await Expect(list.Locator(".search-suggest-title")).ToHaveTextAsync("热门搜索");
            await Expect(Options(page)).ToHaveTextAsync(["保温杯", "蓝牙耳机", "跑步鞋"]);

            // Typed a character at a time: what starts with it, then what starts with both.
            await box.PressSequentiallyAsync("蓝", new() { Delay = 100 });
            await SuggestsAsync(page, "蓝牙耳机 降噪版", "蓝牙音箱 便携款", "蓝色保温杯");
            await box.PressSequentiallyAsync("牙", new() { Delay = 100 });
            await SuggestsAsync(page, "蓝牙耳机 降噪版", "蓝牙音箱 便携款");

            // Emptied again: the hot searches are back.
            await box.FillAsync("");
            await Expect(Options(page).First).ToHaveTextAsync("保温杯");

            // Pinyin, typed a few letters at a time: "lan" already suggests, "lanya" leaves the two 蓝牙 products.
            await box.PressSequentiallyAsync("lan", new() { Delay = 80 });
            await Expect(Option(page, "蓝牙耳机 降噪版")).ToBeVisibleAsync();
            await box.PressSequentiallyAsync("ya", new() { Delay = 80 });
            await SuggestsAsync(page, "蓝牙耳机 降噪版", "蓝牙音箱 便携款");

            // A suggestion is a thumb's height, within the screen; a tap on it opens its results.
            var option = Option(page, "蓝牙音箱 便携款");
            var bounds = await option.BoundingBoxAsync();
            Assert.True(bounds is { Height: >= 44 } && bounds.X >= 0 && bounds.X + bounds.Width <= 390,
                $"a suggestion is at {bounds?.X}, {bounds?.Width}×{bounds?.Height}");
            await option.TapAsync();
            await Expect(page).ToHaveURLAsync(new Regex(@"/search\?q="));
            await Expect(page.GetByTestId("search-heading")).ToContainTextAsync("蓝牙音箱 便携款");
            await Expect(page.GetByTestId("results").GetByTestId("product-card").First).ToContainTextAsync("蓝牙音箱 便携款");
            await Expect(list).ToBeHiddenAsync();
        });
    }

    [Fact]
    public async Task At_a_desktop_arrows_choose_a_suggestion_enter_searches_for_it_and_escape_closes_the_list()
    {
        var store = await StoreWithProductsAsync();

        await InBrowserAsync(async page =>
        {
            await page.GotoAsync(App.Url(store, "/"), FirstPage);
            var box = page.GetByTestId("search-input");
            var list = page.GetByTestId("search-suggest");

            await box.ClickAsync();
            await box.PressSequentiallyAsync("蓝牙", new() { Delay = 100 });
            await SuggestsAsync(page, "蓝牙耳机 降噪版", "蓝牙音箱 便携款");

            // Down, down, up: the first is chosen (and the box says which), then Enter searches for it.
            await box.PressAsync("ArrowDown");
            await box.PressAsync("ArrowDown");
            await Expect(Options(page).Nth(1)).ToHaveAttributeAsync("aria-selected", "true");
            await box.PressAsync("ArrowUp");
            await Expect(Options(page).Nth(0)).ToHaveAttributeAsync("aria-selected", "true");
            await Expect(Options(page).Nth(1)).ToHaveAttributeAsync("aria-selected", "false");
            await Expect(box).ToHaveAttributeAsync("aria-activedescendant", (await Options(page).Nth(0).GetAttributeAsync("id"))!);
            var chosen = await Options(page).Nth(0).TextContentAsync();
            await box.PressAsync("Enter");
            await Expect(page.GetByTestId("search-heading")).ToContainTextAsync(chosen!);
            await Expect(page.GetByTestId("results").GetByTestId("product-card").First).ToContainTextAsync(chosen!);

            // Escape closes the open list and keeps what was typed; Enter then searches for the typed words themselves.
            box = page.GetByTestId("search-input");
            await box.FillAsync("");
            await box.PressSequentiallyAsync("保温", new() { Delay = 100 });
            await Expect(Options(page).First).ToBeVisibleAsync();
            await box.PressAsync("Escape");
            await Expect(list).ToBeHiddenAsync();
            await Expect(box).ToHaveValueAsync("保温");
            await box.PressAsync("Enter");
            await Expect(page.GetByTestId("search-heading")).ToContainTextAsync("保温");
            await Expect(page.GetByTestId("results").GetByTestId("product-card").First).ToContainTextAsync("保温");
        });
    }

    /// <summary>
    /// The app's first catalog page waits for the Chinese segmenter's dictionary, loaded in the background at start (seconds on
    /// a quiet machine, over 20 s on a loaded one): the first navigation of a test may take longer than a person's patience.
    /// </summary>
    private static readonly PageGotoOptions FirstPage = new() { Timeout = 3 * PatientMs };

    private static ILocator Options(IPage page) => page.GetByTestId("search-suggest").GetByRole(AriaRole.Option);

    private static ILocator Option(IPage page, string text) =>
        page.GetByTestId("search-suggest").GetByRole(AriaRole.Option, new() { Name = text, Exact = true });

    /// <summary>The list shows exactly these suggestions (products equally sold come in no fixed order).</summary>
    private static async Task SuggestsAsync(IPage page, params string[] texts)
    {
        await Expect(Options(page)).ToHaveCountAsync(texts.Length);
        foreach (var text in texts)
        {
            await Expect(Option(page, text)).ToBeVisibleAsync();
        }
    }

    /// <summary>A store of the test's own with products whose names start alike, so what is suggested is known exactly.</summary>
    private async Task<string> StoreWithProductsAsync()
    {
        var store = await NewStoreAsync("suggest-", "搜索小店");
        await App.ProductAsync(store, "蓝牙耳机 降噪版", 299m);
        await App.ProductAsync(store, "蓝牙音箱 便携款", 199m);
        await App.ProductAsync(store, "蓝色保温杯", 59m);
        await App.ProductAsync(store, "保温饭盒", 79m);
        return store;
    }

    /// <summary>Searches the store's shoppers made (counted as the search page counts them), written through as the flush does.</summary>
    private async Task SearchedAsync(string store, params (string Keyword, int Times)[] searches)
    {
        StoreInfo info;
        await using (var scope = App.Services.CreateAsyncScope())
        {
            info = (await scope.ServiceProvider.GetRequiredService<StoreDirectory>().FindBySlugAsync(store, default))!;
        }

        var hot = App.Services.GetRequiredService<HotSearches>();
        foreach (var (keyword, times) in searches)
        {
            for (var i = 0; i < times; i++)
            {
                hot.Record(info, keyword);
            }
        }

        await hot.FlushAsync();
    }
}
