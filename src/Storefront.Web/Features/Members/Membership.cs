using Microsoft.EntityFrameworkCore;
using Storefront.Domain.Members;
using Storefront.Domain.Ordering;
using Storefront.Web.Infrastructure.Data;

namespace Storefront.Web.Features.Members;

/// <summary>
/// The member programme's writes, shared by the use cases that complete or refund an order, the jobs and the admin page,
/// all inside the caller's transaction. Every change of one shopper's standing takes that shopper's transaction-scoped
/// advisory lock first, so two completions of one shopper's orders regrade in turn (the second sees the first's order);
/// the points balance only moves by conditional UPDATEs (never read-then-write).
/// </summary>
internal static class Membership
{
    /// <summary>Waits for the shopper's member lock (held to the end of the transaction).</summary>
    public static Task LockAsync(StorefrontDb db, Guid shopperId, CancellationToken ct) =>
        db.Database.ExecuteSqlAsync($"select pg_advisory_xact_lock(hashtext({"member:" + shopperId}))", ct);

    /// <summary>Opens the shopper's member account if it is not open yet (a guarded insert: never two).</summary>
    public static async Task EnsureAccountAsync(StorefrontDb db, Guid shopperId, DateTimeOffset now, CancellationToken ct)
    {
        var tenantId = db.TenantId!.Value;
        var baseTier = await db.MemberTiers.Where(t => t.GrowthThreshold == 0).Select(t => (Guid?)t.Id).FirstOrDefaultAsync(ct);
        await db.Database.ExecuteSqlAsync($"""
            insert into member_accounts (tenant_id, shopper_id, tier_id, growth, points_balance, tier_changed_at, updated_at)
            values ({tenantId}, {shopperId}, {baseTier}, 0, 0, {(baseTier is null ? null : now)}, {now})
            on conflict (tenant_id, shopper_id) do nothing
            """, ct);
    }

    /// <summary>Growth value of shoppers now, summed in the database by the domain's rule (<see cref="MemberGrowth"/>).</summary>
    public static async Task<Dictionary<Guid, decimal>> GrowthAsync(
        StorefrontDb db, IReadOnlyCollection<Guid> shopperIds, MemberProgramme programme, DateTimeOffset now, CancellationToken ct)
    {
        var tenantId = db.TenantId!.Value;
        var ids = shopperIds.ToArray();
        return await db.Orders.AsNoTracking()
            .Where(o => o.TenantId == tenantId && ids.Contains(o.ShopperId))
            .Where(MemberGrowth.Counts(programme.GrowthWindowStart(now)))
            .Select(MemberGrowth.ContributionOf)
            .GroupBy(c => c.ShopperId)
            .Select(g => new { ShopperId = g.Key, Growth = g.Sum(c => c.Value) })
            .ToDictionaryAsync(r => r.ShopperId, r => r.Growth, ct);
    }

    /// <summary>Recomputes the shopper's growth and moves the tier to match (opening the account if needed). True when the tier changed.</summary>
    public static async Task<bool> RegradeAsync(StorefrontDb db, Guid shopperId, DateTimeOffset now, CancellationToken ct)
    {
        await LockAsync(db, shopperId, ct);
        await EnsureAccountAsync(db, shopperId, now, ct);
        var programme = await ProgrammeAsync(db, ct);
        var growth = (await GrowthAsync(db, [shopperId], programme, now, ct)).GetValueOrDefault(shopperId);
        var tiers = await db.MemberTiers.AsNoTracking().ToListAsync(ct);
        var account = await db.MemberAccounts.SingleAsync(a => a.ShopperId == shopperId, ct);
        return account.Regrade(growth, tiers, now);
    }

    public static async Task<MemberProgramme> ProgrammeAsync(StorefrontDb db, CancellationToken ct) =>
        (await db.Stores.AsNoTracking().SingleAsync(s => s.Id == db.TenantId, ct)).MemberProgramme;

    /// <summary>
    /// The order completed: grants its points (once; <see cref="MemberProgramme.PointsFor"/> of the goods paid, times the
    /// tier multiplier priced into the order) as an Earned ledger entry expiring per <see cref="MemberProgramme.ExpiryFor"/>,
    /// and regrades the shopper. The order's completion is saved first so the growth sum sees it.
    /// </summary>
    public static async Task OrderCompletedAsync(StorefrontDb db, Order order, DateTimeOffset now, CancellationToken ct)
    {
        await db.SaveChangesAsync(ct);
        await LockAsync(db, order.ShopperId, ct);
        await EnsureAccountAsync(db, order.ShopperId, now, ct);
        var programme = await ProgrammeAsync(db, ct);
        if (order.PointsEarned == 0)
        {
            var points = programme.PointsFor(order.Total - order.ShippingFee - order.RefundedAmount, order.PointsMultiplier);
            order.GrantPoints(points, now);
            if (points > 0)
            {
                await AddAsync(db, PointsEntry.Create(db.TenantId!.Value, order.ShopperId, PointsEntryKind.Earned, points, order.Id, order.Number,
                    programme.ExpiryFor(now), now), ct);
            }
        }

        await RegradeAsync(db, order.ShopperId, now, ct);
    }

