using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Storefront.Web.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Storefront.Web.BrowserTests.Catalog.Admin;

public sealed partial class ProductEditorTests(BrowserApp app) : BrowserTest(app), IClassFixture<BrowserApp>
{
    [Fact]
    public Task Merchant_creates_a_product_with_two_specs_and_four_skus_lists_it_and_shoppers_see_it() => InBrowserAsync(async page =>
    {
        var name = "双规格T恤-" + Guid.NewGuid().ToString("N")[..8];
        var skus = new (string Spec, string Price, string Stock)[]
        {
            ("红 / S", "99.00", "5"),
            ("红 / M", "109.00", "6"),
            ("蓝 / S", "119.00", "7"),
            ("蓝 / M", "129.00", "8"),
        };

        await SignInStaffAsync(page, "demo", "merchant@demo.local");
        await page.GotoAsync(App.Url("demo", "/admin/products"));
        await WaitUntilInteractiveAsync(page);
        await page.GetByTestId("new-product").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/admin/products/new$"));
        await EditorInteractiveAsync(page);

        await page.GetByTestId("editor-name").FillAsync(name);
        await AddSpecAsync(page, 0, "颜色", "红, 蓝");
        await AddSpecAsync(page, 1, "尺码", "S, M");

        var rows = page.GetByTestId("sku-row");
        await Expect(rows).ToHaveCountAsync(4);
        foreach (var (spec, price, stock) in skus)
        {
            var row = page.Locator($"[data-testid=sku-row][data-spec='{spec}']");
            await Fill(row.GetByTestId("sku-price").Locator("input"), price);
            await Fill(row.GetByTestId("sku-stock").Locator("input"), stock);
        }

        await page.GetByTestId("save-editor").ClickAsync();
        await Expect(page).ToHaveURLAsync(ProductUrl());
        await EditorInteractiveAsync(page);
        await Expect(page.GetByTestId("saved")).ToContainTextAsync(name);
        await Expect(page.GetByTestId("product-status")).ToHaveTextAsync("草稿");

        // Saved SKUs show their stock (changed from now on by stock adjustments), in grid order.
        await Expect(page.GetByTestId("sku-on-hand")).ToHaveTextAsync(["5", "6", "7", "8"]);

        await page.GetByTestId("list-product").ClickAsync();
        await Expect(page.GetByTestId("product-status")).ToHaveTextAsync("已上架");

        await page.GotoAsync(App.Url("demo", "/admin/products"));
        var listRow = page.GetByTestId("product-grid").Locator("tr", new() { HasText = name });
        await Expect(listRow).ToBeVisibleAsync();
        await Expect(listRow.GetByTestId("price-range")).ToHaveTextAsync("99.00 – 129.00");
        await Expect(listRow).ToContainTextAsync("已上架");

        await listRow.GetByTestId("edit-product-link").ClickAsync();
        await Expect(page).ToHaveURLAsync(ProductUrl());
        await EditorInteractiveAsync(page);
        await Expect(page.GetByTestId("sku-row")).ToHaveCountAsync(4);

        var shopfront = await page.Context.NewPageAsync();
        await shopfront.GotoAsync(App.Url("demo"));
        await Expect(shopfront.GetByTestId("product-card").Filter(new() { HasText = name })).ToBeVisibleAsync();
    });

    [Fact]
    public Task A_refused_save_shows_why_and_keeps_what_was_typed() => InBrowserAsync(async page =>
    {
        await SignInStaffAsync(page, "demo", "merchant@demo.local");
        await page.GotoAsync(App.Url("demo", "/admin/products/new"));
        await EditorInteractiveAsync(page);

        await page.GetByTestId("editor-name").FillAsync("没有价格的商品");
        await page.GetByTestId("save-editor").ClickAsync();

        await Expect(page.GetByTestId("editor-errors")).ToBeVisibleAsync();
        await Expect(page.Locator("tr.row-error")).ToHaveCountAsync(1);
        await Expect(page.GetByTestId("editor-name")).ToHaveValueAsync("没有价格的商品");
        await Expect(page).ToHaveURLAsync(new Regex("/admin/products/new$"));
    });

    [Fact]
    public Task Images_upload_reorder_and_an_oversized_one_is_refused_with_a_message() => InBrowserAsync(async page =>
    {
        await SignInStaffAsync(page, "demo", "merchant@demo.local");
        await page.GotoAsync(App.Url("demo", "/admin/products/new"));
        await EditorInteractiveAsync(page);

        var input = page.GetByTestId("image-input");
        await input.SetInputFilesAsync([Png("first.png", 2_000), Png("second.png", 3_000)]);
        var items = page.GetByTestId("image-item");
        await Expect(items).ToHaveCountAsync(2);
        var first = await items.Nth(0).Locator("img").GetAttributeAsync("src");
        var second = await items.Nth(1).Locator("img").GetAttributeAsync("src");
        Assert.Matches("^/media/[0-9a-f]{64}\\.png$", first);

        await items.Nth(1).GetByTestId("image-left").ClickAsync();
        await Expect(items.Nth(0).Locator("img")).ToHaveAttributeAsync("src", second!);
        await Expect(items.Nth(1).Locator("img")).ToHaveAttributeAsync("src", first!);

        await input.SetInputFilesAsync([Png("huge.png", 6 * 1024 * 1024)]);
        await Expect(page.GetByTestId("image-error")).ToContainTextAsync("5 MB");
        await Expect(items).ToHaveCountAsync(2);

        await items.Nth(0).GetByTestId("image-remove").ClickAsync();
        await Expect(items).ToHaveCountAsync(1);
        await Expect(items.Nth(0).Locator("img")).ToHaveAttributeAsync("src", first!);
    });

    private static FilePayload Png(string name, int size)
    {
        var bytes = new byte[size];
        Random.Shared.NextBytes(bytes);
        new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }.CopyTo(bytes, 0);
        return new FilePayload { Name = name, MimeType = "image/png", Buffer = bytes };
    }

    private static async Task AddSpecAsync(IPage page, int index, string name, string values)
    {
        await page.GetByTestId("add-spec").ClickAsync();
        await Expect(page.GetByTestId("spec-row")).ToHaveCountAsync(index + 1);
        await page.GetByTestId("spec-name").Nth(index).FillAsync(name);
        var box = page.GetByTestId("spec-values").Nth(index);
        await box.FillAsync(values);
        await box.PressAsync("Tab");
    }

    private static async Task Fill(ILocator input, string value)
    {
        await input.FillAsync(value);
        await input.PressAsync("Tab");
    }

    /// <summary>The page is prerendered first; what is typed before its circuit is live is lost.</summary>
    private static Task WaitUntilInteractiveAsync(IPage page) =>
        Expect(page.Locator("form[data-interactive=true]").First).ToBeVisibleAsync(new() { Timeout = 30_000 });

    private static Task EditorInteractiveAsync(IPage page) =>
        Expect(page.Locator("form[data-testid=product-editor][data-interactive=true]")).ToBeVisibleAsync(new() { Timeout = 30_000 });

    [GeneratedRegex("/admin/products/[0-9a-f-]{36}(\\?created=true)?$")]
    private static partial Regex ProductUrl();
}
