using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Storefront.Domain.Ordering;
using Storefront.Web.Tests.Infrastructure;

namespace Storefront.Web.Tests.Ordering;

/// <summary>
/// Shoppers and carts for checkout tests. Cart lines are written through the domain
/// (<see cref="CartLine.Create(Guid, Guid, Guid, int, decimal, DateTimeOffset)"/>) straight into the store, so these tests
/// do not depend on the cart API.
/// </summary>
public static class CheckoutSeed
{
    public static readonly object InlineAddress = new
    {
        name = "李四",
        phone = "139 1234 5678",
        province = "浙江省",
        city = "杭州市",
        district = "西湖区",
        street = "文三路 90 号"
    };

    /// <summary>A new shopper of the store, registered (and so signed in) through the API: the client holds the cookie.</summary>
    public static async Task<(HttpClient Client, Guid ShopperId)> NewShopperAsync(this StorefrontApp app, string store = "demo")
    {
        var client = app.ClientFor(store);
        var email = $"buyer-{Guid.NewGuid():N}@example.com";
        var response = await client.PostAsJsonAsync("/api/v1/account/register", new { email, password = "Buyer1234-long", displayName = "买家" });
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"register failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("shopperId").GetGuid();
        return (client, id);
    }

    public static Task<int> AddToCartAsync(this StorefrontApp app, string store, Guid ownerId, Guid skuId, int quantity, bool selected = true) =>
        app.InStoreAsync(store, async db =>
        {
            var sku = await db.Skus.AsNoTracking().SingleAsync(s => s.Id == skuId);
            var line = CartLine.Create(db.TenantId!.Value, ownerId, skuId, quantity, sku.Price, app.Clock.GetUtcNow());
            line.Select(selected, app.Clock.GetUtcNow());
            db.CartLines.Add(line);
            return await db.SaveChangesAsync();
        });

    public static Task<Guid> ShippingTemplateIdAsync(this StorefrontApp app, string store, string name) =>
        app.InStoreAsync(store, db => db.ShippingTemplates.Where(t => t.Name == name).Select(t => t.Id).SingleAsync());

    public static Task<HttpResponseMessage> PlaceOrderAsync(this HttpClient client, string key, object body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/orders") { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key);
        return client.SendAsync(request);
    }
}
