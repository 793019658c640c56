using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Storefront.Domain.Ordering;
using Storefront.Web.BrowserTests.Infrastructure;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Storefront.Web.BrowserTests.AfterSales;

/// <summary>A return, as the shopper and the merchant see it: one of two units goes back, and the shopper sees the exact refund.</summary>
public sealed class AfterSalesJourneyTests(BrowserApp app) : BrowserTest(app), IClassFixture<BrowserApp>
{
    [Fact]
    public async Task A_shopper_returns_one_of_two_units_the_merchant_approves_receives_and_refunds_and_the_shopper_sees_the_amount()
    {
        // A completed order of two units at ¥88.00, seeded through the domain to keep the journey short.
        var code = "RET-" + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        var skuId = (await App.SeedProductAsync("demo", "退货测试 " + code, 88m, categoryId: null, list: true, (code, 10, 0)))[code];
        var number = await App.PlaceOrderAsync("demo", paid: true, (skuId, 2));
        await App.InStoreAsync("demo", async db =>
        {
            var now = App.Clock.GetUtcNow();
            var order = await db.Orders.Include(o => o.Lines).SingleAsync(o => o.Number == number);
            order.Ship("顺丰速运", "SF" + number[^8..], [], OrderActor.Staff(null), TimeSpan.FromDays(10), now);
            await SkuStock.DeductAsync(db, order.TenantId, [(skuId, 2)], default);
            order.ConfirmReceipt(OrderActor.Shopper(order.ShopperId), now);
            return await db.SaveChangesAsync();
        });
        var caseUrl = "";

        // The shopper asks to return one of the two units from the order page.
        await InBrowserAsync(async shopper =>
        {
            await SignInShopperAsync(shopper);
            await shopper.GotoAsync(App.Url("demo", $"/orders/{number}"));
            await shopper.GetByTestId("apply-aftersales").ClickAsync();
            await Expect(shopper.GetByTestId("apply-form")).ToBeVisibleAsync();
            await shopper.GetByTestId("apply-kind").SelectOptionAsync("ReturnAndRefund");
            await shopper.GetByTestId("apply-reason").SelectOptionAsync("NoReason");
            await shopper.GetByTestId("apply-quantity").FillAsync("1");
            await shopper.GetByTestId("apply-description").FillAsync("尺码不合适");
            await shopper.GetByTestId("apply-submit").ClickAsync();
            await Expect(shopper).ToHaveURLAsync(new Regex("/aftersales/[0-9a-f-]{36}$"));
            await Expect(shopper.GetByTestId("case-status")).ToHaveTextAsync("待商家处理");
            await Expect(shopper.GetByTestId("case-refund-amount")).ToContainTextAsync("88.00");
            caseUrl = new Uri(shopper.Url).AbsolutePath;
        });

        // The merchant finds it in the queue and approves, giving the return address.
        await InBrowserAsync(async merchant =>
        {
            await SignInStaffAsync(merchant, "demo", "merchant@demo.local");
            await merchant.GotoAsync(App.Url("demo", "/admin/aftersales"));
            await Expect(merchant.GetByTestId("case-grid")).ToContainTextAsync(number);
            await merchant.GotoAsync(App.Url("demo", "/admin" + caseUrl));
            await Expect(merchant.GetByTestId("case-status")).ToHaveTextAsync("待商家处理");
            await merchant.GetByTestId("approve-address").FillAsync("上海市浦东新区 退货仓 1 号");
            await merchant.GetByTestId("approve-button").ClickAsync();
            await Expect(merchant.GetByTestId("case-status")).ToHaveTextAsync("待买家退货");
        });

        // The shopper sees the address and enters the tracking number of the parcel sent back.
        await InBrowserAsync(async shopper =>
        {
            await SignInShopperAsync(shopper);
            await shopper.GotoAsync(App.Url("demo", caseUrl));
            await Expect(shopper.GetByTestId("case-return-address")).ToHaveTextAsync("上海市浦东新区 退货仓 1 号");
            await shopper.GetByTestId("return-carrier").FillAsync("顺丰速运");
            await shopper.GetByTestId("return-tracking").FillAsync("SF7000000001");
            await shopper.GetByTestId("return-submit").ClickAsync();
            await Expect(shopper.GetByTestId("case-return-parcel")).ToContainTextAsync("SF7000000001");
        });

        // The merchant confirms the parcel arrived (back to stock) and refunds.
        await InBrowserAsync(async merchant =>
        {
            await SignInStaffAsync(merchant, "demo", "merchant@demo.local");
            await merchant.GotoAsync(App.Url("demo", "/admin" + caseUrl));
            await Expect(merchant.GetByTestId("case-return-parcel")).ToContainTextAsync("SF7000000001");
            await merchant.GetByTestId("receive-button").ClickAsync();
            await Expect(merchant.GetByTestId("case-status")).ToHaveTextAsync("商家已收货");
            await merchant.GetByTestId("refund-button").ClickAsync();
            await Expect(merchant.GetByTestId("case-status")).ToHaveTextAsync("已退款");
        });

        // The shopper sees the exact amount refunded.
        await InBrowserAsync(async shopper =>
        {
            await SignInShopperAsync(shopper);
            await shopper.GotoAsync(App.Url("demo", caseUrl));
            await Expect(shopper.GetByTestId("case-status")).ToHaveTextAsync("已退款");
            await Expect(shopper.GetByTestId("case-refund-amount")).ToContainTextAsync("88.00");
            await Expect(shopper.GetByTestId("case-refunded-at")).ToBeVisibleAsync();
            await shopper.GotoAsync(App.Url("demo", $"/orders/{number}"));
            await Expect(shopper.GetByTestId("line-case")).ToContainTextAsync("已退款");
        });

        Assert.Equal((9, 0), await App.StockAsync("demo", skuId));
        Assert.Equal(88m, (await App.OrderAsync("demo", number)).RefundedAmount);
    }

    private async Task SignInShopperAsync(IPage page)
    {
        await page.GotoAsync(App.Url("demo", "/account/login"));
        await page.GetByTestId("email").FillAsync("shopper@demo.local");
        await page.GetByTestId("password").FillAsync("storefront-demo");
        await page.GetByTestId("submit").ClickAsync();
        await Expect(page.GetByTestId("shopper-name")).ToBeVisibleAsync();
    }
}
