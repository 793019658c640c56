using Microsoft.EntityFrameworkCore;
using Storefront.Domain.Ordering;
using Storefront.Web.BrowserTests.Infrastructure;
using Storefront.Web.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Storefront.Web.BrowserTests.Privacy;

/// <summary>The merchant's order detail (desktop): a phone and street masked off the shipping screen, revealed with a reason (issue 19).</summary>
public sealed class OrderAddressRevealTests(BrowserApp app) : BrowserTest(app), IClassFixture<BrowserApp>
{
    [Fact]
    public async Task The_merchant_sees_a_masked_address_and_reveals_it_giving_a_reason()
    {
        var address = ShippingAddress.Create("赵六", "13612345678", "浙江省", "杭州市", "西湖区", "保俶路 8 号");
        var sku = await App.InStoreAsync("demo", db => db.Skus.OrderBy(s => s.Id).Select(s => s.Id).FirstAsync());
        var number = await App.PlaceOrderAsync("demo", paid: false, address, (sku, 1));

        await InBrowserAsync(async page =>
        {
            await SignInStaffAsync(page, "demo", "merchant@demo.local");
            await page.GotoAsync(App.Url("demo", $"/admin/orders/{number}"));
            await Expect(page.GetByTestId("order-address")).ToContainTextAsync("136****5678");
            await Expect(page.GetByTestId("order-address")).Not.ToContainTextAsync("保俶路");

            await page.GetByTestId("reveal-address").ClickAsync();
            await page.GetByTestId("reveal-confirm").ClickAsync();
            await Expect(page.GetByTestId("reveal-error")).ToBeVisibleAsync();
            await page.GetByTestId("reveal-reason").FillAsync("顾客来电要求核对地址");
            await page.GetByTestId("reveal-confirm").ClickAsync();
            await Expect(page.GetByTestId("revealed-address")).ToContainTextAsync("13612345678");
            await Expect(page.GetByTestId("revealed-address")).ToContainTextAsync("保俶路 8 号");
        });
    }
}
