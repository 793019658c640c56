using Storefront.Web.BrowserTests.Infrastructure;
using Storefront.Web.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Storefront.Web.BrowserTests.Catalog.Admin;

/// <summary>库存调整 for any SKU, from the product list and from the editor, with its history in Beijing time.</summary>
public sealed class StockAdjustmentTests(BrowserApp app) : BrowserTest(app), IClassFixture<BrowserApp>
{
    [Fact]
    public async Task A_merchant_adjusts_from_the_list_and_the_editor_is_refused_below_zero_beside_the_field_and_reads_the_history()
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        var name = "调整测试杯-" + tag;
        var code = "ADJ-" + tag;
        await App.SeedProductAsync("demo", name, (code, 5, 0));

        await InBrowserAsync(Devices.Desktop, async page =>
        {
            await SignInStaffAsync(page, "demo", "merchant@demo.local");
            await page.GotoAsync(App.Url("demo", "/admin/products"));
            await Expect(page.Locator("form[data-interactive=true]")).ToBeVisibleAsync(new() { Timeout = 30_000 });
            var search = page.GetByTestId("product-search");
            await search.FillAsync(name);
            await search.PressAsync("Enter");
            var row = page.GetByTestId("product-grid").Locator("tr", new() { HasText = name });
            await Expect(row).ToHaveCountAsync(1);
            await row.GetByTestId("product-adjust-stock").ClickAsync();

            var skus = page.GetByTestId("product-stock-dialog");
            var sku = skus.Locator($"[data-testid=product-stock-sku][data-code='{code}']");
            await Expect(sku.GetByTestId("sku-on-hand")).ToHaveTextAsync("5");
            await sku.GetByTestId("adjust-stock").ClickAsync();

            // Taking away more than there is: refused beside the quantity, nothing booked.
            var form = page.GetByTestId("adjust-form");
            var delta = page.GetByTestId("adjust-delta").Locator("input");
            await delta.FillAsync("-6");
            await delta.PressAsync("Tab");
            await page.GetByTestId("adjust-save").ClickAsync();
            await Expect(form.Locator(".validation-message")).ToContainTextAsync("库存不足：现有 5 件，不能减少 6 件。");
            await Expect(page.GetByTestId("adjust-error")).ToBeVisibleAsync();

            // Add 7 instead (setting to a count is StockTests' API case).
            await delta.FillAsync("7");
            await delta.PressAsync("Tab");
            await page.GetByTestId("adjust-save").ClickAsync();
            await Expect(form).ToHaveCountAsync(0);
            await Expect(skus.GetByTestId("stock-message")).ToContainTextAsync("+7");
            await Expect(sku.GetByTestId("sku-on-hand")).ToHaveTextAsync("12");
            await page.Keyboard.PressAsync("Escape");
            await Expect(skus).ToHaveCountAsync(0);
            await Expect(row.GetByTestId("product-stock")).ToHaveTextAsync("12");

            // From the editor, a second later (the history orders by time): add 3, then the history, newest first.
            App.Clock.Advance(TimeSpan.FromSeconds(1));
            var beijing = App.Clock.GetUtcNow().ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd HH:mm");
            await row.GetByTestId("edit-product-link").ClickAsync();
            await Expect(page.Locator("form[data-testid=product-editor][data-interactive=true]")).ToBeVisibleAsync(new() { Timeout = 30_000 });
            await page.GetByTestId("sku-adjust-stock").ClickAsync();
            await delta.FillAsync("3");
            await delta.PressAsync("Tab");
            await page.GetByTestId("adjust-note").FillAsync("补货");
            await page.GetByTestId("adjust-save").ClickAsync();
            await Expect(page.GetByTestId("stock-message")).ToContainTextAsync("+3");
            await Expect(page.GetByTestId("sku-on-hand")).ToHaveTextAsync("15");

            await page.GetByTestId("sku-stock-history").ClickAsync();
            var history = page.GetByTestId("stock-history-grid").Locator("tbody tr");
            await Expect(history).ToHaveCountAsync(2);
            await Expect(history.Nth(0).GetByTestId("history-delta")).ToHaveTextAsync("+3");
            await Expect(history.Nth(0).GetByTestId("history-change")).ToHaveTextAsync("12 → 15");
            await Expect(history.Nth(0).GetByTestId("history-reason")).ToHaveTextAsync("入库");
            await Expect(history.Nth(0).GetByTestId("history-actor")).ToHaveTextAsync("示例商店 merchant");
            await Expect(history.Nth(0).GetByTestId("history-at")).ToHaveTextAsync(beijing);
            await Expect(history.Nth(0)).ToContainTextAsync("补货");
            await Expect(history.Nth(1).GetByTestId("history-delta")).ToHaveTextAsync("+7");
            await Expect(history.Nth(1).GetByTestId("history-change")).ToHaveTextAsync("5 → 12");
        });
    }
}
