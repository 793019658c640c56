using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Storefront.Domain.Ordering;
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
public sealed class FlashSaleConcurrencyTests(FlashSaleConcurrencyTests.RushApp app, ITestOutputHelper output) : IClassFixture<FlashSaleConcurrencyTests.RushApp>
{

    /// <summary>Room for a rush on a slow machine: 300 requests wait for one SKU row's lock and for pooled connections.</summary>
    public sealed class RushApp : StorefrontApp
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("ConnectionStrings:Storefront",
                new NpgsqlConnectionStringBuilder(Database.AppConnectionString) { Timeout = 300, CommandTimeout = 300 }.ConnectionString);
        }
    }

    [Fact]
    public async Task Three_hundred_concurrent_buyers_of_a_flash_sku_with_a_quota_of_fifty_give_exactly_fifty_orders_and_409_for_the_rest()
    {
        const int Buyers = 300;
        const int Quota = 50;
        var (skuId, _) = await app.PricedSkuAsync("秒杀手机", 1999m, 1000);
        var item = await app.FlashItemAsync(skuId, 999m, Quota, perShopperLimit: 1);

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var shoppers = await app.ShoppersAsync("demo", Buyers, skuId);
        var buyers = new HttpClient[Buyers];
        await Parallel.ForEachAsync(Enumerable.Range(0, Buyers), new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount * 2 }, async (i, _) =>
        {
            var client = app.ClientFor("demo");
            client.Timeout = TimeSpan.FromMinutes(10);
            await client.SignInShopperAsync(shoppers[i].Email, ShopperSeed.Password);
            buyers[i] = client;
        });
        output.WriteLine($"{Buyers} shoppers ready after {clock.Elapsed}");

        using var stop = new CancellationTokenSource();
        var highest = 0;
        var watcher = Task.Run(async () =>
        {
            await using var conn = new NpgsqlConnection(app.Database.AdminConnectionString);
            await conn.OpenAsync();
            await using var read = new NpgsqlCommand($"select sold from flash_sale_items where id = '{item}'", conn);
            while (!stop.IsCancellationRequested)
            {
                highest = Math.Max(highest, (int)(await read.ExecuteScalarAsync())!);
                await Task.Delay(5);
            }
        });

        using var start = new ManualResetEventSlim();
        var attempts = buyers.Select((client, i) => Task.Run(async () =>
        {
            start.Wait();
            var response = await client.PlaceOrderAsync($"flash-{i}", new { address = CheckoutSeed.InlineAddress, expectedTotal = 999m });
            return (response.StatusCode, response.Content.Headers.ContentType?.MediaType, Body: await response.Content.ReadAsStringAsync());
        })).ToList();
        clock.Restart();
        start.Set();
        var outcomes = await Task.WhenAll(attempts);
        output.WriteLine($"{Buyers} attempts answered after {clock.Elapsed}");
        await stop.CancelAsync();
        await watcher;

        Assert.DoesNotContain(outcomes, o => (int)o.StatusCode >= 500);
        Assert.Equal(Quota, outcomes.Count(o => o.StatusCode == HttpStatusCode.Created));
        var refused = outcomes.Where(o => o.StatusCode != HttpStatusCode.Created).ToList();
        Assert.Equal(Buyers - Quota, refused.Count);
        Assert.All(refused, o =>
        {
            Assert.Equal(HttpStatusCode.Conflict, o.StatusCode);
            Assert.Equal("application/problem+json", o.MediaType);
            var type = JsonDocument.Parse(o.Body).RootElement.GetProperty("type").GetString();
            Assert.Contains(type, new[] { "urn:storefront:flash.sold-out", "urn:storefront:checkout.price-changed" });
        });
        foreach (var group in refused.GroupBy(o => JsonDocument.Parse(o.Body).RootElement.GetProperty("type").GetString()))
        {
            output.WriteLine($"{group.Key}: {group.Count()}");
        }

        Assert.True(highest <= Quota, $"sold went to {highest}");
        Assert.Equal(Quota, await app.InStoreAsync("demo", db => db.FlashSaleItems.AsNoTracking().Where(i => i.Id == item).Select(i => i.Sold).SingleAsync()));
        Assert.Equal(Quota, await app.CountAsync("demo", $"from flash_purchases where item_id = '{item}' and quantity = 1"));
        Assert.Equal(Quota, await app.CountAsync("demo", $"from order_lines where sku_id = '{skuId}' and paid_amount = 999"));
        Assert.Equal((1000, Quota), await app.StockAsync("demo", skuId));
    }
}
