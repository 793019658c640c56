using System.Net;
using Microsoft.EntityFrameworkCore;
using Storefront.Web.Tests.Infrastructure;
using Storefront.Web.Tests.Ordering;
using Xunit.Abstractions;

namespace Storefront.Web.Tests.Promotions;

/// <summary>
/// 秒杀 quota is never oversold: 300 buyers of one flash SKU at once, through the app's HTTP pipeline and a real
/// PostgreSQL, each sending the flash total they were shown. The SKU has plenty of ordinary stock, so only the quota
/// decides: exactly the quota is sold at the flash price, every other buyer gets a 409 problem (sold out at the
/// conditional UPDATE, or the price moved to the regular price before they got there), none a 5xx.
/// </summary>
public sealed class FlashSaleConcurrencyTests(RushApp app, ITestOutputHelper output) : IClassFixture<RushApp>
{
    [Fact]
    public async Task Three_hundred_concurrent_buyers_of_a_flash_sku_with_a_quota_of_fifty_give_exactly_fifty_orders_and_409_for_the_rest()
    {
        const int Buyers = 300;
        const int Quota = 50;
        var (skuId, _) = await app.PricedSkuAsync("秒杀手机", 1999m, 1000);
        var item = await app.FlashItemAsync(skuId, 999m, Quota, perShopperLimit: 1);

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var shoppers = await app.ShoppersAsync("demo", Buyers, skuId);
        var buyers = await app.SignedInAsync("demo", shoppers, TimeSpan.FromMinutes(10), Environment.ProcessorCount * 2);
        output.WriteLine($"{Buyers} shoppers ready after {clock.Elapsed}");

        var sold = Crowd.Watch.Start(app.Database.AdminConnectionString, $"select sold from flash_sale_items where id = '{item}'");

        clock.Restart();
        var outcomes = await Crowd.AtOnceAsync(Buyers, async i =>
            await Crowd.Answer.ReadAsync(await buyers[i].PlaceOrderAsync($"flash-{i}", new { address = CheckoutSeed.InlineAddress, expectedTotal = 999m })));
        output.WriteLine($"{Buyers} attempts answered after {clock.Elapsed}");
        await sold.StopAsync();

        Assert.DoesNotContain(outcomes, o => (int)o.StatusCode >= 500);
        Assert.Equal(Quota, outcomes.Count(o => o.StatusCode == HttpStatusCode.Created));
        var refused = outcomes.Where(o => o.StatusCode != HttpStatusCode.Created).ToList();
        Assert.Equal(Buyers - Quota, refused.Count);
        Assert.All(refused, o =>
        {
            Assert.Equal(HttpStatusCode.Conflict, o.StatusCode);
            Assert.Equal("application/problem+json", o.MediaType);
            Assert.Contains(o.ProblemType, new[] { "urn:storefront:flash.sold-out", "urn:storefront:checkout.price-changed" });
        });
        foreach (var group in refused.GroupBy(o => o.ProblemType))
        {
            output.WriteLine($"{group.Key}: {group.Count()}");
        }

        Assert.True(sold.Highest <= Quota, $"sold went to {sold.Highest}");
        Assert.Equal(Quota, await app.InStoreAsync("demo", db => db.FlashSaleItems.AsNoTracking().Where(i => i.Id == item).Select(i => i.Sold).SingleAsync()));
        Assert.Equal(Quota, await app.CountAsync("demo", $"from flash_purchases where item_id = '{item}' and quantity = 1"));
        Assert.Equal(Quota, await app.CountAsync("demo", $"from order_lines where sku_id = '{skuId}' and paid_amount = 999"));
        Assert.Equal((1000, Quota), await app.StockAsync("demo", skuId));
    }
}
