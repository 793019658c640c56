using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Tenancy;
using Storefront.Web.Tests.Infrastructure;

namespace Storefront.Web.Tests.CrossCutting.Scaling;

/// <summary>
/// The shopper catalogue read from a real streaming replica (docs/decisions/0050-read-replica-and-store-moves.md):
/// routed there while it keeps up, to the primary after the shopper's own write and while it lags, with row-level
/// security and the store setting holding on its connection. Tests of one class share the replica and run in turn.
/// </summary>
public sealed class ReadReplicaTests(ReplicaApp app) : IClassFixture<ReplicaApp>
{
    private ReadReplica Replica => app.Services.GetRequiredService<ReadReplica>();

    [Fact]
    public async Task Catalog_reads_go_to_the_replica_while_the_scope_writes_to_the_primary()
    {
        await InReadsAsync();
        await using var scope = await StoreScopeAsync("demo");
        var reads = scope.ServiceProvider.GetRequiredService<CatalogReads>();

        Assert.True(await InRecoveryAsync(reads.Db));
        Assert.True(reads.FromReplica);
        Assert.False(await InRecoveryAsync(scope.ServiceProvider.GetRequiredService<StorefrontDb>()));
    }

    [Fact]
    public async Task A_shopper_reads_their_own_write_from_the_primary_and_others_read_the_replica_until_it_replays()
    {
        await InReadsAsync();
        var (slug, name, sku) = await ListedProductAsync("demo");
        var writer = app.ClientFor("demo");
        var other = app.ClientFor("demo");
        Assert.Equal(name, await ProductNameAsync(writer, slug));

        await app.Replica.PauseAsync();
        try
        {
            await OwnerAsync(DemoProduct("name = name || ' 新'"), slug);   // on the primary only, for now
            Assert.Equal(name, await ProductNameAsync(writer, slug));   // read from the replica: the change is not replayed

            var added = await writer.PostAsJsonAsync("/api/v1/cart/lines", new { skuCode = sku, quantity = 1 });
            Assert.Equal(HttpStatusCode.OK, added.StatusCode);
            Assert.Contains(added.Headers.GetValues("Set-Cookie"), c => c.StartsWith(ReadYourWrites.Cookie + "=", StringComparison.Ordinal));

            Assert.Equal(name + " 新", await ProductNameAsync(writer, slug));   // after its own write: the primary
            Assert.Equal(name, await ProductNameAsync(other, slug));   // another shopper: still the replica
        }
        finally
        {
            await app.Replica.ResumeAsync();
        }

        await app.Replica.CaughtUpAsync();
        Assert.Equal(name + " 新", await ProductNameAsync(other, slug));
        app.Clock.Advance(TimeSpan.FromSeconds(ReplicaApp.PrimaryWindowSeconds + 1));
        Assert.Equal(name + " 新", await ProductNameAsync(writer, slug));   // back on the replica, which has it now
        await OwnerAsync(DemoProduct("name = $2"), slug, name);
    }

    [Fact]
    public async Task A_lagging_replica_is_reported_taken_out_of_reads_and_put_back_once_it_catches_up()
    {
        await InReadsAsync();
        await app.Replica.PauseAsync();
        try
        {
            // WAL the paused replica does not replay (no catalogue change: that would keep reads on the primary by itself)
            await OwnerAsync("create table if not exists replica_probe (at timestamptz); insert into replica_probe values (now())");
            var lagging = await UntilAsync(() => Replica.CheckAsync(default), s => !s.InReads);
            Assert.True(lagging.LagSeconds > ReplicaApp.MaxLagSeconds, $"lag {lagging.LagSeconds}");
            Assert.True(lagging.LagBytes > 0);

            var health = await ReadyAsync();
            Assert.Equal("Degraded", health.GetProperty("status").GetString());
            var replica = health.GetProperty("checks").GetProperty("read-replica");
            Assert.False(replica.GetProperty("data").GetProperty("inReads").GetBoolean());
            Assert.True(replica.GetProperty("data").GetProperty("lagSeconds").GetDouble() > ReplicaApp.MaxLagSeconds);

            await using var scope = await StoreScopeAsync("demo");
            var reads = scope.ServiceProvider.GetRequiredService<CatalogReads>();
            Assert.False(await InRecoveryAsync(reads.Db));   // fell back to the primary
            Assert.False(reads.FromReplica);
        }
        finally
        {
            await app.Replica.ResumeAsync();
        }

        var back = await UntilAsync(() => Replica.CheckAsync(default), s => s.InReads);
        Assert.True(back.LagSeconds <= ReplicaApp.MaxLagSeconds);
        var ready = await ReadyAsync();
        Assert.Equal("Healthy", ready.GetProperty("status").GetString());
        await using (var scope = await StoreScopeAsync("demo"))
        {
            Assert.True(await InRecoveryAsync(scope.ServiceProvider.GetRequiredService<CatalogReads>().Db));
        }
    }

