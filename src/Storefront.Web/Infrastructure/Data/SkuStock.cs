using Microsoft.EntityFrameworkCore;
using Npgsql;
using Storefront.Domain.Ordering;

namespace Storefront.Web.Infrastructure.Data;

/// <summary>
/// Stock movements of orders, each one conditional UPDATE per SKU (DESIGN.md: never read-then-write): reserve when an
/// order is placed, release when it is cancelled or times out, deduct (on hand and reserved together) when it ships.
/// Run them inside the command's transaction; the row lock each UPDATE takes serialises buyers of the same SKU, and the
/// condition is re-checked against the row as the previous buyer left it. SKUs are touched in id order so two orders
/// with the same SKUs cannot deadlock.
/// <para>
/// The catalog cache: these movements do not make the commands <see cref="Web.IChangesCatalog"/> (every order would
/// send a NOTIFY, which serialises commits, and evict every cached page of the store). Only a movement that changes
/// whether a SKU can be bought announces a change, by setting <see cref="StorefrontDb.CatalogChanged"/>: a reservation
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
    public static async Task<IReadOnlyList<Guid>> ReserveAsync(StorefrontDb db, Guid tenantId, IEnumerable<(Guid SkuId, int Quantity)> items, CancellationToken ct)
    {
        // One round trip: the per-SKU UPDATEs go as one batch, run by PostgreSQL one after the other in id order, exactly
        // as if sent one by one (same row locks, same order, each condition checked against the row as it is then).
        var merged = Merge(items).ToList();
        var shortOf = new List<Guid>();
        if (merged.Count == 0)
        {
            return shortOf;
        }

        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var batch = new NpgsqlBatch((NpgsqlConnection)db.Database.GetDbConnection());
            foreach (var (skuId, quantity) in merged)
            {
                batch.BatchCommands.Add(new NpgsqlBatchCommand("""
                    update skus set reserved = reserved + $1
                    where tenant_id = $2 and id = $3 and on_hand - reserved >= $1
                    returning on_hand - reserved
                    """)
                {
                    Parameters = { new() { Value = quantity }, new() { Value = tenantId }, new() { Value = skuId } },
                });
            }

            await using var reader = await batch.ExecuteReaderAsync(ct);
            foreach (var (skuId, _) in merged)
            {
                if (!await reader.ReadAsync(ct))
                {
                    shortOf.Add(skuId);
                }
                else if (reader.GetInt32(0) <= 0)
                {
                    db.CatalogChanged = true;   // sold out by this order
                }

                await reader.NextResultAsync(ct);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        return shortOf;
    }

    /// <summary>Gives back reserved units (cancellation, payment timeout): the unshipped quantity of each line.</summary>
    public static Task ReleaseAsync(StorefrontDb db, Order order, CancellationToken ct) =>
        ReleaseAsync(db, order.TenantId, order.Lines.Select(l => (l.SkuId, l.UnshippedQuantity)), ct);

    /// <summary>Gives back reserved units of some SKUs (units refunded before they shipped, an order cancelled).</summary>
    public static async Task ReleaseAsync(StorefrontDb db, Guid tenantId, IEnumerable<(Guid SkuId, int Quantity)> units, CancellationToken ct)
    {
        foreach (var (skuId, quantity) in Merge(units))
        {
            var available = await db.Database.SqlQuery<int>($"""
                update skus set reserved = greatest(0, reserved - {quantity})
                where tenant_id = {tenantId} and id = {skuId}
                returning on_hand - reserved as "Value"
                """).ToListAsync(ct);

            // Back from sold out: available now, none before (before = now - quantity; when reserved was clamped at 0 this
            // errs towards announcing).
            if (available is [> 0 and var now] && now <= quantity)
            {
                db.CatalogChanged = true;
            }
        }
    }

    /// <summary>Shipping takes the units out of the warehouse: on hand and reserved both go down by the shipped quantity.</summary>
    public static async Task DeductAsync(StorefrontDb db, Guid tenantId, IEnumerable<(Guid SkuId, int Quantity)> shipped, CancellationToken ct)
    {
        foreach (var (skuId, quantity) in Merge(shipped))
        {
            await db.Database.ExecuteSqlAsync($"""
                update skus set on_hand = on_hand - {quantity}, reserved = reserved - {quantity}
                where tenant_id = {tenantId} and id = {skuId}
                """, ct);
        }
    }

    private static IEnumerable<(Guid SkuId, int Quantity)> Merge(IEnumerable<(Guid SkuId, int Quantity)> items) =>
        items.Where(i => i.Quantity > 0).GroupBy(i => i.SkuId).Select(g => (g.Key, g.Sum(i => i.Quantity))).OrderBy(i => i.Key);
}
