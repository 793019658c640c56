using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Storefront.Web.BrowserTests.Infrastructure;
using Storefront.Web.Tests.Infrastructure;
using Storefront.Web.Tests.Ordering;
using static Microsoft.Playwright.Assertions;

namespace Storefront.Web.BrowserTests.Ordering;

/// <summary>
/// A shopper on a phone (390×844, touch) with no address yet checks out: the checkout's own address form offers 省 → 市 → 区
/// from the same cascading lists as the address book, and the order keeps the official names.
/// </summary>
public sealed class CheckoutAddressTests(BrowserApp app) : BrowserTest(app), IClassFixture<BrowserApp>
{
    private static readonly BrowserNewContextOptions Phone = new()
    {
        Locale = "zh-CN",
        ViewportSize = new() { Width = 390, Height = 844 },
        HasTouch = true,
        IsMobile = true,
    };

    [Fact]
    public async Task On_a_phone_a_shopper_without_an_address_picks_province_city_and_district_at_checkout_and_the_order_shows_the_names()
    {
        var id = Guid.NewGuid().ToString("N")[..8];
        var code = "CA-" + id;
        var sku = (await App.SeedProductAsync("demo", "选址下单商品" + id, 120m, categoryId: null, list: true, (code, 5, 0)))[code];
        var email = $"checkout-picker-{id}@example.com";

        await InBrowserAsync(Phone, async page =>
        {
            await page.GotoAsync(App.Url("demo", "/account/register"));
            await page.GetByTestId("email").FillAsync(email);
            await page.GetByTestId("display-name").FillAsync("选址" + id);
            await page.GetByTestId("password").FillAsync("Secret2026");
            await page.GetByTestId("submit").TapAsync();
            await Expect(page).ToHaveURLAsync(App.Url("demo"));
            var shopper = await App.InStoreAsync("demo", db => db.Shoppers.Where(s => s.Email == email).Select(s => s.Id).SingleAsync());
            await App.AddToCartAsync("demo", shopper, sku, 1);

            await page.GotoAsync(App.Url("demo", "/checkout"));
            await Expect(page.GetByTestId("address-option")).ToHaveCountAsync(0);
            // The script took over: the no-script 选择 button is hidden, and no city or district is offered before a province.
            await Expect(page.GetByTestId("address-refine")).ToBeHiddenAsync();
            await Expect(page.GetByTestId("address-city").Locator("option")).ToHaveCountAsync(1);
            await page.GetByTestId("address-name").FillAsync("王小二");
            await page.GetByTestId("address-phone").FillAsync("139 1234 5678");
            await page.GetByTestId("address-province").TapAsync();
            await ChooseRegionAsync(page, "浙江省", "杭州市", "西湖区");
            await page.GetByTestId("address-street").FillAsync("文三路 90 号");
            await page.GetByTestId("place-order").TapAsync();

            await Expect(page).ToHaveURLAsync(new Regex("/orders/\\d{14,}$"));
            await Expect(page.GetByTestId("order-address")).ToContainTextAsync("浙江省 杭州市 西湖区 文三路 90 号");
        });

        var stored = await App.InStoreAsync("demo", db => db.Orders.Where(o => o.Lines.Any(l => l.SkuId == sku)).Select(o => o.Address).SingleAsync());
        Assert.Equal(("33", "3301", "330106"), (stored.ProvinceCode, stored.CityCode, stored.DistrictCode));
    }
}