    [Fact]
    public async Task Row_level_security_and_the_store_setting_hold_on_the_replica_connection()
    {
        await InReadsAsync();
        var demo = await app.StoreIdAsync("demo");
        var acme = await app.StoreIdAsync("acme");

        await using (var scope = await StoreScopeAsync("demo"))
        {
            var reads = scope.ServiceProvider.GetRequiredService<CatalogReads>();
            Assert.True(await InRecoveryAsync(reads.Db));
            // Without the EF filter, only row-level security stands between this store and the other's rows.
            var stores = await reads.Db.Products.IgnoreQueryFilters().Select(p => p.TenantId).Distinct().ToListAsync();
            Assert.Equal(demo, Assert.Single(stores));
            Assert.Equal(await OwnerAsync<long>("select count(*) from products where tenant_id = $1", demo),
                await reads.Db.Products.IgnoreQueryFilters().LongCountAsync());
        }

        await using (var platform = app.Services.CreateAsyncScope())
        {
            var reads = platform.ServiceProvider.GetRequiredService<CatalogReads>();
            Assert.True(await InRecoveryAsync(reads.Db));
            Assert.Equal(0, await reads.Db.Products.IgnoreQueryFilters().CountAsync());   // no store set: no rows
        }

        // The app role straight on the replica, as a pooled connection would be left: the setting decides what it sees.
        await using var conn = new NpgsqlConnection(app.Replica.For(app.Database.AppConnectionString));
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(
            "select set_config('app.tenant_id', @store, false); select count(distinct tenant_id), min(tenant_id::text) from products", conn);
        cmd.Parameters.AddWithValue("store", acme.ToString());
        await using var reader = await cmd.ExecuteReaderAsync();
        await reader.NextResultAsync();
        await reader.ReadAsync();
        Assert.Equal(1, reader.GetInt64(0));
        Assert.Equal(acme.ToString(), reader.GetString(1));
    }

    /// <summary>The replica caught up, past the window of earlier catalogue changes, and checked: serving reads.</summary>
    private async Task InReadsAsync()
    {
        await app.Replica.CaughtUpAsync();
        app.Clock.Advance(TimeSpan.FromSeconds(ReplicaApp.PrimaryWindowSeconds + 1));
        var status = await UntilAsync(() => Replica.CheckAsync(default), s => s.InReads);
        Assert.True(status.InReads, status.Error);
    }

    private static async Task<ReplicaStatus> UntilAsync(Func<Task<ReplicaStatus>> check, Func<ReplicaStatus, bool> done)
    {
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (true)
        {
            var status = await check();
            if (done(status) || DateTime.UtcNow > deadline)
            {
                return status;
            }

            await Task.Delay(100);   // polling the replica's state until the condition holds
        }
    }

    private async Task<JsonElement> ReadyAsync()
    {
        var response = await app.ClientFor("").GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    private static async Task<bool> InRecoveryAsync(StorefrontDb db) =>
        await db.Database.SqlQueryRaw<bool>("select pg_is_in_recovery() as \"Value\"").SingleAsync();

    private static async Task<string> ProductNameAsync(HttpClient client, string slug)
    {
        var response = await client.GetAsync($"/api/v1/catalog/products/{slug}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("name").GetString()!;
    }

    private async Task<(string Slug, string Name, string Sku)> ListedProductAsync(string store)
    {
        await using var conn = new NpgsqlConnection(app.Database.AdminConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(
            "select p.slug, p.name, k.code from products p join stores s on s.id = p.tenant_id join skus k on k.product_id = p.id "
            + "where s.slug = $1 and p.status = 'Listed' and k.on_hand - k.reserved > 5 order by p.slug, k.code limit 1", conn);
        cmd.Parameters.AddWithValue(store);
        await using var reader = await cmd.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), "no listed product in stock");
        return (reader.GetString(0), reader.GetString(1), reader.GetString(2));
    }

    private async Task<AsyncServiceScope> StoreScopeAsync(string store)
    {
        StoreInfo info;
        await using (var lookup = app.Services.CreateAsyncScope())
        {
            info = (await lookup.ServiceProvider.GetRequiredService<StoreDirectory>().FindBySlugAsync(store, default))!;
        }

        return app.Services.GetRequiredService<StoreScopes>().For(info);
    }

    private static string DemoProduct(string set) =>
        $"update products set {set} where slug = $1 and tenant_id = (select id from stores where slug = 'demo')";

    private async Task OwnerAsync(string sql, params object[] parameters) => await OwnerAsync<object>(sql, parameters);

    private async Task<T> OwnerAsync<T>(string sql, params object[] parameters)
    {
        await using var conn = new NpgsqlConnection(app.Database.AdminConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        foreach (var p in parameters)
        {
            cmd.Parameters.AddWithValue(p);
        }

        return await cmd.ExecuteScalarAsync() is T value ? value : default!;
    }
}
