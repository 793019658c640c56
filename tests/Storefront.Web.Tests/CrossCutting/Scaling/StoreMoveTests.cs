using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Storefront.Web.Features.Audit;
using Storefront.Web.Features.Platform;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Tenancy;
using Storefront.Web.Tests.Infrastructure;
using Storefront.Web.Tests.Ordering;

namespace Storefront.Web.Tests.CrossCutting.Scaling;

/// <summary>
/// A store moved from the default cluster (A) to a second PostgreSQL cluster (B) by the move command while the app serves
/// it (docs/decisions/0052-store-moves.md): reads go on, writes succeed or get 503 with Retry-After, nothing is lost, and
/// afterwards the same app serves it from B while the other store stays on A untouched.
/// </summary>
public sealed class StoreMoveTests(TwoClusterApp app) : IClassFixture<TwoClusterApp>
{
    [Fact]
    public async Task Unknown_stores_and_clusters_and_a_store_already_there_are_refused_in_one_line_with_an_exit_code()
    {
        (string[] Args, int Code)[] cases =
        [
            (["move-store", "--store", "nowhere", "--to", "B"], 2),
            (["move-store", "--store", "acme", "--to", "C"], 3),
            (["move-store", "--store", "acme", "--to", "default"], 4),
            (["move-store", "--store", "acme"], 2),
        ];
        foreach (var (args, code) in cases)
        {
            var output = new StringWriter();
            Assert.Equal(code, await MoveStore.CommandLineAsync(app.Services, args, output));
            Assert.Single(output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        }

        Assert.Null((await DirectoryAsync("acme")).Cluster);
    }

    [Fact]
    public async Task A_store_moves_to_cluster_B_while_it_is_served_and_nothing_is_lost()
    {
        var demo = await app.StoreIdAsync("demo");
        var acme = await app.StoreIdAsync("acme");

        // On A: catalogue, orders with payments and a refund, an after-sales case, a member, audit entries.
        var sku = await app.SeedSkuAsync("demo", "MOVE-1", stock: 10_000, price: 12.5m);
        var (slug, code) = await app.InStoreAsync("demo", async db =>
        {
            var k = await db.Skus.SingleAsync(s => s.Id == sku);
            return ((await db.Products.SingleAsync(p => p.Id == k.ProductId)).Slug, k.Code);
        });
        var seeded = await app.EveryOrderingTableAsync("demo");
        await app.EveryAfterSalesTableAsync("demo", seeded);
        var (buyer, _) = await app.NewShopperAsync("demo");
        var staff = app.ClientFor("demo");
        await staff.SignInStaffAsync("owner@demo.local");
        await SynonymAsync(staff, "搬家前");
        var placed = new ConcurrentBag<string>();
        Assert.True(await PlaceAsync(buyer, code, "before", placed));
        var acmeOnA = await CountsAsync(app.Database.AdminConnectionString, acme);
        var demoOnA = await CountsAsync(app.Database.AdminConnectionString, demo);
        string[] kept = ["products", "skus", "shoppers", "orders", "payments", "refunds", "aftersales_cases", "audit_log"];
        Assert.All(kept, t => Assert.True(demoOnA[t] > 0, t));

        // Requests go on throughout: a reader of the product and the buyer's orders, a buyer adding to the cart and ordering.
        var answers = new ConcurrentQueue<(string Kind, HttpStatusCode Status, bool RetryAfter)>();
        var (reads, writes, moved) = (new Counter(), new Counter(), false);
        using var stop = new CancellationTokenSource();
        var reader = Task.Run(async () =>
        {
            var shopper = app.ClientFor("demo");
            while (!stop.IsCancellationRequested)
            {
                foreach (var url in new[] { $"/api/v1/catalog/products/{slug}", "/api/v1/orders" })
                {
                    var response = await (url.EndsWith("orders", StringComparison.Ordinal) ? buyer : shopper).GetAsync(url);
                    answers.Enqueue(("read " + url, response.StatusCode, response.Headers.RetryAfter is not null));
                    reads.Add(response.StatusCode == HttpStatusCode.OK, Volatile.Read(ref moved));
                }

                await Task.Delay(20);   // pacing, not waiting for anything
            }
        });
        var writer = Task.Run(async () =>
        {
            var key = Guid.NewGuid().ToString("N");
            while (!stop.IsCancellationRequested)
            {
                var after = Volatile.Read(ref moved);
                var ok = await PlaceAsync(buyer, code, key, placed, answers);
                if (ok)
                {
                    key = Guid.NewGuid().ToString("N");   // a refused order is sent again with the same key
                }

                writes.Add(ok, after);
                await Task.Delay(20);
            }
        });

        await UntilAsync(() => reads.Before >= 4 && writes.Before >= 2);
        var result = await MoveStore.RunAsync(app.Services, "demo", "B", TimeSpan.FromSeconds(1), default);
        Volatile.Write(ref moved, true);
        await UntilAsync(() => reads.After >= 4 && writes.After >= 2);
        await stop.CancelAsync();
        await Task.WhenAll(reader, writer);

        TestOutput.Report($"Store move: {result.Tables.Sum(t => t.Rows)} rows in {result.Tables.Count(t => t.Rows > 0)} of {result.Tables.Count} tables, "
            + $"read-only {result.ReadOnly.TotalMilliseconds:F0} ms, whole move {result.Total.TotalMilliseconds:F0} ms (delete after 1 s included); "
            + $"{answers.Count(a => a.Status == HttpStatusCode.ServiceUnavailable)} writes answered 503 of {answers.Count(a => a.Kind == "write")}");
        Assert.All(answers.Where(a => a.Kind.StartsWith("read", StringComparison.Ordinal)), a => Assert.Equal(HttpStatusCode.OK, a.Status));
        Assert.All(answers.Where(a => a.Kind == "write"), a => Assert.True(
            a.Status is HttpStatusCode.OK or HttpStatusCode.Created || (a.Status == HttpStatusCode.ServiceUnavailable && a.RetryAfter), $"{a.Status}"));

        // Served from B now: the directory says so, the store's context opens there, and every order placed is there.
        Assert.Equal("B", (await DirectoryAsync("demo")).Cluster);
        Assert.Equal(app.ClusterB.Database,
            await app.InStoreAsync("demo", db => db.Database.SqlQueryRaw<string>("select current_database() as \"Value\"").SingleAsync()));
        var listed = await OrderNumbersAsync(buyer);
        Assert.All(placed, n => Assert.Contains(n, listed));
        Assert.Equal(placed.Count,
            await CountAsync(app.ClusterB.Admin, $"select count(*) from orders where tenant_id = '{demo}' and number = any($1)", placed.ToArray()));
        Assert.Equal(1, await CountAsync(app.ClusterB.Admin, $"select count(*) from orders where tenant_id = '{demo}' and number = $1", seeded));
        Assert.True(await PlaceAsync(buyer, code, "after", placed));
        await SynonymAsync(staff, "搬家后");
        var chain = await app.SendAsync("demo", new VerifyAuditChain.Query());
        Assert.True(chain.Valid, string.Join(", ", chain.Problems));

        // A keeps nothing of the moved store and is fenced against a node that has not heard; acme is untouched on A and absent from B.
        Assert.All(await CountsAsync(app.Database.AdminConnectionString, demo), c => Assert.True(c.Value == 0, $"{c.Key}: {c.Value} rows left on A"));
        Assert.Equal(acmeOnA, await CountsAsync(app.Database.AdminConnectionString, acme));
        Assert.All(await CountsAsync(app.ClusterB.Admin, acme), c => Assert.True(c.Value == 0, $"{c.Key}: acme has {c.Value} rows on B"));
        Assert.False(await WritableAsync(app.Database.AppConnectionString, demo, StoreClusters.Default));
        Assert.True(await WritableAsync(app.ClusterB.App, demo, "B"));
        Assert.True(await WritableAsync(app.Database.AppConnectionString, acme, StoreClusters.Default));
        var demoOnB = await CountsAsync(app.ClusterB.Admin, demo);
        Assert.All(demoOnA.Where(c => c.Key != "cart_lines"),
            c => Assert.True(demoOnB[c.Key] >= c.Value, $"{c.Key}: {demoOnB[c.Key]} on B, {c.Value} on A before"));

        // Row-level security on B: the app role sees the store it is set to, and nothing without one.
        await using (var scope = await ScopeAsync("demo"))
        {
            var db = scope.ServiceProvider.GetRequiredService<StorefrontDb>();
            Assert.Equal(demo, Assert.Single(await db.Orders.IgnoreQueryFilters().Select(o => o.TenantId).Distinct().ToListAsync()));
        }

        Assert.Equal(0, await CountAsync(app.ClusterB.App, "select count(*) from orders", tenant: acme));
        Assert.Equal(0, await CountAsync(app.ClusterB.App, "select count(*) from products", tenant: Guid.Empty));
        Assert.Equal(demoOnB["orders"], await CountAsync(app.ClusterB.App, "select count(*) from orders", tenant: demo));
    }

    private async Task<StoreInfo> DirectoryAsync(string slug)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<StoreDirectory>().FindBySlugAsync(slug, default))!;
    }

    private async Task<AsyncServiceScope> ScopeAsync(string slug) => app.Services.GetRequiredService<StoreScopes>().For(await DirectoryAsync(slug));

    private static async Task SynonymAsync(HttpClient staff, string term)
    {
        var terms = new[] { term + Guid.NewGuid().ToString("N")[..4], "move" + Guid.NewGuid().ToString("N")[..4] };
        var response = await staff.PostAsJsonAsync("/api/v1/admin/catalog/synonyms", new { terms });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>Adds one unit to the cart and places the order under <paramref name="key"/>; false when either was refused for the move (503).</summary>
    private static async Task<bool> PlaceAsync(HttpClient buyer, string code, string key, ConcurrentBag<string> placed,
        ConcurrentQueue<(string, HttpStatusCode, bool)>? answers = null)
    {
        var added = await buyer.PostAsJsonAsync("/api/v1/cart/lines", new { skuCode = code, quantity = 1 });
        answers?.Enqueue(("write", added.StatusCode, added.Headers.RetryAfter is not null));
        if (added.StatusCode != HttpStatusCode.OK)
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, added.StatusCode);
            return false;
        }

        var order = await buyer.PlaceOrderAsync(key, new { address = CheckoutSeed.InlineAddress });
        answers?.Enqueue(("write", order.StatusCode, order.Headers.RetryAfter is not null));
        if (order.StatusCode is not (HttpStatusCode.Created or HttpStatusCode.OK))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, order.StatusCode);
            return false;
        }

        placed.Add((await order.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("number").GetString()!);
        return true;
    }

    private static async Task<HashSet<string>> OrderNumbersAsync(HttpClient buyer)
    {
        var numbers = new HashSet<string>(StringComparer.Ordinal);
        for (var page = 1; ; page++)
        {
            var json = await buyer.GetFromJsonAsync<JsonElement>($"/api/v1/orders?page={page}");
            foreach (var item in json.GetProperty("items").EnumerateArray())
            {
                numbers.Add(item.GetProperty("number").GetString()!);
            }

            if (page >= json.GetProperty("pageCount").GetInt32())
            {
                return numbers;
            }
        }
    }

    /// <summary>Rows of one store in every table with a tenant_id column, counted as the owner.</summary>
    private static async Task<Dictionary<string, long>> CountsAsync(string admin, Guid store)
    {
        await using var conn = new NpgsqlConnection(admin);
        await conn.OpenAsync();
        var tables = new List<string>();
        await using (var cmd = new NpgsqlCommand(
            "select table_name from information_schema.columns where table_schema = 'public' and column_name = 'tenant_id' order by 1", conn))
        await using (var reader = await cmd.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var table in tables)
        {
            await using var count = new NpgsqlCommand($"select count(*) from \"{table}\" where tenant_id = $1", conn);
            count.Parameters.AddWithValue(store);
            counts[table] = (long)(await count.ExecuteScalarAsync())!;
        }

        return counts;
    }

    private static async Task<long> CountAsync(string connection, string sql, object? parameter = null, Guid? tenant = null)
    {
        await using var conn = new NpgsqlConnection(connection);
        await conn.OpenAsync();
        if (tenant is { } t)
        {
            await using var set = new NpgsqlCommand($"select set_config('app.tenant_id', '{(t == Guid.Empty ? "" : t)}', false)", conn);
            await set.ExecuteNonQueryAsync();
        }

        await using var cmd = new NpgsqlCommand(sql, conn);
        if (parameter is not null)
        {
            cmd.Parameters.AddWithValue(parameter);
        }

        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    private static async Task<bool> WritableAsync(string appConnection, Guid store, string here)
    {
        await using var conn = new NpgsqlConnection(appConnection);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("select app_store_writable($1, $2)", conn);
        cmd.Parameters.AddWithValue(store);
        cmd.Parameters.AddWithValue(here);
        return (bool)(await cmd.ExecuteScalarAsync())!;
    }

    private static async Task UntilAsync(Func<bool> done)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (!done())
        {
            Assert.True(DateTime.UtcNow < deadline, "the requests around the move did not get going");
            await Task.Delay(20);   // polling the counters until the condition holds
        }
    }

    /// <summary>Successful requests before and after the move.</summary>
    private sealed class Counter
    {
        private int _before;
        private int _after;

        public int Before => Volatile.Read(ref _before);

        public int After => Volatile.Read(ref _after);

        public void Add(bool ok, bool after)
        {
            if (ok && after)
            {
                Interlocked.Increment(ref _after);
            }
            else if (ok)
            {
                Interlocked.Increment(ref _before);
            }
        }
    }
}

/// <summary>The app over the default cluster (the run's server) and a second cluster of its own, configured as B.</summary>
public sealed class TwoClusterApp : StorefrontApp
{
    public (string Admin, string App, string Database) ClusterB { get; private set; }

    protected override async Task<TestDatabase> CreateDatabaseAsync()
    {
        var b = await (await PostgresServer.StartOwnClusterAsync()).CreateDatabaseAsync("clusterb");
        ClusterB = (b.AdminConnectionString, b.AppConnectionString, new NpgsqlConnectionStringBuilder(b.AdminConnectionString).Database!);
        return await base.CreateDatabaseAsync();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Storefront:Clusters:B:Primary", ClusterB.App);
        builder.UseSetting("Storefront:Clusters:B:Admin", ClusterB.Admin);
    }
}
