using System.Text;
using Microsoft.Playwright;
using Storefront.Web.BrowserTests.Infrastructure;
using Storefront.Web.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Storefront.Web.BrowserTests.Catalog.Admin;

public sealed class MerchantStockTests(BrowserApp app) : BrowserTest(app), IClassFixture<BrowserApp>
{
    [Fact]
    public Task Merchant_sees_the_low_stock_badge_books_an_inbound_delivery_and_reads_the_history() => InBrowserAsync(async page =>
    {
        var name = "到货测试耳机-" + Guid.NewGuid().ToString("N")[..6];
        await App.SeedProductAsync("demo", name, ("T-" + name[^6..], 0, 0));   // nothing on hand: at its threshold
        await SignInStaffAsync(page, "demo", "merchant@demo.local");
        await page.GotoAsync(App.Url("demo", "/admin"));
        var badge = page.GetByTestId("low-stock-count");
        var before = int.Parse(await badge.InnerTextAsync());
        Assert.True(before >= 1);

        await page.GetByTestId("low-stock-badge").ClickAsync();
        await Expect(page.Locator("[data-testid=low-stock-page][data-interactive=true]")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        var row = page.GetByTestId("low-stock-grid").Locator("tr", new() { HasText = name });
        await Expect(row).ToBeVisibleAsync();

        await row.GetByTestId("stock-history").ClickAsync();
        await Expect(page.GetByTestId("stock-history-grid")).ToContainTextAsync("还没有库存调整记录");
        await page.Keyboard.PressAsync("Escape");
        await Expect(page.GetByTestId("stock-history-grid")).ToHaveCountAsync(0);

        await row.GetByTestId("adjust-stock").ClickAsync();
        var delta = page.GetByTestId("adjust-delta").Locator("input");
        await delta.FillAsync("-1");
        await delta.PressAsync("Tab");
        await page.GetByTestId("adjust-save").ClickAsync();
        await Expect(page.GetByTestId("adjust-error")).ToBeVisibleAsync();   // nothing on hand to take away

        await delta.FillAsync("20");
        await delta.PressAsync("Tab");
        await page.GetByTestId("adjust-note").FillAsync("首批到货");
        await page.GetByTestId("adjust-save").ClickAsync();
        await Expect(page.GetByTestId("stock-message")).ToContainTextAsync("+20");
        await Expect(row).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("low-stock-total")).ToHaveTextAsync((before - 1).ToString());

        // The header badge is fresh on the next page.
        await page.GotoAsync(App.Url("demo", "/admin"));
        await Expect(page.GetByTestId("low-stock-count")).ToHaveTextAsync((before - 1).ToString());
    });

    [Fact]
    public Task Merchant_imports_a_csv_sees_the_row_errors_then_imports_the_fixed_file_and_finds_it_in_the_grid() => InBrowserAsync(async page =>
    {
        var tag = "b" + Guid.NewGuid().ToString("N")[..8];
        const string header = "slug,name,brand,category,status,specs,sku_code,price,market_price,stock,low_stock_threshold,weight_grams";
        var broken = $"{header}\n{tag}-scarf,真丝围巾 {tag},丝绸之路,,Listed,颜色:红,{tag}-R,199.00,,5,1,100\n{tag}-scarf,真丝围巾 "
            + $"{tag},丝绸之路,,Listed,颜色:蓝,{tag}-B,一百,,5,1,100\n";

        await SignInStaffAsync(page, "demo", "merchant@demo.local");
        await page.GotoAsync(App.Url("demo", "/admin/products/import"));
        await Expect(page.Locator("[data-testid=import-form][data-interactive=true]")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(page.GetByTestId("export-csv")).ToHaveAttributeAsync("href", "/api/v1/admin/catalog/products.csv");

        await page.GetByTestId("csv-file")
            .SetInputFilesAsync(new FilePayload { Name = "products.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(broken) });
        await Expect(page.GetByTestId("import-refused")).ToBeVisibleAsync();
        var error = page.GetByTestId("import-error");
        await Expect(error).ToHaveCountAsync(1);
        await Expect(error).ToContainTextAsync("3");
        await Expect(error).ToContainTextAsync("price");

        await page.GetByTestId("csv-file").SetInputFilesAsync(new FilePayload
        {
            Name = "products.csv",
            MimeType = "text/csv",
            Buffer = Encoding.UTF8.GetBytes(broken.Replace("一百", "189.00", StringComparison.Ordinal))
        });
        await Expect(page.GetByTestId("import-result")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("import-errors")).ToHaveCountAsync(0);

        await page.GotoAsync(App.Url("demo", "/admin/products"));
        await Expect(page.Locator("form[data-interactive=true]")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(page.GetByTestId("product-grid").Locator("tr", new() { HasText = "纯棉圆领T恤" })).ToBeVisibleAsync();   // loaded on first render
        var search = page.GetByTestId("product-search");
        await search.FillAsync(tag);
        await search.PressAsync("Enter");
        await Expect(page.GetByTestId("product-total")).ToContainTextAsync("1");
        var gridRow = page.GetByTestId("product-grid").Locator("tr", new() { HasText = "真丝围巾" });
        await Expect(gridRow).ToHaveCountAsync(1);
        await Expect(gridRow).ToContainTextAsync("189.00");
        await Expect(gridRow.GetByTestId("product-stock")).ToHaveTextAsync("10");
    });
}
