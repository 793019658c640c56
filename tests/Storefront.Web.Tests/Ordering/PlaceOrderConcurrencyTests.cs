using System.Net;
using Microsoft.EntityFrameworkCore;
using Storefront.Web.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Storefront.Web.Tests.Ordering;

/// <summary>
/// No oversell: many buyers of one SKU at once, through the app's HTTP pipeline and a real PostgreSQL. The 200 shoppers
/// are written straight into the store with one precomputed password hash (registering each through the API would
/// hash 200 passwords for nothing this test proves) and each signs in over HTTP with the real login, in parallel; the
/// 200 order POSTs then go through the whole pipeline (cookie auth, validation, the command's transaction) at once.
/// </summary>
public sealed class PlaceOrderConcurrencyTests(RushApp app, ITestOutputHelper output) : IClassFixture<RushApp>
{
    [Fact]
    public async Task Two_hundred_concurrent_buyers_of_a_sku_with_fifty_in_stock_give_exactly_fifty_orders_and_150_sold_out_answers()
    {
        const int Buyers = 200;
        const int Stock = 50;
        var code = "RUSH-" + Guid.NewGuid().ToString("N")[..8];
        var skuId = (await app.SeedProductAsync("demo", "秒杀爆款", 99m, categoryId: null, list: true, (code, Stock, 5)))[code];

        var clock = System.Diagnostics.Stopwatch.StartNew();

        // 200 separate shoppers, each with one unit of the SKU in their cart, each signed in over HTTP on their own client.
        var shoppers = await app.ShoppersAsync("demo", Buyers, skuId);

        var buyers = await app.SignedInAsync("demo", shoppers, TimeSpan.FromMinutes(10), Environment.ProcessorCount * 2);

        output.WriteLine($"{Buyers} shoppers ready after {clock.Elapsed}");

        // Watch the row while they buy, on a connection of its own (not the app's pool): available stock never below zero.
        var available = Crowd.Watch.Start(app.Database.AdminConnectionString, $"select on_hand - reserved from skus where id = '{skuId}'");

        clock.Restart();
        var outcomes = await Crowd.AtOnceAsync(Buyers, async i =>
            await Crowd.Answer.ReadAsync(await buyers[i].PlaceOrderAsync($"rush-{i}", new { address = CheckoutSeed.InlineAddress })));
        output.WriteLine($"{Buyers} attempts answered after {clock.Elapsed}");
        await available.StopAsync();

        Assert.DoesNotContain(outcomes, o => (int)o.StatusCode >= 500);
        Assert.Equal(Stock, outcomes.Count(o => o.StatusCode == HttpStatusCode.Created));
        var refused = outcomes.Where(o => o.StatusCode != HttpStatusCode.Created).ToList();
        Assert.Equal(Buyers - Stock, refused.Count);
        Assert.All(refused, o =>
        {
            Assert.Equal(HttpStatusCode.Conflict, o.StatusCode);
            Assert.Equal("application/problem+json", o.MediaType);
            var problem = o.Problem;
            Assert.Equal("urn:storefront:stock.short", problem.GetProperty("type").GetString());
            Assert.Contains("秒杀爆款", problem.GetProperty("title").GetString());
        });

        Assert.Equal((Stock, Stock), await app.StockAsync("demo", skuId));
        Assert.True(available.Lowest >= 0, $"available stock went to {available.Lowest}");
        Assert.Equal(Stock, await app.CountAsync("demo", $"from order_lines where sku_id = '{skuId}'"));
        Assert.Equal(Stock,
            await app.CountAsync("demo", $"from orders o where exists (select 1 from order_lines l where l.order_id = o.id and l.sku_id = '{skuId}')"));
        Assert.Equal(Stock, await app.CountAsync("demo", $"from order_lines where sku_id = '{skuId}' and quantity = 1"));
        // Winners' carts are empty, losers keep their line.
        Assert.Equal(Buyers - Stock, await app.CountAsync("demo", $"from cart_lines where sku_id = '{skuId}'"));
        // Order numbers are unique (a sequence: gaps where an order was refused).
        Assert.Equal(Stock,
            await app.CountAsync("demo", $"from (select distinct o.number from orders o join order_lines l on l.order_id = o.id and l.sku_id = '{skuId}') n"));
    }

    [Fact]
    public async Task Ten_concurrent_orders_of_one_cart_line_each_with_its_own_key_give_one_order_and_nine_409s()
    {
        const int Requests = 10;
        var code = "CLAIM-" + Guid.NewGuid().ToString("N")[..8];
        var skuId = (await app.SeedProductAsync("demo", "一件商品", 59m, categoryId: null, list: true, (code, 100, 0)))[code];
        var (client, shopper) = await app.NewShopperAsync();
        await app.AddToCartAsync("demo", shopper, skuId, 1);

        // All ten wait at the barrier, then go at once: each its own Idempotency-Key, so none waits for another's key lock.
        var outcomes = await Crowd.AtOnceAsync(Requests, async i =>
            await Crowd.Answer.ReadAsync(await client.PlaceOrderAsync($"claim-{i}-{Guid.NewGuid():N}", new { address = CheckoutSeed.InlineAddress })));

        Assert.Equal(1, outcomes.Count(o => o.StatusCode == HttpStatusCode.Created));
        var refused = outcomes.Where(o => o.StatusCode != HttpStatusCode.Created).ToList();
        Assert.Equal(Requests - 1, refused.Count);
        Assert.All(refused, o =>
        {
            Assert.Equal(HttpStatusCode.Conflict, o.StatusCode);
            Assert.Equal("application/problem+json", o.MediaType);
            // Read before the winner committed: its lines were claimed under it (changed); read after: nothing left (empty).
            Assert.Contains(o.ProblemType,
                new[] { "urn:storefront:checkout.cart-changed", "urn:storefront:checkout.empty" });
        });

        Assert.Equal(1, await app.CountAsync("demo", $"from orders where shopper_id = '{shopper}'"));
        Assert.Equal((100, 1), await app.StockAsync("demo", skuId));
        Assert.Equal(0, await app.CountAsync("demo", $"from cart_lines where owner_id = '{shopper}'"));
    }
}
