using Microsoft.Playwright;
using Storefront.Web.BrowserTests.Infrastructure;
using Storefront.Web.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Storefront.Web.BrowserTests.Promotions;

/// <summary>An operator sets up a 满减 and a coupon in the admin pages; bad input shows beside its field.</summary>
public sealed class OperatorPromotionsTests(BrowserApp app) : BrowserTest(app), IClassFixture<BrowserApp>
{
    private static async Task FillNumberAsync(IPage page, string testId, string value)
    {
        var input = page.GetByTestId(testId).Locator("input");
        await input.FillAsync(value);
        await input.PressAsync("Tab");
    }

    [Fact]
    public Task Operator_creates_a_full_reduction_promotion_and_a_coupon_after_fixing_field_errors() => InBrowserAsync(async page =>
    {
        var tag = Guid.NewGuid().ToString("N")[..4];
        await SignInStaffAsync(page, "demo", "operator@demo.local");
        await page.GotoAsync(App.Url("demo", "/admin/promotions"));
        await Expect(page.Locator("[data-testid=promotions-page][data-interactive=true]")).ToBeVisibleAsync(new() { Timeout = 30_000 });

        await page.GetByTestId("promotion-name").FillAsync("满减" + tag);
        await FillNumberAsync(page, "promotion-tier-threshold-0", "200");
        await FillNumberAsync(page, "promotion-tier-value-0", "250");
        await page.GetByTestId("promotion-save").ClickAsync();
        await Expect(page.GetByTestId("promotion-tiers-error")).ToContainTextAsync("满200减250");
        await Expect(page.GetByTestId("promotion-error")).ToBeVisibleAsync();

        await FillNumberAsync(page, "promotion-tier-value-0", "50");
        await page.GetByTestId("promotion-add-tier").ClickAsync();
        await FillNumberAsync(page, "promotion-tier-threshold-1", "300");
        await FillNumberAsync(page, "promotion-tier-value-1", "100");
        await page.GetByTestId("promotion-save").ClickAsync();
        await Expect(page.GetByTestId("promotion-message")).ToContainTextAsync("满减" + tag);
        var row = page.GetByTestId("promotion-grid").Locator("tr", new() { HasText = "满减" + tag });
        await Expect(row.GetByTestId("promotion-row-summary")).ToHaveTextAsync("满200减50，满300减100");
        await Expect(row.GetByTestId("promotion-row-state")).ToHaveTextAsync("进行中");

        await page.GetByTestId("promotions-nav-coupons").ClickAsync();
        await Expect(page.Locator("[data-testid=coupons-page][data-interactive=true]")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await page.GetByTestId("coupon-name").FillAsync("券" + tag);
        await FillNumberAsync(page, "coupon-value", "20");
        await FillNumberAsync(page, "coupon-min-spend", "10");
        await page.GetByTestId("coupon-save").ClickAsync();
        await Expect(page.GetByTestId("coupon-value-error")).ToBeVisibleAsync();   // 20 off a 10 minimum spend

        await FillNumberAsync(page, "coupon-min-spend", "100");
        await FillNumberAsync(page, "coupon-total", "50");
        await page.GetByTestId("coupon-save").ClickAsync();
        await Expect(page.GetByTestId("coupon-message")).ToContainTextAsync("券" + tag);
        var coupon = page.GetByTestId("coupon-grid").Locator("tr", new() { HasText = "券" + tag });
        await Expect(coupon.GetByTestId("coupon-row-summary")).ToHaveTextAsync("满100减20");
        await Expect(coupon.GetByTestId("coupon-row-issued")).ToContainTextAsync("0 / 50");
    });

    [Fact]
    public Task Operator_sets_up_a_flash_sale_and_previews_a_cart() => InBrowserAsync(async page =>
    {
        var name = "秒杀耳机-" + Guid.NewGuid().ToString("N")[..6];
        await App.SeedProductAsync("demo", name, ("F-" + name[^6..], 50, 0));   // ¥10.00
        await SignInStaffAsync(page, "demo", "operator@demo.local");
        await page.GotoAsync(App.Url("demo", "/admin/promotions/flash-sales"));
        await Expect(page.Locator("[data-testid=flash-sales-page][data-interactive=true]")).ToBeVisibleAsync(new() { Timeout = 30_000 });

        await page.GetByTestId("flash-name").FillAsync("整点" + name[^6..]);
        await page.GetByTestId("flash-item-sku-0").ClickAsync();
        await page.Locator(".rz-dropdown-item", new() { HasText = name }).ClickAsync();
        await FillNumberAsync(page, "flash-item-price-0", "12");
        await FillNumberAsync(page, "flash-item-quota-0", "5");
        await FillNumberAsync(page, "flash-item-limit-0", "3");
        await page.GetByTestId("flash-save").ClickAsync();
        await Expect(page.GetByTestId("flash-items-error")).ToContainTextAsync("10.00");   // not below the SKU price

        await FillNumberAsync(page, "flash-item-price-0", "6.5");
        await page.GetByTestId("flash-save").ClickAsync();
        await Expect(page.GetByTestId("flash-message")).ToBeVisibleAsync();
        var row = page.GetByTestId("flash-grid").Locator("tr", new() { HasText = "整点" + name[^6..] });
        await Expect(row.GetByTestId("flash-row-state")).ToHaveTextAsync("未开始");
        await Expect(row.GetByTestId("flash-row-item")).ToContainTextAsync("¥6.50");

        await page.GetByTestId("promotions-nav-preview").ClickAsync();
        await Expect(page.Locator("[data-testid=preview-page][data-interactive=true]")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await page.GetByTestId("preview-sku-0").ClickAsync();
        await page.Locator(".rz-dropdown-item", new() { HasText = name }).ClickAsync();
        await FillNumberAsync(page, "preview-quantity-0", "3");
        await page.GetByTestId("preview-run").ClickAsync();
        await Expect(page.GetByTestId("preview-subtotal")).ToHaveTextAsync("¥30.00");

        var at = await page.GetByTestId("preview-at").InputValueAsync();   // an hour later the flash sale is on
        await page.GetByTestId("preview-at").FillAsync(
            DateTime.Parse(at, System.Globalization.CultureInfo.InvariantCulture).AddHours(1).AddMinutes(1)
                .ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture));
        await page.GetByTestId("preview-at").PressAsync("Tab");
        await page.GetByTestId("preview-run").ClickAsync();
        await Expect(page.GetByTestId("preview-result")).ToContainTextAsync("17:01");
        await Expect(page.GetByTestId("preview-line-adjustment").First).ToContainTextAsync("秒杀");
    });
}
