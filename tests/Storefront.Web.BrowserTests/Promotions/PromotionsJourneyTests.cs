using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Storefront.Domain.Promotions;
using Storefront.Web.BrowserTests.Infrastructure;
using Storefront.Web.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Storefront.Web.BrowserTests.Promotions;

/// <summary>
/// Issue 5's journeys end to end: an operator's 满减 and coupon reach a shopper's cart and payment; a flash sale counts
/// down, starts and sells out.
/// </summary>
public sealed class PromotionsJourneyTests(BrowserApp app) : BrowserTest(app), IClassFixture<BrowserApp>
{
    [Fact]
    public async Task An_operators_full_reduction_and_coupon_show_in_a_shoppers_cart_with_the_explanation_and_the_order_pays_the_right_amount()
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        var code = "PJ-" + tag;
        await App.SeedProductAsync("demo", "旅行箱 " + tag, 150m, categoryId: null, list: true, (code, 20, 0));
        var slug = await App.InStoreAsync("demo", db => db.Products.Where(p => p.Skus.Any(s => s.Code == code)).Select(p => p.Slug).SingleAsync());
        var (_, email) = (await App.ShoppersAsync("demo", 1)).Single();

        // The operator: 满200减50 for the whole store, and a claimable ¥20 coupon from ¥100 that stacks with it.
        await InBrowserAsync(async op =>
        {
            await SignInStaffAsync(op, "demo", "operator@demo.local");
            await op.GotoAsync(App.Url("demo", "/admin/promotions"));
            await Expect(op.Locator("[data-testid=promotions-page][data-interactive=true]")).ToBeVisibleAsync(new() { Timeout = 30_000 });
            await op.GetByTestId("promotion-name").FillAsync("满减" + tag);
            await FillNumberAsync(op, "promotion-tier-threshold-0", "200");
            await FillNumberAsync(op, "promotion-tier-value-0", "50");
            await op.GetByTestId("promotion-save").ClickAsync();
            await Expect(op.GetByTestId("promotion-message")).ToContainTextAsync("满减" + tag);

            await op.GetByTestId("promotions-nav-coupons").ClickAsync();
            await Expect(op.Locator("[data-testid=coupons-page][data-interactive=true]")).ToBeVisibleAsync(new() { Timeout = 30_000 });
            await op.GetByTestId("coupon-name").FillAsync("券" + tag);
            await FillNumberAsync(op, "coupon-value", "20");
            await FillNumberAsync(op, "coupon-min-spend", "100");
            await FillNumberAsync(op, "coupon-total", "10");
            await op.GetByTestId("coupon-save").ClickAsync();
            await Expect(op.GetByTestId("coupon-message")).ToContainTextAsync("券" + tag);
        });

