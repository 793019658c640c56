using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Storefront.Web.Features.Ordering;
using Storefront.Web.Tests.Infrastructure;

namespace Storefront.Web.Tests.Ordering;

/// <summary>The address book (收货地址) over HTTP and PostgreSQL: mainland mobile validation, one default, each shopper their own.</summary>
public sealed class AddressBookTests(StorefrontApp app) : IClassFixture<StorefrontApp>
{
    private static object Address(string name = "张三", string phone = "13800138000", bool isDefault = false) =>
        new { name, phone, province = "上海市", city = "上海市", district = "浦东新区", street = "世纪大道 100 号", isDefault };

    private async Task<HttpClient> ShopperAsync(string email)
    {
        var client = app.ClientFor("demo");
        Assert.Equal(HttpStatusCode.OK,
            (await client.PostAsJsonAsync("/api/v1/account/register", new { email, password = "storefront-demo", displayName = "买家" })).StatusCode);
        return client;
    }

    private static async Task<List<ListAddresses.Address>> ListAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<List<ListAddresses.Address>>("/api/v1/addresses"))!;

    private static async Task<ListAddresses.Address> CreateAsync(HttpClient client, object body)
    {
        var response = await client.PostAsJsonAsync("/api/v1/addresses", body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<ListAddresses.Address>())!;
    }

    [Fact]
    public async Task The_first_address_is_the_default_and_the_phone_is_kept_as_its_eleven_digits()
    {
        var shopper = await ShopperAsync("addr-first@example.com");

        var created = await CreateAsync(shopper, Address(phone: "+86 138-0013-8000"));

        Assert.True(created.IsDefault);
        Assert.Equal("13800138000", created.Phone);
        var listed = Assert.Single(await ListAsync(shopper));
        Assert.Equal("上海市 上海市 浦东新区 世纪大道 100 号", listed.OneLine);
    }

    [Theory]
    [InlineData("12800138000")]
    [InlineData("1380013800")]
    [InlineData("021-12345678")]
    [InlineData("")]
    public async Task An_invalid_mobile_number_is_a_field_error_and_saves_nothing(string phone)
    {
        var shopper = await ShopperAsync($"addr-bad-{phone.Length}-{Guid.NewGuid():N}@example.com");

        var response = await shopper.PostAsJsonAsync("/api/v1/addresses", Address(phone: phone));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("请填写正确的 11 位中国大陆手机号码。", problem.GetProperty("errors").GetProperty("phone")[0].GetString());
        Assert.Empty(await ListAsync(shopper));
    }

    [Fact]
    public async Task Only_one_address_is_the_default_and_deleting_it_hands_the_flag_on()
    {
        var shopper = await ShopperAsync("addr-default@example.com");
        var home = await CreateAsync(shopper, Address("家"));
        var office = await CreateAsync(shopper, Address("公司", isDefault: true));
        var third = await CreateAsync(shopper, Address("父母家"));

        var list = await ListAsync(shopper);
        Assert.Equal(office.Id, Assert.Single(list, a => a.IsDefault).Id);
        Assert.Equal(office.Id, list[0].Id);   // the default first

        Assert.Equal(HttpStatusCode.OK, (await shopper.PostAsync($"/api/v1/addresses/{third.Id}/default", null)).StatusCode);
        Assert.Equal(third.Id, Assert.Single(await ListAsync(shopper), a => a.IsDefault).Id);

        // Editing an address keeps it; editing it to default moves the flag.
        var edited = await shopper.PutAsJsonAsync($"/api/v1/addresses/{home.Id}", Address("家（新）", "139 0013 9000", isDefault: true));
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        list = await ListAsync(shopper);
        var homeNow = Assert.Single(list, a => a.IsDefault);
        Assert.Equal((home.Id, "家（新）", "13900139000"), (homeNow.Id, homeNow.Name, homeNow.Phone));

        Assert.Equal(HttpStatusCode.NoContent, (await shopper.DeleteAsync($"/api/v1/addresses/{home.Id}")).StatusCode);
        list = await ListAsync(shopper);
        Assert.Equal(2, list.Count);
        Assert.Single(list, a => a.IsDefault);
    }

    [Fact]
    public async Task A_shopper_cannot_see_or_change_another_shoppers_addresses_and_a_guest_must_sign_in()
    {
        var owner = await ShopperAsync("addr-owner@example.com");
        var mine = await CreateAsync(owner, Address());
        var other = await ShopperAsync("addr-other@example.com");

        Assert.Empty(await ListAsync(other));
        Assert.Equal(HttpStatusCode.NotFound, (await other.PutAsJsonAsync($"/api/v1/addresses/{mine.Id}", Address("冒名"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostAsync($"/api/v1/addresses/{mine.Id}/default", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.DeleteAsync($"/api/v1/addresses/{mine.Id}")).StatusCode);
        Assert.Equal("张三", Assert.Single(await ListAsync(owner)).Name);

        var guest = app.ClientFor("demo");
        Assert.Equal(HttpStatusCode.Unauthorized, (await guest.GetAsync("/api/v1/addresses")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await guest.PostAsJsonAsync("/api/v1/addresses", Address())).StatusCode);
        var page = await guest.GetAsync("/account/addresses");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Contains("/account/login", page.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task The_page_shows_an_invalid_phone_beside_its_field_and_saves_a_valid_address()
    {
        var shopper = await ShopperAsync("addr-page@example.com");
        var fields = new Dictionary<string, string>
        {
            ["Input.Name"] = "李四",
            ["Input.Phone"] = "12345",
            ["Input.ProvinceCode"] = "44",
            ["Input.CityCode"] = "4403",
            ["Input.DistrictCode"] = "440305",
            ["Input.Street"] = "科技园 1 号",
        };

        var refused = Forms.Parse(await (await shopper.SubmitAsync("/account/addresses", "form[data-testid=address-form]", fields))
            .Content.ReadAsStringAsync());
        Assert.Equal("请填写正确的 11 位中国大陆手机号码。", refused.QuerySelector("[data-testid=address-phone-error]")?.TextContent);
        Assert.Null(refused.QuerySelector("[data-testid=address]"));
        Assert.Empty(await ListAsync(shopper));

        fields["Input.Phone"] = "13912345678";
        var saved = Forms.Parse(await (await shopper.SubmitAsync("/account/addresses", "form[data-testid=address-form]", fields)).Content.ReadAsStringAsync());
        Assert.NotNull(saved.QuerySelector("[data-testid=address-done]"));
        var entry = saved.QuerySelector("[data-testid=address]")!;
        Assert.Equal("李四", entry.QuerySelector("[data-testid=address-name]")?.TextContent);
        Assert.NotNull(entry.QuerySelector("[data-testid=address-default]"));
        var stored = Assert.Single(await ListAsync(shopper));
        Assert.Equal("13912345678", stored.Phone);
        Assert.Equal(("广东省", "深圳市", "南山区", "44", "4403", "440305"),
            (stored.Province, stored.City, stored.District, stored.ProvinceCode, stored.CityCode, stored.DistrictCode));

        // The header links a signed-in shopper to 我的 (/account), which lists the address book.
        Assert.NotNull(saved.QuerySelector("a[data-testid=account-link][href='/account']"));
        var account = await shopper.GetPageAsync("/account");
        Assert.NotNull(account.QuerySelector("a[data-testid=addresses-link][href='/account/addresses']"));
    }

    [Fact]
    public async Task Saving_by_codes_stores_the_codes_and_their_official_names()
    {
        var shopper = await ShopperAsync($"addr-codes-{Guid.NewGuid():N}@example.com");

        var created = await CreateAsync(shopper, new
        {
            name = "王五",
            phone = "+86 139 1234 5678",
            provinceCode = "33",
            cityCode = "3301",
            districtCode = "330106",
            street = "文三路 90 号",
        });

        Assert.Equal(("浙江省", "杭州市", "西湖区"), (created.Province, created.City, created.District));
        var stored = Assert.Single(await ListAsync(shopper));
        Assert.Equal(("33", "3301", "330106", "13912345678"), (stored.ProvinceCode, stored.CityCode, stored.DistrictCode, stored.Phone));
        Assert.Equal("浙江省 杭州市 西湖区 文三路 90 号", stored.OneLine);
    }

    [Theory]
    [InlineData("99", "3301", "330106", "provinceCode", "请从列表中选择省份。")]
    [InlineData("33", "4403", "440305", "cityCode", "请选择所选省份中的城市。")]
    [InlineData("33", "3301", "330212", "districtCode", "请选择所选城市中的区县。")]
    [InlineData("33", "3301", "", "districtCode", "请选择所选城市中的区县。")]
    public async Task Codes_that_do_not_exist_or_do_not_nest_are_a_field_error_and_save_nothing(
        string province, string city, string district, string field, string message)
    {
        var shopper = await ShopperAsync($"addr-badcode-{Guid.NewGuid():N}@example.com");

        var response = await shopper.PostAsJsonAsync("/api/v1/addresses", new
        {
            name = "王五",
            phone = "13912345678",
            provinceCode = province,
            cityCode = city,
            districtCode = district,
            street = "文三路 90 号",
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(message, problem.GetProperty("errors").GetProperty(field)[0].GetString());
        Assert.Empty(await ListAsync(shopper));
    }

    [Fact]
    public async Task The_pickers_options_come_from_the_divisions_endpoint_and_without_script_the_form_refines_by_post()
    {
        var client = app.ClientFor("demo");
        var provinces = (await client.GetFromJsonAsync<List<ListDivisions.Option>>("/api/v1/divisions"))!;
        Assert.Equal(31, provinces.Count);
        var cities = await client.GetAsync("/api/v1/divisions?parent=33");
        Assert.Contains("public", cities.Headers.CacheControl?.ToString());
        Assert.Contains(new ListDivisions.Option("3301", "杭州市"), (await cities.Content.ReadFromJsonAsync<List<ListDivisions.Option>>())!);

        // 选择 (the no-script path): the province posted back, the page offers its cities and saves nothing.
        var shopper = await ShopperAsync($"addr-refine-{Guid.NewGuid():N}@example.com");
        var page = Forms.Parse(await (await shopper.SubmitAsync("/account/addresses", "form[data-testid=address-form]",
            new Dictionary<string, string> { ["Input.Name"] = "李四", ["Input.ProvinceCode"] = "33", ["refine"] = "1" })).Content.ReadAsStringAsync());
        var cityOptions = page.QuerySelectorAll("[data-testid=address-city-select] option").Select(o => o.GetAttribute("value")).ToList();
        Assert.Contains("3301", cityOptions);
        Assert.DoesNotContain("4403", cityOptions);
        Assert.Equal("33", page.QuerySelector("[data-testid=address-province-select] option[selected]")?.GetAttribute("value"));
        Assert.Null(page.QuerySelector("[data-testid=address-done]"));
        Assert.Empty(await ListAsync(shopper));
    }
}
