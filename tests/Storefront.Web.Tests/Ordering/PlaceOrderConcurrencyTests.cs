using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Storefront.Web.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Storefront.Web.Tests.Ordering;

/// <summary>No oversell: many buyers of one SKU at once, through the app's HTTP pipeline and a real PostgreSQL.</summary>
public sealed class PlaceOrderConcurrencyTests(StorefrontApp app, ITestOutputHelper output) : IClassFixture<StorefrontApp>
{
    [Fact]
    public async Task Two_hundred_concurrent_buyers_of_a_sku_with_fifty_in_stock_give_exactly_fifty_orders_and_150_sold_out_answers()
    {
        const int Buyers = 200;
        const int Stock = 50;
        var code = "RUSH-" + Guid.NewGuid().ToString("N")[..8];
        var skuId = (await app.SeedProductAsync("demo", "秒杀爆款", 99m, categoryId: null, list: true, (code, Stock, 5)))[code];

        var clock = System.Diagnostics.Stopwatch.StartNew();

        // 200 separate shoppers, each signed in on their own client with one unit of the SKU in their cart.
        var buyers = new (HttpClient Client, Guid ShopperId)[Buyers];
        using (var gate = new SemaphoreSlim(8))
        {
            await Task.WhenAll(Enumerable.Range(0, Buyers).Select(async i =>
            {
                await gate.WaitAsync();
                try
                {
                    buyers[i] = await app.NewShopperAsync();
                    await app.AddToCartAsync("demo", buyers[i].ShopperId, skuId, 1);
                }
                finally
                {
                    gate.Release();
                }
            }));
        }

        output.WriteLine($"{Buyers} shoppers ready after {clock.Elapsed}");

        // Watch the row while they buy, on a connection of its own (not the app's pool): available stock never below zero.
        using var stop = new CancellationTokenSource();
        var lowest = int.MaxValue;
        var watcher = Task.Run(async () =>
        {
            await using var conn = new Npgsql.NpgsqlConnection(app.Database.AdminConnectionString);
            await conn.OpenAsync();
            await using var read = new Npgsql.NpgsqlCommand($"select on_hand - reserved from skus where id = '{skuId}'", conn);
            while (!stop.IsCancellationRequested)
            {
                lowest = Math.Min(lowest, (int)(await read.ExecuteScalarAsync())!);
                await Task.Delay(5);
            }
        });

        using var start = new ManualResetEventSlim();
        var attempts = buyers.Select((buyer, i) => Task.Run(async () =>
        {
            start.Wait();
            var response = await buyer.Client.PlaceOrderAsync($"rush-{i}", new { address = CheckoutSeed.InlineAddress });
            return (response.StatusCode, response.Content.Headers.ContentType?.MediaType, Body: await response.Content.ReadAsStringAsync());
        })).ToList();
        clock.Restart();
        start.Set();
        var outcomes = await Task.WhenAll(attempts);
        output.WriteLine($"{Buyers} attempts answered after {clock.Elapsed}");
        await stop.CancelAsync();
        await watcher;

        Assert.DoesNotContain(outcomes, o => (int)o.StatusCode >= 500);
        Assert.Equal(Stock, outcomes.Count(o => o.StatusCode == HttpStatusCode.Created));
        var refused = outcomes.Where(o => o.StatusCode != HttpStatusCode.Created).ToList();
        Assert.Equal(Buyers - Stock, refused.Count);
        Assert.All(refused, o =>
        {
            Assert.Equal(HttpStatusCode.Conflict, o.StatusCode);
            Assert.Equal("application/problem+json", o.MediaType);
            var problem = JsonDocument.Parse(o.Body).RootElement;
            Assert.Equal("urn:storefront:stock.short", problem.GetProperty("type").GetString());
            Assert.Contains("秒杀爆款", problem.GetProperty("title").GetString());
        });

        Assert.Equal((Stock, Stock), await app.StockAsync("demo", skuId));
        Assert.True(lowest >= 0, $"available stock went to {lowest}");
        Assert.Equal(Stock, await app.CountAsync("demo", $"from order_lines where sku_id = '{skuId}'"));
        Assert.Equal(Stock, await app.CountAsync("demo", $"from orders o where exists (select 1 from order_lines l where l.order_id = o.id and l.sku_id = '{skuId}')"));
        Assert.Equal(Stock, await app.CountAsync("demo", $"from order_lines where sku_id = '{skuId}' and quantity = 1"));
        // Winners' carts are empty, losers keep their line.
        Assert.Equal(Buyers - Stock, await app.CountAsync("demo", $"from cart_lines where sku_id = '{skuId}'"));
        // Order numbers are unique and consecutive within the day.
        Assert.Equal(Stock, await app.CountAsync("demo", $"from (select distinct o.number from orders o join order_lines l on l.order_id = o.id and l.sku_id = '{skuId}') n"));
    }
}
