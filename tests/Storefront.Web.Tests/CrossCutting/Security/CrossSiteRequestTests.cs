using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Storefront.Domain.Catalog;
using Storefront.Web.Tests.Infrastructure;

namespace Storefront.Web.Tests.CrossCutting.Security;

/// <summary>
/// Issue 15 item 11: a page of another site (a sibling store's subdomain is same-site, so SameSite=Lax cookies go
/// along) can make the browser post a form, or a body-less fetch, with the shopper's or merchant's cookie. Such a
/// request to a state-changing API endpoint, or to the sign-out form without its token, is refused and changes
/// nothing; the same request with X-Requested-With (or a JSON body) goes through.
/// </summary>
public sealed class CrossSiteRequestTests(StorefrontApp app) : IClassFixture<StorefrontApp>
{
    /// <summary>What a cross-site page can send without asking first: a form (three encodings) or nothing at all.</summary>
    private static IEnumerable<HttpContent?> CrossSiteBodies() =>
    [
        new FormUrlEncodedContent(new Dictionary<string, string> { ["x"] = "1" }),
        new MultipartFormDataContent { { new StringContent("1"), "x" } },
        new StringContent("x=1", System.Text.Encoding.UTF8, "text/plain"),
        null,
    ];

    [Fact]
    public async Task A_cross_site_post_cannot_delist_a_product_and_the_same_post_with_the_header_can()
    {
        var product = await app.ProductAsync("demo", "跨站杯-" + Guid.NewGuid().ToString("N")[..6], 10m);
        var merchant = app.ClientFor("demo", requestedWith: false);
        await merchant.SignInStaffAsync("merchant@demo.local");
        var url = $"/api/v1/admin/catalog/products/{product.ProductId}/delist";

        foreach (var body in CrossSiteBodies())
        {
            await AssertRefusedAsync(await merchant.PostAsync(url, body));
        }

        Assert.Equal(ProductStatus.Listed, await StatusAsync(product.ProductId));

        Assert.Equal(HttpStatusCode.OK, (await WithHeaderAsync(merchant, url)).StatusCode);
        Assert.Equal(ProductStatus.Delisted, await StatusAsync(product.ProductId));
    }

    [Fact]
    public async Task A_cross_site_post_cannot_start_a_payment_and_the_same_post_with_the_header_can()
    {
        var sku = await app.SeedSkuAsync("demo", "XSITE-PAY-" + Guid.NewGuid().ToString("N")[..6]);
        var number = await app.PlacePendingOrderAsync("demo", "shopper@demo.local", sku);
        var shopper = app.ClientFor("demo", requestedWith: false);
        await shopper.SignInShopperAsync("shopper@demo.local");
        var url = $"/api/v1/orders/{number}/pay";

        foreach (var body in CrossSiteBodies())
        {
            await AssertRefusedAsync(await shopper.PostAsync(url, body));
        }

        Assert.Empty(await app.PaymentsAsync("demo", number));

        Assert.Equal(HttpStatusCode.OK, (await WithHeaderAsync(shopper, url)).StatusCode);
        Assert.Single(await app.PaymentsAsync("demo", number));
    }

    [Fact]
    public async Task A_cross_site_post_cannot_change_the_default_address_and_the_same_post_with_the_header_can()
    {
        var shopper = app.ClientFor("demo", requestedWith: false);
        var registered = await shopper.PostAsJsonAsync("/api/v1/account/register",   // JSON: not something another site can send
            new { email = $"xsite-{Guid.NewGuid():N}@example.com", password = "Cross-Site-2026!", displayName = "买家" });
        Assert.Equal(HttpStatusCode.OK, registered.StatusCode);
        var first = await AddAddressAsync(shopper, "家");
        var second = await AddAddressAsync(shopper, "公司");
        var url = $"/api/v1/addresses/{second}/default";

        foreach (var body in CrossSiteBodies())
        {
            await AssertRefusedAsync(await shopper.PostAsync(url, body));
        }

        Assert.Equal(first, await DefaultAddressAsync(shopper));

        Assert.Equal(HttpStatusCode.OK, (await WithHeaderAsync(shopper, url)).StatusCode);
        Assert.Equal(second, await DefaultAddressAsync(shopper));
    }

    [Fact]
    public async Task A_cross_site_post_cannot_sign_a_shopper_out_through_the_api_or_the_form()
    {
        var shopper = app.ClientFor("demo", requestedWith: false);
        await shopper.SignInShopperAsync("shopper@demo.local");

        foreach (var body in CrossSiteBodies())
        {
            await AssertRefusedAsync(await shopper.PostAsync("/api/v1/account/logout", body));
        }

        // The sign-out form without the token of a page that showed it (what another site would post).
        var form = await shopper.PostAsync("/account/logout", new FormUrlEncodedContent(new Dictionary<string, string>()));
        Assert.Equal(HttpStatusCode.BadRequest, form.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await shopper.GetAsync("/api/v1/account/me")).StatusCode);

        // The layout's own form (with its token) signs out.
        var own = await shopper.SubmitAsync("/account/points", "form[action='/account/logout']", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, own.StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, (await shopper.GetAsync("/api/v1/account/me")).StatusCode);

        var again = app.ClientFor("demo", requestedWith: false);
        await again.SignInShopperAsync("shopper@demo.local");
        Assert.Equal(HttpStatusCode.OK, (await WithHeaderAsync(again, "/api/v1/account/logout")).StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, (await again.GetAsync("/api/v1/account/me")).StatusCode);
    }

    [Fact]
    public async Task A_cross_site_post_cannot_sign_staff_out_through_the_form()
    {
        var merchant = app.ClientFor("demo", requestedWith: false);
        await merchant.SignInStaffAsync("merchant@demo.local");
        var form = await merchant.PostAsync("/admin/logout", new FormUrlEncodedContent(new Dictionary<string, string>()));
        Assert.Equal(HttpStatusCode.BadRequest, form.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await merchant.GetAsync("/api/v1/admin/me")).StatusCode);
    }

    [Fact]
    public async Task The_payment_callback_keeps_its_own_format()
    {
        // Server to server and signed: its JSON without the header reaches the endpoint (which checks the signature).
        var gateway = app.ClientFor("demo", requestedWith: false);
        var response = await gateway.PostAsync("/api/v1/payments/sandbox/callback", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private static async Task AssertRefusedAsync(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        Assert.Equal("urn:storefront:cross-site", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString());
    }

    private static async Task<HttpResponseMessage> WithHeaderAsync(HttpClient client, string url)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url);
        request.Headers.Add("X-Requested-With", "XMLHttpRequest");
        return await client.SendAsync(request);
    }

    private Task<ProductStatus> StatusAsync(Guid productId) =>
        app.InStoreAsync("demo", db => db.Products.Where(p => p.Id == productId).Select(p => p.Status).SingleAsync());

    private static async Task<Guid> AddAddressAsync(HttpClient shopper, string name)
    {
        var response = await shopper.PostAsJsonAsync("/api/v1/addresses",
            new { name, phone = "13800138000", province = "上海市", city = "上海市", district = "浦东新区", street = "世纪大道 100 号", isDefault = false });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    private static async Task<Guid> DefaultAddressAsync(HttpClient shopper)
    {
        var list = await shopper.GetFromJsonAsync<JsonElement>("/api/v1/addresses");
        var items = list.ValueKind == JsonValueKind.Array ? list : list.GetProperty("items");
        return items.EnumerateArray().Single(a => a.GetProperty("isDefault").GetBoolean()).GetProperty("id").GetGuid();
    }
}
