using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Storefront.Web.Features.Ordering;
using Storefront.Web.Tests.Infrastructure;

namespace Storefront.Web.Tests.Ordering;

/// <summary>立即购买 from the product page: the chosen SKU and quantity, alone, straight to checkout; the rest of the cart waits.</summary>
public sealed class BuyNowTests(StorefrontApp app) : IClassFixture<StorefrontApp>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    private static async Task<CartContents.Cart> CartAsync(HttpClient client)
    {
        var response = await client.GetAsync("/api/v1/cart");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<CartContents.Cart>(Json))!;
    }

    private static Task<HttpResponseMessage> PostFormAsync(HttpClient client, Dictionary<string, string> values)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/cart/add") { Content = new FormUrlEncodedContent(values) };
        request.Headers.Add("Origin", "http://demo.localhost");
        return client.SendAsync(request);
    }

    [Fact]
    public async Task Buy_now_checks_out_exactly_the_chosen_sku_and_quantity_and_leaves_the_rest_of_the_cart_unselected()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var skus = await app.SeedProductAsync("demo", "立即购买杯 " + tag, 59m, categoryId: null, list: true, ("BN-A-" + tag, 5, 0), ("BN-B-" + tag, 5, 0));
        var other = await app.SeedProductAsync("demo", "购物车里的 " + tag, 20m, categoryId: null, list: true, ("BN-C-" + tag, 9, 0));
        var (shopper, _) = await app.NewShopperAsync();
        Assert.Equal(HttpStatusCode.OK, (await shopper.PostAsJsonAsync("/api/v1/cart/lines", new { skuId = other["BN-C-" + tag], quantity = 2 })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await shopper.PostAsJsonAsync("/api/v1/cart/lines", new { skuId = skus["BN-A-" + tag], quantity = 3 })).StatusCode);

        var bought = await PostFormAsync(shopper, new() { ["sku"] = "BN-A-" + tag, ["quantity"] = "2", ["buy"] = "now" });

        Assert.Equal(HttpStatusCode.Redirect, bought.StatusCode);
        Assert.Equal("/checkout", bought.Headers.Location?.OriginalString);
        var cart = await CartAsync(shopper);
        var a = Assert.Single(cart.Lines, l => l.SkuCode == "BN-A-" + tag);
        Assert.Equal((2, true), (a.Quantity, a.Selected));   // set to the quantity chosen, not added to the 3 already there
        var c = Assert.Single(cart.Lines, l => l.SkuCode == "BN-C-" + tag);
        Assert.Equal((2, false), (c.Quantity, c.Selected));
        Assert.Equal((1, 2, 118m), (cart.SelectedLines, cart.SelectedQuantity, cart.SelectedSubtotal));

        var checkout = await shopper.GetPageAsync("/checkout");
        Assert.Contains("立即购买杯 " + tag, checkout.Body!.TextContent);
        Assert.DoesNotContain("购物车里的 " + tag, checkout.Body!.TextContent);
    }

    [Fact]
    public async Task Buy_now_of_more_than_is_left_goes_back_to_the_product_and_changes_nothing()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        await app.SeedProductAsync("demo", "限量杯 " + tag, 59m, categoryId: null, list: true, ("BN-L-" + tag, 3, 0));
        var (shopper, _) = await app.NewShopperAsync();

        var refused = await PostFormAsync(shopper, new() { ["sku"] = "BN-L-" + tag, ["quantity"] = "4", ["buy"] = "now" });

        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.EndsWith($"?sku=BN-L-{tag}&cart=stock", refused.Headers.Location?.OriginalString);
        Assert.Empty((await CartAsync(shopper)).Lines);

        var api = await shopper.PostAsJsonAsync("/api/v1/cart/buy-now", new { skuCode = "BN-L-" + tag, quantity = 3 });
        Assert.Equal(HttpStatusCode.OK, api.StatusCode);
        Assert.Equal(3, Assert.Single((await CartAsync(shopper)).Lines).Quantity);
    }
}