        await InBrowserAsync(async shopper =>
        {
            await shopper.GotoAsync(App.Url("demo", "/account/login"));
            await shopper.GetByTestId("email").FillAsync(email);
            await shopper.GetByTestId("password").FillAsync(ShopperSeed.Password);
            await shopper.GetByTestId("submit").ClickAsync();
            await Expect(shopper.GetByTestId("shopper-name")).ToBeVisibleAsync();

            // Claim the coupon in the coupon centre.
            await shopper.GotoAsync(App.Url("demo", "/coupons"));
            var card = shopper.GetByTestId("coupon-card").Filter(new() { HasText = "券" + tag });
            await card.GetByTestId("claim-coupon").ClickAsync();
            await Expect(shopper.GetByTestId("claim-result")).ToContainTextAsync("券" + tag);

            // Two units of ¥150: 满200减50 applies, then the coupon takes ¥20 more: ¥230, explained line by line.
            await shopper.GotoAsync(App.Url("demo", "/p/" + slug));
            await Expect(shopper.GetByTestId("chosen-sku-code")).ToHaveValueAsync(code);   // its only SKU
            await shopper.GetByTestId("add-quantity").FillAsync("2");
            await shopper.GetByTestId("add-to-cart").ClickAsync();
            await Expect(shopper.GetByTestId("cart-added")).ToBeVisibleAsync();
            await shopper.GotoAsync(App.Url("demo", "/cart"));
            await Expect(shopper.GetByTestId("cart-line")).ToHaveCountAsync(1);
            await Expect(shopper.GetByTestId("promotion-hint").Filter(new() { HasText = "已享" })).ToContainTextAsync("满200减50");
            await Expect(shopper.GetByTestId("order-adjustment").Filter(new() { HasText = "满减" + tag })).ToContainTextAsync("50.00");
            await Expect(shopper.GetByTestId("order-adjustment").Filter(new() { HasText = "券" + tag })).ToContainTextAsync("20.00");
            await Expect(shopper.GetByTestId("cart-total")).ToContainTextAsync("230.00");

            // Checkout shows the same breakdown; the order and the gateway take exactly ¥230.00 (free shipping above ¥99).
            await shopper.GetByTestId("checkout").ClickAsync();
            await Expect(shopper).ToHaveURLAsync(new Regex("/checkout"));
            await shopper.GetByTestId("address-name").FillAsync("韩梅梅");
            await shopper.GetByTestId("address-phone").FillAsync("13912345678");
            await ChooseRegionAsync(shopper, "江苏省", "南京市", "鼓楼区");
            await shopper.GetByTestId("address-street").FillAsync("中山路 1 号");
            await Expect(shopper.GetByTestId("breakdown-adjustment-label").Filter(new() { HasText = "券" + tag })).ToBeVisibleAsync();
            await Expect(shopper.Locator("[data-testid=breakdown-adjustment][data-kind=coupon]")).ToContainTextAsync("20.00");
            await Expect(shopper.Locator("[data-testid=breakdown-adjustment][data-kind=order-promotion]")).ToContainTextAsync("50.00");
            await Expect(shopper.GetByTestId("total")).ToContainTextAsync("230.00");
            await shopper.GetByTestId("place-order").ClickAsync();

            await Expect(shopper).ToHaveURLAsync(new Regex("/orders/\\d{14,}$"));
            await Expect(shopper.GetByTestId("order-total")).ToContainTextAsync("230.00");
            await shopper.GetByTestId("pay").ClickAsync();
            await Expect(shopper.GetByTestId("sandbox-amount")).ToContainTextAsync("230.00");
            await shopper.GetByTestId("sandbox-pay").ClickAsync();
            await Expect(shopper.GetByTestId("order-status")).ToHaveTextAsync("待发货");
        });
    }

    [Fact]
    public async Task A_flash_sale_counts_down_starts_and_sells_out()
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        var code = "FS-" + tag;
        var skuId = (await App.SeedProductAsync("demo", "秒杀台灯 " + tag, 199m, categoryId: null, list: true, (code, 10, 0)))[code];
        var slug = await App.InStoreAsync("demo", db => db.Products.Where(p => p.Skus.Any(s => s.Id == skuId)).Select(p => p.Slug).SingleAsync());
        var (_, email) = (await App.ShoppersAsync("demo", 1)).Single();
        var sessionName = "整点秒杀-" + tag;
        var start = App.Clock.GetUtcNow().AddSeconds(4);
        await App.InStoreAsync("demo", async db =>
        {
            var sale = FlashSale.Create(db.TenantId!.Value, sessionName, start, start.AddHours(1), App.Clock.GetUtcNow());
            sale.SetItem((await db.Skus.SingleAsync(s => s.Id == skuId)).ProductId, new FlashSaleItemDraft(skuId, 99m, 1, 1), 199m, App.Clock.GetUtcNow());
            db.FlashSales.Add(sale);
            return await db.SaveChangesAsync();
        });

        await InBrowserAsync(async shopper =>
        {
            // Before the start: counting down, then 已开始 when it reaches zero.
            await shopper.GotoAsync(App.Url("demo", "/flash"));
            var session = shopper.GetByTestId("flash-session").Filter(new() { HasText = sessionName });
            await Expect(session).ToHaveAttributeAsync("data-phase", "Upcoming");
            await Expect(session.GetByTestId("flash-countdown")).ToHaveTextAsync("已开始", new() { Timeout = 15_000 });

            // The store's clock passes the start; the shopper buys the one unit of the quota at the flash price.
            App.Clock.Advance(TimeSpan.FromSeconds(5));
            await shopper.GotoAsync(App.Url("demo", "/account/login"));
            await shopper.GetByTestId("email").FillAsync(email);
            await shopper.GetByTestId("password").FillAsync(ShopperSeed.Password);
            await shopper.GetByTestId("submit").ClickAsync();
            await Expect(shopper.GetByTestId("shopper-name")).ToBeVisibleAsync();
            await shopper.GotoAsync(App.Url("demo", "/p/" + slug));
            await Expect(shopper.GetByTestId("product-flash-price")).ToContainTextAsync("99.00");
            await Expect(shopper.GetByTestId("chosen-sku-code")).ToHaveValueAsync(code);   // its only SKU
            await shopper.GetByTestId("add-quantity").FillAsync("1");
            await shopper.GetByTestId("add-to-cart").ClickAsync();
            await Expect(shopper.GetByTestId("cart-added")).ToBeVisibleAsync();
            await shopper.GotoAsync(App.Url("demo", "/cart"));
            await Expect(shopper.GetByTestId("cart-total")).ToContainTextAsync("99.00");
            await shopper.GetByTestId("checkout").ClickAsync();
            await shopper.GetByTestId("address-name").FillAsync("李雷");
            await shopper.GetByTestId("address-phone").FillAsync("13812345678");
            await ChooseRegionAsync(shopper, "浙江省", "杭州市", "西湖区");
            await shopper.GetByTestId("address-street").FillAsync("文三路 90 号");
            await Expect(shopper.GetByTestId("total")).ToContainTextAsync("99.00");
            await shopper.GetByTestId("place-order").ClickAsync();
            await Expect(shopper).ToHaveURLAsync(new Regex("/orders/\\d{14,}$"));
            await Expect(shopper.GetByTestId("order-total")).ToContainTextAsync("99.00");

            // Sold out: the flash page and the product page say so.
            await shopper.GotoAsync(App.Url("demo", "/flash"));
            var item = shopper.GetByTestId("flash-session").Filter(new() { HasText = sessionName }).GetByTestId("flash-item");
            await Expect(item.GetByTestId("flash-sold-out")).ToBeVisibleAsync();
            await shopper.GotoAsync(App.Url("demo", "/p/" + slug));
            await Expect(shopper.GetByTestId("product-flash-sold-out")).ToBeVisibleAsync();
        });
    }

    private static async Task FillNumberAsync(IPage page, string testId, string value)
    {
        var input = page.GetByTestId(testId).Locator("input");
        await input.FillAsync(value.ToString(CultureInfo.InvariantCulture));
        await input.PressAsync("Tab");
    }
}
