using Microsoft.EntityFrameworkCore;
using Storefront.Domain.Insight;
using Storefront.Web.Infrastructure;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Tenancy;

namespace Storefront.Web.Features.Insight.Customers;

/// <summary>
/// The store's buyers of its RFM window, scored, from the per-buyer rollup insight_buyers (migration 0053: first and last paid
/// day, paid orders and amount from the window's first day on), never from the orders. Recency counts store days from a
/// buyer's last paid day to today. Buyer days dated after today (a clock set back) are outside any window the rollup can
/// give, so then the window is read from the per-buyer day rows, as before the rollup (docs/decisions/0057).
/// </summary>
public static class RfmBuyers
{
    public sealed record Buyer(Guid ShopperId, DateOnly LastDay, int Orders, decimal Amount);

    public sealed record Scored(Guid ShopperId, DateOnly LastDay, int Orders, decimal Amount, int DaysSinceLast, RfmSegment Segment);

    /// <summary>The window's days and thresholds; <see cref="Kept"/> when the rollup holds it (no buyer day after today).</summary>
    public sealed record Window(DateOnly From, DateOnly Today, RfmThresholds Thresholds, bool Kept);

    /// <summary>The group's name in the user's language (重要价值客户 …).</summary>
    public static string Name(RfmSegment segment) =>
        CustomersText.ResourceManager.GetString("Segment_" + segment, CustomersText.Culture) ?? "Segment_" + segment;

    internal static async Task<RfmThresholds> ThresholdsAsync(StorefrontDb db, Guid storeId, CancellationToken ct) =>
        await db.Stores.AsNoTracking().Where(s => s.Id == storeId)
            .Select(s => new RfmThresholds(s.RfmWindowDays, s.RfmRecentDays, s.RfmFrequentOrders, s.RfmMonetaryAmount)).SingleOrDefaultAsync(ct)
            ?? throw new NotFoundException("store", "This request has no store.");

    /// <summary>The window of today; makes the rollup count from its first day (built on the first read, moved on a later day's).</summary>
    internal static async Task<Window> WindowAsync(StorefrontDb db, TenantContext tenant, DateTimeOffset now, CancellationToken ct)
    {
        var id = tenant.RequiredId;
        var thresholds = await ThresholdsAsync(db, id, ct);
        var today = StoreTime.DayOf(tenant.Store, now);
        var from = today.AddDays(1 - thresholds.WindowDays);
        var state = await db.Database.SqlQuery<Rollup>($"""
            select (select from_day from insight_buyer_windows where tenant_id = {id}) as "FromDay",
                   exists (select 1 from insight_buyer_days where tenant_id = {id} and day > {today}) as "Later"
            """).SingleAsync(ct);
        if (state.Later)
        {
            return new Window(from, today, thresholds, false);
        }

        if (state.FromDay != from)
        {
            await db.Database.ExecuteSqlAsync($"select insight_buyers_prepare({id}, {from})", ct);
        }

        return new Window(from, today, thresholds, true);
    }

    /// <summary>Every buyer of the window, scored.</summary>
    internal static async Task<(Window Window, List<Scored> Buyers)> ScoreAsync(StorefrontDb db, TenantContext tenant, DateTimeOffset now,
        CancellationToken ct)
    {
        var id = tenant.RequiredId;
        var window = await WindowAsync(db, tenant, now, ct);
        var buyers = window.Kept
            ? await db.Database.SqlQuery<Buyer>($"""
                select shopper_id as "ShopperId", last_day as "LastDay", orders as "Orders", amount as "Amount"
                from insight_buyers where tenant_id = {id} and orders > 0
                """).ToListAsync(ct)
            : await db.Database.SqlQuery<Buyer>($"""
                select shopper_id as "ShopperId", max(day) as "LastDay", sum(paid_orders)::int as "Orders", sum(paid_amount) as "Amount"
                from insight_buyer_days where tenant_id = {id} and day between {window.From} and {window.Today}
                group by shopper_id
                """).ToListAsync(ct);
        return (window, [.. buyers.Select(b =>
        {
            var days = window.Today.DayNumber - b.LastDay.DayNumber;
            return new Scored(b.ShopperId, b.LastDay, b.Orders, b.Amount, days, Rfm.Classify(days, b.Orders, b.Amount, window.Thresholds));
        })]);
    }

    internal sealed class Rollup
    {
        public DateOnly? FromDay { get; set; }

        public bool Later { get; set; }
    }
}
