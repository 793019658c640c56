using Microsoft.EntityFrameworkCore;
using Storefront.Domain.Ordering;

namespace Storefront.Web.Infrastructure.Data;

/// <summary>
/// Stock movements of orders, each one conditional UPDATE per SKU (DESIGN.md: never read-then-write): reserve when an
/// order is placed, release when it is cancelled or times out, deduct (on hand and reserved together) when it ships.
/// Run them inside the command's transaction; the row lock each UPDATE takes serialises buyers of the same SKU, and the
/// condition is re-checked against the row as the previous buyer left it. SKUs are touched in id order so two orders
/// with the same SKUs cannot deadlock. Commands that call these change what the catalog shows (stock, sold out): mark
/// them <see cref="Behaviors.IChangesCatalog"/> so cached pages are evicted on commit.
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
            var rows = await db.Database.ExecuteSqlAsync($"""
                update skus set reserved = reserved + {quantity}
                where tenant_id = {tenantId} and id = {skuId} and on_hand - reserved >= {quantity}
                """, ct);
            if (rows == 0)
            {
                shortOf.Add(skuId);
            }
        }

        return shortOf;
    }

    /// <summary>Gives back reserved units (cancellation, payment timeout): the unshipped quantity of each line.</summary>
    public static async Task ReleaseAsync(StorefrontDb db, Order order, CancellationToken ct)
    {
        foreach (var (skuId, quantity) in Merge(order.Lines.Select(l => (l.SkuId, l.UnshippedQuantity))))
        {
            await db.Database.ExecuteSqlAsync($"""
                update skus set reserved = greatest(0, reserved - {quantity})
                where tenant_id = {order.TenantId} and id = {skuId}
                """, ct);
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