    /// <summary>
    /// Money went back on the order: if it had earned points, the share of them the refund stands for is taken back
    /// (a Reversed entry, from what is left of its Earned lots, never below a zero balance), and the shopper is regraded.
    /// </summary>
    public static async Task OrderRefundedAsync(StorefrontDb db, Order order, decimal amount, DateTimeOffset now, CancellationToken ct)
    {
        await db.SaveChangesAsync(ct);
        await LockAsync(db, order.ShopperId, ct);
        if (order.PointsEarned > 0 && amount > 0)
        {
            var paid = order.Total - order.ShippingFee;
            var reversedBefore = -await db.PointsEntries.Where(e => e.OrderId == order.Id && e.Kind == PointsEntryKind.Reversed)
                .SumAsync(e => (int?)e.Points, ct) ?? 0;
            var share = paid <= 0 ? order.PointsEarned : (int)decimal.Ceiling(order.PointsEarned * Math.Min(1m, order.RefundedAmount / paid));
            var take = Math.Min(share, order.PointsEarned) - reversedBefore;
            if (take > 0)
            {
                await TakeAsync(db, order.ShopperId, take, PointsEntryKind.Reversed, order.Id, order.Number, now, ct);
            }
        }

        await RegradeAsync(db, order.ShopperId, now, ct);
    }

    /// <summary>Adds a positive ledger entry and its points to the balance.</summary>
    public static async Task AddAsync(StorefrontDb db, PointsEntry entry, CancellationToken ct)
    {
        db.PointsEntries.Add(entry);
        await db.Database.ExecuteSqlAsync($"""
            update member_accounts set points_balance = points_balance + {entry.Points}
            where tenant_id = {entry.TenantId} and shopper_id = {entry.ShopperId}
            """, ct);
    }

    /// <summary>
    /// Takes up to <paramref name="points"/> from the balance (all of it when less is held): a conditional UPDATE, a
    /// negative ledger entry, and the points consumed from the earned lots, oldest-expiring first. Returns the points taken.
    /// </summary>
    public static async Task<int> TakeAsync(
        StorefrontDb db, Guid shopperId, int points, PointsEntryKind kind, Guid? orderId, string note, DateTimeOffset now, CancellationToken ct)
    {
        var tenantId = db.TenantId!.Value;
        var taken = (await db.Database.SqlQuery<int>($"""
            with b as (
                select least(points_balance, {points}) as take from member_accounts
                where tenant_id = {tenantId} and shopper_id = {shopperId} for update)
            update member_accounts a set points_balance = a.points_balance - b.take
            from b
            where a.tenant_id = {tenantId} and a.shopper_id = {shopperId}
            returning b.take as "Value"
            """).ToListAsync(ct)).SingleOrDefault();
        if (taken <= 0)
        {
            return 0;
        }

        db.PointsEntries.Add(PointsEntry.Create(tenantId, shopperId, kind, -taken, orderId, note, null, now));
        await ConsumeLotsAsync(db, shopperId, taken, ct);
        return taken;
    }

    /// <summary>
    /// Takes exactly <paramref name="points"/> if the shopper holds them (a conditional UPDATE: balance ≥ n), with a
    /// negative ledger entry and the points consumed from the lots oldest-expiring first. False when not enough is held.
    /// </summary>
    public static async Task<bool> SpendAsync(
        StorefrontDb db, Guid shopperId, int points, PointsEntryKind kind, Guid? orderId, string note, DateTimeOffset now, CancellationToken ct)
    {
        var tenantId = db.TenantId!.Value;
        var spent = await db.Database.ExecuteSqlAsync($"""
            update member_accounts set points_balance = points_balance - {points}
            where tenant_id = {tenantId} and shopper_id = {shopperId} and points_balance >= {points}
            """, ct);
        if (spent == 0)
        {
            return false;
        }

        db.PointsEntries.Add(PointsEntry.Create(tenantId, shopperId, kind, -points, orderId, note, null, now));
        await ConsumeLotsAsync(db, shopperId, points, ct);
        return true;
    }

    private static async Task ConsumeLotsAsync(StorefrontDb db, Guid shopperId, int points, CancellationToken ct)
    {
        // The caller holds the member account row (locked by its UPDATE), and so does the expiry job before it touches
        // lots: account, then lots, everywhere. Locking the lots too keeps the load below current.
        await db.Database.SqlQuery<Guid>($"""
            select id as "Value" from points_entries
            where tenant_id = {db.TenantId!.Value} and shopper_id = {shopperId} and remaining > 0
            order by id
            for update
            """).ToListAsync(ct);
        var left = points;
        var lots = await db.PointsEntries.Where(e => e.ShopperId == shopperId && e.Remaining > 0)
            .OrderBy(e => e.ExpiresAt == null).ThenBy(e => e.ExpiresAt).ThenBy(e => e.At).ToListAsync(ct);
        foreach (var lot in lots)
        {
            if (left == 0)
            {
                break;
            }

            left -= lot.Consume(left);
        }
    }
}
