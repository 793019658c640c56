using System.Net;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Tests.Infrastructure;

namespace Storefront.Web.Tests.CrossCutting.Data;

/// <summary>
/// PgBouncer in transaction mode hands a server connection to another client after every transaction: a store set for
/// the session would stay on it; the app sets it per transaction instead (docs/decisions/0043-stateless-nodes-and-pgbouncer.md).
/// </summary>
public sealed class PgBouncerTests(PgBouncerApp app) : IClassFixture<PgBouncerApp>
{
    [Fact]
    public async Task A_store_set_for_the_session_leaks_to_the_next_client_of_the_server_connection()
    {
        // What the app did before: set the store once when a connection opens. Two clients, one server connection.
        var (demo, acme) = (await app.StoreIdAsync("demo"), await app.StoreIdAsync("acme"));
        await using var first = await OpenAsync(app.Bouncer.SingleConnectionString);
        await using var second = await OpenAsync(app.Bouncer.SingleConnectionString);
        await ScalarAsync<string>(first, $"select set_config('app.tenant_id', '{demo}', false)");
        await ScalarAsync<string>(second, $"select set_config('app.tenant_id', '{acme}', false)");
        try
        {
            // The first client, in demo as far as it knows, now reads acme's products.
            Assert.True(await ScalarAsync<long>(first, $"select count(*) from products where tenant_id = '{acme}'") > 0);
            Assert.Equal(0L, await ScalarAsync<long>(first, $"select count(*) from products where tenant_id = '{demo}'"));
        }
        finally
        {
            await ScalarAsync<string>(second, "select set_config('app.tenant_id', '', false)");   // leave the server connection clean
        }
    }

    [Fact]
    public async Task A_store_set_for_the_transaction_stays_with_its_client()
    {
        var (demo, acme) = (await app.StoreIdAsync("demo"), await app.StoreIdAsync("acme"));
        await using var first = await OpenAsync(app.Bouncer.SingleConnectionString);
        await using var second = await OpenAsync(app.Bouncer.SingleConnectionString);
        await ScalarAsync<string>(first, "select set_config('app.tenant_id', '', false)");   // whatever another test left on it
        for (var round = 0; round < 3; round++)
        {
            foreach (var (client, own, other) in new[] { (first, demo, acme), (second, acme, demo) })
            {
                // As the app sends a statement outside a transaction: the CALL in front, in the same batch.
                Assert.True(await ScalarAsync<long>(client, $"call app_set_tenant('{own}'); select count(*) from products") > 0);
                Assert.Equal(0L, await ScalarAsync<long>(client, $"call app_set_tenant('{own}'); select count(*) from products where tenant_id = '{other}'"));
            }

            // Nothing is left on the server connection for a statement that sets no store.
            Assert.Equal(0L, await ScalarAsync<long>(first, "select count(*) from products"));
        }
    }

    [Fact]
    public async Task The_app_keeps_each_store_in_its_rows_while_stores_share_few_server_connections()
    {
        var ids = new Dictionary<string, Guid> { ["demo"] = await app.StoreIdAsync("demo"), ["acme"] = await app.StoreIdAsync("acme") };
        // Many scopes at once over PgBouncer.PoolSize server connections; row-level security alone (the EF filter ignored),
        // outside a transaction (the CALL in front of each statement) and inside one (set when it begins).
        var work = Enumerable.Range(0, 24).Select(i => Task.Run(async () =>
        {
            var store = i % 2 == 0 ? "demo" : "acme";
            for (var n = 0; n < 5; n++)
            {
                var tenants = await app.InStoreAsync(store, async db =>
                {
                    var seen = await db.Products.IgnoreQueryFilters().Select(p => p.TenantId).Distinct().ToListAsync();
                    await using var tx = await db.Database.BeginTransactionAsync();
                    seen.AddRange(await db.Shoppers.IgnoreQueryFilters().Select(s => s.TenantId).Distinct().ToListAsync());
                    return seen;
                });
                Assert.Equal([ids[store]], tenants.Distinct());
            }
        }));
        await Task.WhenAll(work);
    }

    [Fact]
    public async Task Shopper_pages_and_the_cart_work_through_PgBouncer_without_prepared_statements()
    {
        var shopper = app.ClientFor("demo");
        await shopper.SignInShopperAsync("shopper@demo.local");
        for (var i = 0; i < 4; i++)   // past Npgsql's auto-prepare threshold, were it on
        {
            Assert.Equal(HttpStatusCode.OK, (await shopper.GetAsync("/api/v1/cart")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await shopper.GetAsync("/search?q=" + i)).StatusCode);
        }
    }

    [Fact]
    public void Behind_PgBouncer_auto_prepare_is_off_whatever_the_connection_string_says()
    {
        var builder = new NpgsqlConnectionStringBuilder(AppConnectionString.ForPgBouncer(
            AppConnectionString.For("Host=db;Username=app;Max Auto Prepare=50", null, null)));
        Assert.Equal(0, builder.MaxAutoPrepare);
        Assert.True(builder.NoResetOnClose);
    }

    private static async Task<NpgsqlConnection> OpenAsync(string connectionString)
    {
        var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        return conn;
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection conn, string sql)
    {
        await using var cmd = new NpgsqlCommand(sql, conn);
        return (T)(await cmd.ExecuteScalarAsync())!;
    }
}
