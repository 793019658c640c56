using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Storefront.Web.Tests.Infrastructure;

namespace Storefront.Web.Tests.Ordering;

/// <summary>
/// Shipping methods by region (issue 17, item 4): a method limited to provinces by their official codes is offered and
/// priced only for an address there, the store-wide methods everywhere, and orders keep the address's codes.
/// Its own class (and so its own database): the methods it adds would change what other checkout tests are offered.
/// </summary>
public sealed class ShippingRegionTests(StorefrontApp app) : IClassFixture<StorefrontApp>
{
    private static async Task<JsonElement> Json(HttpResponseMessage response) => await response.Content.ReadFromJsonAsync<JsonElement>();

    private static object Address(string province, string city, string district) =>
        new { name = "李四", phone = "139 1234 5678", provinceCode = province, cityCode = city, districtCode = district, street = "人民路 1 号" };

    [Fact]
    public async Task A_method_for_some_provinces_prices_orders_there_and_is_refused_elsewhere()
    {
        var merchant = app.ClientFor("demo");
        await merchant.SignInStaffAsync("merchant@demo.local");
        var created = await merchant.PostAsJsonAsync("/api/v1/admin/shipping-templates",
            new { name = "江浙包邮", kind = "Flat", fee = 0m, position = 0, isDefault = true, regionCodes = new[] { "33", "32" } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var region = await Json(created);
        Assert.Equal(["32", "33"], region.GetProperty("regionCodes").EnumerateArray().Select(c => c.GetString()));
        var regionId = region.GetProperty("id").GetGuid();

        var refused = await merchant.PostAsJsonAsync("/api/v1/admin/shipping-templates",
            new { name = "坏地区", kind = "Flat", fee = 1m, regionCodes = new[] { "330106" } });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains((await Json(refused)).GetProperty("errors").EnumerateObject(), e => e.Name.StartsWith("regionCodes", StringComparison.Ordinal));

        var (client, shopper) = await app.NewShopperAsync();
        var sku = (await app.SeedProductAsync("demo", "地区运费商品", 20m, categoryId: null, list: true, ("RG-" + Guid.NewGuid().ToString("N")[..8], 10, 0)))
            .Values.Single();

        // 杭州: the regional method (the default) applies, shipping free.
        await app.AddToCartAsync("demo", shopper, sku, 1);
        var hangzhou = await client.PlaceOrderAsync("rg-a-" + Guid.NewGuid(), new { address = Address("33", "3301", "330106") });
        Assert.Equal(HttpStatusCode.Created, hangzhou.StatusCode);
        var hangzhouOrder = await Json(hangzhou);
        Assert.Equal(20m, hangzhouOrder.GetProperty("total").GetDecimal());
        var stored = await app.StoredOrderAsync("demo", hangzhouOrder.GetProperty("number").GetString()!);
        Assert.Equal((0m, "江浙包邮"), (stored.ShippingFee, stored.ShippingMethod));
        Assert.Equal(("33", "3301", "330106", "浙江省"), (stored.Address.ProvinceCode, stored.Address.CityCode, stored.Address.DistrictCode,
            stored.Address.Province));

        // 深圳: not delivered by it; with nothing chosen the store-wide method charges its fee, chosen it is refused.
        await app.AddToCartAsync("demo", shopper, sku, 1);
        var shenzhen = await client.PlaceOrderAsync("rg-b-" + Guid.NewGuid(), new { address = Address("44", "4403", "440305") });
        Assert.Equal(HttpStatusCode.Created, shenzhen.StatusCode);
        Assert.True((await Json(shenzhen)).GetProperty("total").GetDecimal() > 20m);

        await app.AddToCartAsync("demo", shopper, sku, 1);
        var notThere = await client.PlaceOrderAsync("rg-c-" + Guid.NewGuid(), new { address = Address("44", "4403", "440305"), shippingTemplateId = regionId });
        Assert.Equal(HttpStatusCode.BadRequest, notThere.StatusCode);
        Assert.Equal("urn:storefront:checkout.shipping-region", (await Json(notThere)).GetProperty("type").GetString());

        // An address typed by names (as before codes) is placed by them: 浙江省 杭州市 gets the regional method too.
        var byName = await client.PlaceOrderAsync("rg-d-" + Guid.NewGuid(), new { address = CheckoutSeed.InlineAddress });
        Assert.Equal(HttpStatusCode.Created, byName.StatusCode);
        Assert.Equal(20m, (await Json(byName)).GetProperty("total").GetDecimal());
    }
}
