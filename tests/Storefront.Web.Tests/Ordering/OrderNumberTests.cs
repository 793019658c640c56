using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MediatR;
using Microsoft.Extensions.DependencyInjection;
using Storefront.Domain.Tenancy;
using Storefront.Web.Features.Platform;
using Storefront.Web.Tests.Infrastructure;

namespace Storefront.Web.Tests.Ordering;

/// <summary>
/// Order numbers count per store: a new store starts at 1, and one store's orders never move another's count; the date in
/// a number is the store's day in its time zone.
/// </summary>
public sealed class OrderNumberTests(StorefrontApp app) : IClassFixture<StorefrontApp>
{
    private async Task CreateStoreAsync(string slug)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new CreateStore.Command { Slug = slug, Name = "编号商店 " + slug });
    }

    /// <summary>A new shopper of the store places an order of one unit through the API; answers its number.</summary>
    private async Task<string> PlaceAsync(string store, Guid skuId)
    {
        var (client, shopper) = await app.NewShopperAsync(store);
        await app.AddToCartAsync(store, shopper, skuId, 1);
        var response = await client.PlaceOrderAsync("number-" + Guid.NewGuid(), new { address = CheckoutSeed.InlineAddress });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("number").GetString()!;
    }

    [Fact]
    public async Task Two_new_stores_each_number_their_orders_from_one_and_neither_advances_the_other()
    {
        var (a, b) = ("numbers-a-" + Guid.NewGuid().ToString("N")[..6], "numbers-b-" + Guid.NewGuid().ToString("N")[..6]);
        await CreateStoreAsync(a);
        await CreateStoreAsync(b);
        var skuA = (await app.SeedProductAsync(a, "甲店商品", 10m, categoryId: null, list: true, ("NA-1", 100, 0)))["NA-1"];
        var skuB = (await app.SeedProductAsync(b, "乙店商品", 10m, categoryId: null, list: true, ("NB-1", 100, 0)))["NB-1"];

        var day = StoreTimeZone.DayOf(app.Clock.GetUtcNow(), StoreTimeZone.Find(StoreTimeZone.Default)).ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        var firstA = await PlaceAsync(a, skuA);
        var firstB = await PlaceAsync(b, skuB);
        var secondA = await PlaceAsync(a, skuA);
        var thirdA = await PlaceAsync(a, skuA);
        var secondB = await PlaceAsync(b, skuB);

        Assert.Equal([day + "000001", day + "000002", day + "000003"], [firstA, secondA, thirdA]);
        Assert.Equal([day + "000001", day + "000002"], [firstB, secondB]);
    }

    [Fact]
    public async Task The_date_in_an_order_number_is_the_stores_day_in_its_time_zone()
    {
        var owner = app.ClientFor("acme");
        await owner.SignInStaffAsync("owner@acme.local");
        var sku = (await app.SeedProductAsync("acme", "时区编号商品", 10m, categoryId: null, list: true, ("NTZ-1", 100, 0)))["NTZ-1"];
        var now = app.Clock.GetUtcNow();   // 2026-11-23 08:00 UTC: 16:00 on the 23rd in Shanghai, 22:00 on the 22nd in Honolulu
        var honolulu = StoreTimeZone.DayOf(now, StoreTimeZone.Find("Pacific/Honolulu"));
        Assert.NotEqual(StoreTimeZone.DayOf(now, StoreTimeZone.Find(StoreTimeZone.Default)), honolulu);
        try
        {
            await ApiAssert.JsonAsync(await owner.PutAsJsonAsync("/api/v1/admin/settings/store", new { timeZone = "Pacific/Honolulu" }));

            var number = await PlaceAsync("acme", sku);

            Assert.StartsWith(honolulu.ToString("yyyyMMdd", CultureInfo.InvariantCulture), number, StringComparison.Ordinal);
        }
        finally
        {
            await ApiAssert.JsonAsync(await owner.PutAsJsonAsync("/api/v1/admin/settings/store", new { timeZone = StoreTimeZone.Default }));
        }
    }
}
