using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Tests.Infrastructure;
using Storefront.Web.Tests.Ordering;
using Xunit.Abstractions;

namespace Storefront.Web.Tests.CrossCutting.Data;

/// <summary>
/// A crowd never gets a 500 for want of connections (issue 15, item 2): the app's pool stays below what the server
/// allows, and past a bounded wait for a connection a request gets 503 with Retry-After.
/// </summary>
public sealed class ConnectionPoolTests(ConnectionPoolTests.RunShApp app, ITestOutputHelper output) : IClassFixture<ConnectionPoolTests.RunShApp>
{

    /// <summary>
    /// The app with run.sh's defaults: no pool settings (so the app's default pool of 40 and 15 s wait), on a database that
    /// admits 60 connections, as run.sh's cluster does (max_connections 60).
    /// </summary>
    public sealed class RunShApp : StorefrontApp, IAsyncLifetime
    {
        async Task IAsyncLifetime.InitializeAsync()
        {
            await InitializeAsync();
            await using var admin = new NpgsqlConnection(Database.AdminConnectionString);
            await admin.OpenAsync();
            await new NpgsqlCommand($"alter database \"{admin.Database}\" connection limit 60", admin).ExecuteNonQueryAsync();
        }

        Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();
    }

    [Fact]
    public async Task Two_hundred_shoppers_adding_to_cart_and_checking_out_at_once_get_no_5xx_and_stock_stays_exact()
    {
        const int Shoppers = 200;
        const int Stock = 150;
        var code = "CROWD-" + Guid.NewGuid().ToString("N")[..8];
        var skuId = (await app.SeedProductAsync("demo", "人群测试商品", 39m, categoryId: null, list: true, (code, Stock, 5)))[code];
        var shoppers = await app.ShoppersAsync("demo", Shoppers);
        var clients = await app.SignedInAsync("demo", shoppers, TimeSpan.FromSeconds(100), Environment.ProcessorCount * 2);

        var responses = (await Crowd.AtOnceAsync(Shoppers, async i =>
        {
            var client = clients[i];
            var answers = new List<HttpResponseMessage> { await client.PostAsJsonAsync("/api/v1/cart/lines", new { skuId, quantity = 1 }) };
            if (answers[0].IsSuccessStatusCode)
            {
                answers.Add(await client.PlaceOrderAsync($"crowd-{i}", new { address = CheckoutSeed.InlineAddress }));
            }

            return answers;
        })).SelectMany(r => r).ToList();

        var counts = responses.GroupBy(r => (int)r.StatusCode).OrderBy(g => g.Key).Select(g => $"{g.Key}: {g.Count()}");
        output.WriteLine(string.Join(", ", counts));
        Assert.DoesNotContain(responses, r => (int)r.StatusCode >= 500 && r.StatusCode != HttpStatusCode.ServiceUnavailable);
        foreach (var refused in responses.Where(r => !r.IsSuccessStatusCode))
        {
            Assert.True(refused.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.ServiceUnavailable,
                $"{(int)refused.StatusCode} {await refused.Content.ReadAsStringAsync()}");
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            if (refused.StatusCode == HttpStatusCode.ServiceUnavailable)
            {
                Assert.NotNull(refused.Headers.RetryAfter);
            }
        }

        var placed = responses.Count(r => r.StatusCode == HttpStatusCode.Created);
        Assert.InRange(placed, 1, Stock);
        var (onHand, reserved) = await app.StockAsync("demo", skuId);
        Assert.Equal(Stock, onHand);
        Assert.Equal(placed, reserved);
        Assert.Equal(reserved, await app.CountAsync("demo", $"from order_lines where sku_id = '{skuId}'"));
    }

    /// <summary>A pool of two whose connections are all taken: a request waits its second, then gets 503 with Retry-After.</summary>
    [Fact]
    public async Task A_request_that_waits_past_the_pool_timeout_gets_503_with_retry_after_and_the_next_one_succeeds_once_connections_free()
    {
        await using var small = new SmallPoolApp();
        await small.InitializeAsync();
        var client = small.ClientFor("demo");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/catalog/products")).StatusCode);
        var skuId = await small.InStoreAsync("demo", db => Task.FromResult(db.Skus.First().Id));

        // Hold every connection of the app's pool: same connection string, same Npgsql pool.
        var pooled = AppConnectionString.For(small.Database.AppConnectionString, 2, 1);
        var held = new List<NpgsqlConnection>();
        for (var i = 0; i < 2; i++)
        {
            var conn = new NpgsqlConnection(pooled);
            await conn.OpenAsync();
            held.Add(conn);
        }

        // Adding to the cart writes to the database (a keyword search no longer would: it is answered from memory).
        var busy = await client.PostAsJsonAsync("/api/v1/cart/lines", new { skuId, quantity = 1 });
        Assert.Equal(HttpStatusCode.ServiceUnavailable, busy.StatusCode);
        Assert.Equal("application/problem+json", busy.Content.Headers.ContentType?.MediaType);
        Assert.Equal(TimeSpan.FromSeconds(2), busy.Headers.RetryAfter?.Delta);
        Assert.Equal("urn:storefront:busy", (await busy.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString());

        foreach (var conn in held)
        {
            await conn.DisposeAsync();
        }

        Assert.True((await client.PostAsJsonAsync("/api/v1/cart/lines", new { skuId, quantity = 1 })).IsSuccessStatusCode);
    }

    /// <summary>PostgreSQL refusing a new connection (53300, as when max_connections is reached) is a 503 too, not a 500.</summary>
    [Fact]
    public async Task A_server_out_of_connection_slots_gives_503_with_retry_after()
    {
        await using var small = new SmallPoolApp();
        await small.InitializeAsync();
        var client = small.ClientFor("demo");
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(small.Database.AdminConnectionString);
        await admin.OpenAsync();
        await new NpgsqlCommand($"alter database \"{admin.Database}\" connection limit 0", admin).ExecuteNonQueryAsync();
        try
        {
            var refused = await client.GetAsync("/api/v1/catalog/products?q=full");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.NotNull(refused.Headers.RetryAfter);
        }
        finally
        {
            await new NpgsqlCommand($"alter database \"{admin.Database}\" connection limit -1", admin).ExecuteNonQueryAsync();
        }
    }

    /// <summary>The app with a pool of two connections and a one-second wait for one.</summary>
    private sealed class SmallPoolApp : StorefrontApp
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Storefront:Database:MaxPoolSize", "2");
            builder.UseSetting("Storefront:Database:PoolTimeoutSeconds", "1");
        }
    }
}
