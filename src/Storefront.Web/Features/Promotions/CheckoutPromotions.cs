using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Storefront.Domain.Common;
using Storefront.Domain.Members;
using Storefront.Domain.Ordering;
using Storefront.Domain.Pricing;
using Storefront.Domain.Promotions;
using Storefront.Web.Infrastructure.Data;

namespace Storefront.Web.Features.Promotions;

/// <summary>
/// What an order takes from promotions when it is placed, and gives back when it is cancelled (by the shopper, the
/// payment timeout or staff with a refund). Run inside the command's transaction, after the SKU reservations (the same
/// lock order everywhere: SKUs, flash items, flash purchases, the coupon, the member account). Never read-then-write:
/// <list type="bullet">
/// <item>秒杀 quota: <c>update flash_sale_items set sold = sold + n where sold + n &lt;= quota</c>.</item>
/// <item>秒杀 per-shopper limit: an upsert of <c>flash_purchases</c> whose update only happens while the total stays within
/// the limit.</item>
/// <item>The coupon: <c>update shopper_coupons set used_order_id = … where used_order_id is null</c> (and still valid).</item>
/// <item>Points: <c>update member_accounts set points_balance = points_balance - n where points_balance &gt;= n</c>, a
/// Redeemed ledger entry, and the earned lots consumed oldest-expiring first.</item>
/// </list>
/// A step that finds nothing to take refuses the whole order (409); the transaction rolls everything back. All steps
/// go to PostgreSQL as one batch (one round trip).
/// </summary>
public static class CheckoutPromotions
{
    public static async Task TakeAsync(StorefrontDb db, Order order, PriceQuote quote, ShopperPricing.Loaded loaded, DateTimeOffset now, CancellationToken ct)
    {
        var flash = quote.Lines.Where(l => l.FlashItemId is not null)
            .GroupBy(l => l.FlashItemId!.Value).Select(g => (ItemId: g.Key, Quantity: g.Sum(l => l.Quantity), g.First().SkuId))
            .OrderBy(f => f.ItemId).ToList();
        var couponId = quote.CouponId;
        var points = quote.PointsUsed;
        var openAccount = !loaded.HasMemberAccount && (points > 0 || quote.MemberTierId is not null);
        if (flash.Count == 0 && couponId is null && points == 0 && !openAccount)
        {
            return;
        }

        var tenantId = order.TenantId;
        var shopperId = order.ShopperId;
        var steps = new List<(string Kind, Func<string> Refusal)>();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var batch = new NpgsqlBatch((NpgsqlConnection)db.Database.GetDbConnection());
            foreach (var (itemId, quantity, skuId) in flash)
            {
                var name = order.Lines.FirstOrDefault(l => l.SkuId == skuId)?.ProductName ?? "";
                var limit = loaded.Context.FlashPrices.FirstOrDefault(f => f.ItemId == itemId)?.PerShopperLimit ?? 0;
                batch.BatchCommands.Add(Command("""
                    update flash_sale_items set sold = sold + $3
                    where tenant_id = $1 and id = $2 and sold + $3 <= quota
                    returning 1
                    """, tenantId, itemId, quantity));
                steps.Add(("flash.sold-out", () => string.Format(CultureInfo.CurrentCulture, PromotionsText.FlashSoldOutRefused, name)));
                batch.BatchCommands.Add(Command("""
                    insert into flash_purchases as p (tenant_id, item_id, shopper_id, quantity)
                    select $1, $2, $3, $4 where $4 <= $5
                    on conflict (tenant_id, item_id, shopper_id)
                    do update set quantity = p.quantity + excluded.quantity where p.quantity + excluded.quantity <= $5
                    returning 1
                    """, tenantId, itemId, shopperId, quantity, limit));
                steps.Add(("flash.limit", () => string.Format(CultureInfo.CurrentCulture, PromotionsText.FlashLimitBought, name, limit)));
            }

            if (couponId is { } coupon)
            {
                batch.BatchCommands.Add(Command("""
                    update shopper_coupons set used_order_id = $3, used_at = $4
                    where tenant_id = $1 and id = $2 and shopper_id = $5 and used_order_id is null and valid_from <= $4 and valid_until > $4
                    returning 1
                    """, tenantId, coupon, order.Id, now, shopperId));
                steps.Add(("coupon.used", () => PromotionsText.CouponTaken));
            }

            if (openAccount)
            {
                // The account is opened lazily by the first order (or sign-up, elsewhere); a racing opener is fine.
                batch.BatchCommands.Add(Command("""
                    insert into member_accounts (tenant_id, shopper_id, tier_id, growth, points_balance, updated_at)
                    values ($1, $2, $3, 0, 0, $4)
                    on conflict (tenant_id, shopper_id) do nothing
                    """, tenantId, shopperId, (object?)quote.MemberTierId ?? DBNull.Value, now));
                steps.Add(("", () => ""));
            }

            if (points > 0)
            {
                batch.BatchCommands.Add(Command("""
                    update member_accounts set points_balance = points_balance - $3, updated_at = $4
                    where tenant_id = $1 and shopper_id = $2 and points_balance >= $3
                    returning 1
                    """, tenantId, shopperId, points, now));
                steps.Add(("points.short", () => string.Format(CultureInfo.CurrentCulture, PromotionsText.PointsShort, points)));

                // The spent points come out of what is left of the positive entries, the one expiring first first (the
                // account row above is locked: no other spender of this shopper runs this at the same time).
                batch.BatchCommands.Add(Command("""
                    with lots as (
                        select id, remaining, sum(remaining) over (order by expires_at nulls last, at, id) - remaining as before
                        from points_entries
                        where tenant_id = $1 and shopper_id = $2 and remaining > 0
                    )
                    update points_entries e set remaining = e.remaining - least(e.remaining, $3 - l.before)
                    from lots l
                    where e.tenant_id = $1 and e.id = l.id and l.before < $3
                    """, tenantId, shopperId, points));
                steps.Add(("", () => ""));
            }

            await using var reader = await batch.ExecuteReaderAsync(ct);
            foreach (var (kind, refusal) in steps)
            {
                if (kind.Length > 0 && !await reader.ReadAsync(ct))
                {
                    throw new DomainException(kind, refusal(), isConflict: true);
                }

                await reader.NextResultAsync(ct);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        if (points > 0)
        {
            db.PointsEntries.Add(PointsEntry.Create(tenantId, shopperId, PointsEntryKind.Redeemed, -points, order.Id,
                order.Number, null, now));   // the kind (积分抵扣) is shown in the shopper's language beside it
        }
    }

    /// <summary>
    /// Gives back what a cancelled order took: its 秒杀 units (quota and the shopper's count), the coupon when it is still
    /// valid (<see cref="ShopperCoupon.Return"/>; an expired one stays used), and the points spent (a Returned entry that
    /// expires with the store's rule from when the order was placed).
    /// </summary>
    public static async Task GiveBackAsync(StorefrontDb db, Order order, DateTimeOffset now, CancellationToken ct)
    {
        // Units refunded before shipping gave their flash quota and points back already (GiveBackFlashAsync, the case's
        // points): only the rest comes back here.
        await GiveBackFlashAsync(db, order, order.Lines.Select(l => (l, l.UnshippedQuantity)), ct);

        if (order.ShopperCouponId is { } couponId
            && await db.ShopperCoupons.SingleOrDefaultAsync(c => c.Id == couponId && c.UsedOrderId == order.Id, ct) is { } coupon)
        {
            coupon.Return(order.Id, now);
        }

        var returnedBefore = order.PointsUsed > 0
            ? await db.PointsEntries.Where(e => e.OrderId == order.Id && e.Kind == PointsEntryKind.Returned).SumAsync(e => (int?)e.Points, ct) ?? 0
            : 0;
        var points = order.PointsUsed - returnedBefore;
        if (points > 0)
        {
            var store = await db.Stores.Where(s => s.Id == order.TenantId).Select(s => new { s.PointsExpiryYears, s.TimeZoneId }).SingleAsync(ct);
            var programme = MemberProgramme.Default with { ExpiryYears = store.PointsExpiryYears, TimeZoneId = store.TimeZoneId };
            await db.Database.ExecuteSqlAsync($"""
                update member_accounts set points_balance = points_balance + {points}, updated_at = {now}
                where tenant_id = {order.TenantId} and shopper_id = {order.ShopperId}
                """, ct);
            db.PointsEntries.Add(PointsEntry.Create(order.TenantId, order.ShopperId, PointsEntryKind.Returned, points, order.Id,
                order.Number, programme.ExpiryFor(order.PlacedAt), now));
        }
    }

    /// <summary>
    /// The flash-sale quota (the item's sold count and the shopper's purchases) of some units of the order's lines comes
    /// back: units that will not ship (an order cancelled, units refunded before shipping).
    /// </summary>
    public static async Task GiveBackFlashAsync(StorefrontDb db, Order order, IEnumerable<(OrderLine Line, int Quantity)> units, CancellationToken ct)
    {
        var flash = units.Where(u => u.Quantity > 0)
            .SelectMany(
                u => u.Line.Adjustments.Where(a => a.Kind == AdjustmentKinds.Flash && a.SourceId is not null)
                    .Select(a => (ItemId: a.SourceId!.Value, u.Quantity)))
            .GroupBy(f => f.ItemId).Select(g => (ItemId: g.Key, Quantity: g.Sum(f => f.Quantity))).OrderBy(f => f.ItemId).ToList();
        foreach (var (itemId, quantity) in flash)
        {
            await db.Database.ExecuteSqlAsync($"""
                update flash_sale_items set sold = greatest(0, sold - {quantity}) where tenant_id = {order.TenantId} and id = {itemId}
                """, ct);
            await db.Database.ExecuteSqlAsync($"""
                update flash_purchases set quantity = greatest(0, quantity - {quantity})
                where tenant_id = {order.TenantId} and item_id = {itemId} and shopper_id = {order.ShopperId}
                """, ct);
        }
    }

    private static NpgsqlBatchCommand Command(string sql, params object[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        return command;
    }
}
