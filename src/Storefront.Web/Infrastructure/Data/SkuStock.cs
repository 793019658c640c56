using Microsoft.EntityFrameworkCore;
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
        var shortOf = new List<Guid>();
        foreach (var (skuId, quantity) in Merge(items))
        {
            var left = await db.Database.SqlQuery<int>($"""
                update skus set reserved = reserved + {quantity}
                where tenant_id = {tenantId} and id = {skuId} and on_hand - reserved >= {quantity}
                returning on_hand - reserved as "Value"
                """).ToListAsync(ct);
            if (left.Count == 0)
            {
                shortOf.Add(skuId);
            }
            else if (left[0] <= 0)
            {
                db.CatalogChanged = true;   // sold out by this order
            }
        }

        return shortOf;
    }

    /// <summary>Gives back reserved units (cancellation, payment timeout): the unshipped quantity of each line.</summary>
    public static async Task ReleaseAsync(StorefrontDb db, Order order, CancellationToken ct)
    {
        foreach (var (skuId, quantity) in Merge(order.Lines.Select(l => (l.SkuId, l.UnshippedQuantity))))
        {
            var available = await db.Database.SqlQuery<int>($"""
                update skus set reserved = greatest(0, reserved - {quantity})
                where tenant_id = {order.TenantId} and id = {skuId}
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
