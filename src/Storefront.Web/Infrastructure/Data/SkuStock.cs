using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using Storefront.Domain.Ordering;
using Storefront.Web.Infrastructure.Caching;

namespace Storefront.Web.Infrastructure.Data;

/// <summary>
/// Stock movements of orders, conditional UPDATEs (docs/design.md, "Stock": never read-then-write): reserve when an
/// order is placed, release when it is cancelled or times out, deduct (on hand and reserved together) when it ships.
/// Run them inside the command's transaction; the row lock of each SKU serialises buyers of the same SKU, and the condition is re-checked
/// against the row as the previous buyer left it.
/// <para>
/// Lock order (no deadlocks): each movement first locks its SKU rows in id order (SELECT … ORDER BY id FOR NO KEY
/// UPDATE), then changes them all in one UPDATE; the stock roll-up trigger then locks the SKUs' products, also in id order
/// (migration 0021). So every movement takes SKUs before products and each in the same order
/// (docs/decisions/0013-stock-movements-and-lock-order.md).
/// </para>
/// <para>
/// The catalog cache: these movements do not make the commands <see cref="IChangesCatalog"/> (every order would
/// send a NOTIFY, which serialises commits, and evict every cached page of the store). Only a movement that changes
/// whether a SKU can be bought announces a change of its product, in <see cref="StorefrontDb.ChangedProducts"/>: a reservation
/// that leaves a SKU with nothing available (sold out), a release that makes a sold-out SKU available again. Any other
/// movement leaves cached pages to their normal lifetime (CatalogCachePolicy, 10 minutes): a product page may show a
/// slightly stale count until then, never a buyable SKU that is sold out, and checkout re-checks stock anyway. A deduct
/// on shipping does not change what is available (on hand and reserved drop together) and announces nothing.
/// </para>
/// </summary>
public static class SkuStock
{
    /// <summary>
    /// Reserves every quantity or none: returns the SKU ids that had too little available (empty: all reserved). When
    /// any is short the caller must throw, so the transaction rolls back the reservations already made.
    /// </summary>
    public static async Task<IReadOnlyList<Guid>> ReserveAsync(
        StorefrontDb db, Guid tenantId, IEnumerable<(Guid SkuId, int Quantity)> items, CancellationToken ct)
    {
        var reservation = new Reservation(tenantId, items);
        if (reservation.IsEmpty)
        {
            return [];
        }

        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var batch = new NpgsqlBatch((NpgsqlConnection)db.Database.GetDbConnection());
            reservation.AddTo(batch);
            await using var reader = await batch.ExecuteReaderAsync(ct);
            return await reservation.ReadAsync(db, reader, ct);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>
    /// The statements of a reservation (lock the SKUs in id order, then one conditional UPDATE of them all), to send in a
    /// batch: alone (<see cref="ReserveAsync"/>) or with other statements of the same transaction (placing an order sends
    /// them with the cart clean-up and the order number: one round trip).
    /// </summary>
    public sealed class Reservation(Guid tenantId, IEnumerable<(Guid SkuId, int Quantity)> items)
    {
        private readonly List<(Guid SkuId, int Quantity)> _items = [.. Merge(items)];

        public bool IsEmpty => _items.Count == 0;

        public void AddTo(NpgsqlBatch batch)
        {
            var ids = _items.Select(i => i.SkuId).ToArray();
            batch.BatchCommands.Add(LockCommand(tenantId, ids));
            batch.BatchCommands.Add(new NpgsqlBatchCommand("""
                update skus set reserved = reserved + ($3::integer[])[array_position($2, id)]
                where tenant_id = $1 and id = any($2) and on_hand - reserved >= ($3::integer[])[array_position($2, id)]
                returning id, on_hand - reserved, product_id
                """)
            {
                Parameters = { Uuid(tenantId), Uuids(ids), Integers(_items.Select(i => i.Quantity)) },
            });
        }

        /// <summary>
        /// Reads the statements' results (the reader on the first of them; left on the last): the SKU ids that were short.
        /// A SKU this sells out adds its product to <see cref="StorefrontDb.ChangedProducts"/>.
        /// </summary>
        public async Task<IReadOnlyList<Guid>> ReadAsync(StorefrontDb db, NpgsqlDataReader reader, CancellationToken ct)
        {
            await reader.NextResultAsync(ct);   // past the lock
            var reserved = new HashSet<Guid>();
            while (await reader.ReadAsync(ct))
            {
                reserved.Add(reader.GetGuid(0));
                if (reader.GetInt32(1) <= 0)
                {
                    db.ChangedProducts.Add(reader.GetGuid(2));   // sold out by this order
                }
            }

            return [.. _items.Select(i => i.SkuId).Where(id => !reserved.Contains(id))];
        }
    }

    /// <summary>Gives back reserved units (cancellation, payment timeout): the unshipped quantity of each line.</summary>
    public static Task ReleaseAsync(StorefrontDb db, Order order, CancellationToken ct) => ReleaseAsync(db, [order], ct);

    /// <summary>
    /// Gives back the reserved units of several orders of the current store (the payment timeout's batch) in one movement:
    /// every SKU of every order locked first, in id order, so a batch never holds a product while waiting for a SKU.
    /// </summary>
    public static Task ReleaseAsync(StorefrontDb db, IReadOnlyCollection<Order> orders, CancellationToken ct) =>
        orders.Count == 0
            ? Task.CompletedTask
            : ReleaseAsync(db, orders.First().TenantId, orders.SelectMany(o => o.Lines.Select(l => (l.SkuId, l.UnshippedQuantity))), ct);

    /// <summary>Gives back reserved units of some SKUs (units refunded before they shipped, an order cancelled).</summary>
    public static async Task ReleaseAsync(StorefrontDb db, Guid tenantId, IEnumerable<(Guid SkuId, int Quantity)> units, CancellationToken ct)
    {
        var items = Merge(units).ToList();
        var ids = items.Select(i => i.SkuId).ToArray();
        var quantities = items.ToDictionary(i => i.SkuId, i => i.Quantity);
        var available = await RunAsync(db, tenantId, ids, new NpgsqlBatchCommand("""
            update skus set reserved = greatest(0, reserved - ($3::integer[])[array_position($2, id)])
            where tenant_id = $1 and id = any($2)
            returning id, on_hand - reserved, product_id
            """)
        {
            Parameters = { Uuid(tenantId), Uuids(ids), Integers(items.Select(i => i.Quantity)) },
        }, ct);

        // Back from sold out: available now, none before (before = now - quantity; when reserved was clamped at 0 this
        // errs towards announcing).
        foreach (var back in available.Where(a => a.Available > 0 && a.Available <= quantities[a.SkuId]))
        {
            db.ChangedProducts.Add(back.ProductId);
        }
    }

    /// <summary>Shipping takes the units out of the warehouse: on hand and reserved both go down by the shipped quantity.</summary>
    public static async Task DeductAsync(StorefrontDb db, Guid tenantId, IEnumerable<(Guid SkuId, int Quantity)> shipped, CancellationToken ct)
    {
        var items = Merge(shipped).ToList();
        var ids = items.Select(i => i.SkuId).ToArray();
        await RunAsync(db, tenantId, ids, new NpgsqlBatchCommand("""
            update skus set on_hand = on_hand - ($3::integer[])[array_position($2, id)], reserved = reserved - ($3::integer[])[array_position($2, id)]
            where tenant_id = $1 and id = any($2)
            returning id, on_hand - reserved, product_id
            """)
        {
            Parameters = { Uuid(tenantId), Uuids(ids), Integers(items.Select(i => i.Quantity)) },
        }, ct);
    }

    /// <summary>Locks the SKUs in id order (the first statement of every movement, see the lock order above).</summary>
    private static NpgsqlBatchCommand LockCommand(Guid tenantId, Guid[] ids) => new("""
        select id from skus where tenant_id = $1 and id = any($2) order by id for no key update
        """)
    {
        Parameters = { Uuid(tenantId), Uuids(ids) },
    };

    /// <summary>The lock and <paramref name="update"/> (returning id, what is available after and the product) in one round trip.</summary>
    private static async Task<IReadOnlyList<(Guid SkuId, int Available, Guid ProductId)>> RunAsync(
        StorefrontDb db, Guid tenantId, Guid[] ids, NpgsqlBatchCommand update, CancellationToken ct)
    {
        var rows = new List<(Guid, int, Guid)>();
        if (ids.Length == 0)
        {
            return rows;
        }

        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var batch = new NpgsqlBatch((NpgsqlConnection)db.Database.GetDbConnection()) { BatchCommands = { LockCommand(tenantId, ids), update } };
            await using var reader = await batch.ExecuteReaderAsync(ct);
            await reader.NextResultAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                rows.Add((reader.GetGuid(0), reader.GetInt32(1), reader.GetGuid(2)));
            }

            return rows;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static NpgsqlParameter Uuid(Guid value) => new() { Value = value, NpgsqlDbType = NpgsqlDbType.Uuid };

    private static NpgsqlParameter Uuids(Guid[] values) => new() { Value = values, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid };

    private static NpgsqlParameter Integers(IEnumerable<int> values) =>
        new() { Value = values.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer };

    private static IEnumerable<(Guid SkuId, int Quantity)> Merge(IEnumerable<(Guid SkuId, int Quantity)> items) =>
        items.Where(i => i.Quantity > 0).GroupBy(i => i.SkuId).Select(g => (g.Key, g.Sum(i => i.Quantity))).OrderBy(i => i.Key);
}
