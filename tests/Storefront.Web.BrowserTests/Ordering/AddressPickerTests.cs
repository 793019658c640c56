using Microsoft.Playwright;
using Storefront.Web.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Storefront.Web.BrowserTests.Ordering;

/// <summary>
/// A shopper on a phone (390×844, touch) adds an address by choosing 省 → 市 → 区 from the cascading pickers: each
/// choice fills the next list from the divisions endpoint, and the address is saved with the official names.
/// </summary>
public sealed class AddressPickerTests(BrowserApp app) : BrowserTest(app), IClassFixture<BrowserApp>
{
    [Fact]
    public async Task On_a_phone_the_shopper_chooses_province_city_and_district_and_saves_the_address()
    {
        await using var context = await App.Browser.NewContextAsync(new()
        {
            Locale = "zh-CN",
            ViewportSize = new() { Width = 390, Height = 844 },
            HasTouch = true,
            IsMobile = true,
        });
        context.SetDefaultTimeout(PatientMs);
        context.SetDefaultNavigationTimeout(PatientMs);
        var page = await context.NewPageAsync();
        var id = Guid.NewGuid().ToString("N")[..8];

        await page.GotoAsync(App.Url("demo", "/account/register"));
        await page.GetByTestId("email").FillAsync($"picker-{id}@example.com");
        await page.GetByTestId("display-name").FillAsync("选址" + id);
        await page.GetByTestId("password").FillAsync("Secret2026");
        await page.GetByTestId("submit").TapAsync();
        await Expect(page).ToHaveURLAsync(App.Url("demo"));

        await page.GotoAsync(App.Url("demo", "/account/addresses"));
        // The script took over: the no-script 选择 button is hidden, and no city or district is offered yet.
        await Expect(page.GetByTestId("address-refine")).ToBeHiddenAsync();
        var city = page.GetByTestId("address-city-select");
        var district = page.GetByTestId("address-district-select");
        await Expect(city.Locator("option")).ToHaveCountAsync(1);

        await page.GetByTestId("address-name-input").FillAsync("王小二");
        await page.GetByTestId("address-phone-input").FillAsync("+86 139 1234 5678");
        await page.GetByTestId("address-province-select").SelectOptionAsync(new SelectOptionValue { Label = "浙江省" });
        await Expect(city.Locator("option[value='3301']")).ToHaveTextAsync("杭州市");
        await Expect(city.Locator("option[value='4403']")).ToHaveCountAsync(0);
        await city.SelectOptionAsync(new SelectOptionValue { Label = "杭州市" });
        await Expect(district.Locator("option[value='330106']")).ToHaveTextAsync("西湖区");
        await district.SelectOptionAsync(new SelectOptionValue { Label = "西湖区" });
        await page.GetByTestId("address-street-input").FillAsync("文三路 90 号");
        await page.GetByTestId("address-save").TapAsync();

        await Expect(page.GetByTestId("address-done")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("address-line")).ToHaveTextAsync("浙江省 杭州市 西湖区 文三路 90 号");
        await Expect(page.GetByTestId("address-phone")).ToHaveTextAsync("13912345678");

        // Changing the province empties the city and district lists until the new province's cities arrive.
        await page.GetByTestId("address-province-select").SelectOptionAsync(new SelectOptionValue { Label = "广东省" });
        await Expect(city.Locator("option[value='4403']")).ToHaveTextAsync("深圳市");
        await Expect(district.Locator("option")).ToHaveCountAsync(1);
    }
}
