using Microsoft.EntityFrameworkCore;
using Npgsql;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Tests.Infrastructure;

namespace Storefront.Web.Tests.Ordering;

/// <summary>
/// Stock movements take their locks in one order (SKUs, then their products, each by id: SkuStock and migration 0021),
/// so orders and releases over the same products never deadlock, and the products' stock roll-up stays exact.
/// </summary>
public sealed class StockLockOrderTests(StorefrontApp app) : IClassFixture<StorefrontApp>
{
    [Fact]
    public async Task Concurrent_reservations_over_the_same_two_products_never_deadlock_and_the_roll_up_stays_exact()
    {
        // Two products of four SKUs each with random ids (so that SKU id order and product order disagree between pairs);
        // every movement reserves one SKU of each product. One UPDATE per SKU in id order, as before, locked the first
        // SKU's product and then waited for the second SKU: a pair "A's SKU < B's SKU" and a pair "B's SKU < A's SKU"
        // running together deadlocked.
        var a = await SkusAsync("锁序商品甲");
        var b = await SkusAsync("锁序商品乙");

        const int Movements = 240;
        var failures = new List<Exception>();
        await Parallel.ForEachAsync(Enumerable.Range(0, Movements), new ParallelOptions { MaxDegreeOfParallelism = 12 }, async (i, _) =>
        {
            (Guid, int)[] items = [(a[i % 4], 1), (b[(i / 4) % 4], 1)];
            try
            {
                await app.InStoreAsync("demo", async db =>
                {
                    await using var tx = await db.Database.BeginTransactionAsync();
                    var shortOf = await SkuStock.ReserveAsync(db, db.TenantId!.Value, items, default);
                    Assert.Empty(shortOf);
                    await tx.CommitAsync();
                    return 0;
                });
            }
            catch (PostgresException e)
            {
                lock (failures)
                {
                    failures.Add(e);
                }
            }
        });

        Assert.Empty(failures.Select(f => f.Message));
        await using var owner = new NpgsqlConnection(app.Database.AdminConnectionString);
        await owner.OpenAsync();
        await using var check = new NpgsqlCommand(
            "select sum(s.reserved)::int, bool_and(p.stock = (select sum(x.on_hand - x.reserved) from skus x where x.tenant_id = p.tenant_id "
            + "and x.product_id = p.id))\n"
            + "from skus s join products p on p.tenant_id = s.tenant_id and p.id = s.product_id\n"
            + "where s.id = any($1)",
            owner)
        {
            Parameters = { new() { Value = a.Concat(b).ToArray() } },
        };
        await using var reader = await check.ExecuteReaderAsync();
        await reader.ReadAsync();
        Assert.Equal(2 * Movements, reader.GetInt32(0));
        Assert.True(reader.GetBoolean(1), "products.stock differs from the sum of its SKUs' available stock");
    }

    /// <summary>A listed product with four SKUs of random (v4) ids: one made through the app, three copies of it added as the owner.</summary>
    private async Task<Guid[]> SkusAsync(string name)
    {
        var code = "LOCK-" + Guid.NewGuid().ToString("N")[..8];
        var first = (await app.SeedProductAsync("demo", name, 10m, categoryId: null, list: true, (code, 1000, 0)))[code];
        await using var owner = new NpgsqlConnection(app.Database.AdminConnectionString);
        await owner.OpenAsync();
        await using var tx = await owner.BeginTransactionAsync();
        async Task Exec(string sql, params object[] values)
        {
            await using var cmd = new NpgsqlCommand(sql, owner, tx);
            foreach (var value in values)
            {
                cmd.Parameters.Add(new NpgsqlParameter { Value = value });
            }

            await cmd.ExecuteNonQueryAsync();
        }

        await Exec("select set_config('app.tenant_id', $1, true)", (await app.StoreIdAsync("demo")).ToString());
        await Exec("create temp table copies on commit drop as select * from skus where id = $1", first);
        var ids = new List<Guid> { first };
        for (var i = 1; i <= 3; i++)
        {
            var id = Guid.NewGuid();
            await Exec("update copies set id = $1, code = $2", id, $"{code}-{i}");
            await Exec("insert into skus select * from copies");
            ids.Add(id);
        }

        await tx.CommitAsync();
        return [.. ids];
    }
}
