using Microsoft.EntityFrameworkCore;
using Storefront.Domain.Insight;
using Storefront.Web.Infrastructure;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Tenancy;

namespace Storefront.Web.Features.Insight.Customers;

/// <summary>
/// The store's buyers of its RFM window, scored: one grouped range read of the per-buyer daily rollup (insight_buyer_days,
/// kept by triggers, migration 0030), never of the orders. Recency counts store days from a buyer's last paid day to today.
/// </summary>
public static class RfmBuyers
{
    public sealed record Buyer(Guid ShopperId, DateOnly LastDay, int Orders, decimal Amount);

    public sealed record Scored(Guid ShopperId, DateOnly LastDay, int Orders, decimal Amount, int DaysSinceLast, RfmSegment Segment);

    public sealed record Window(DateOnly From, DateOnly Today, RfmThresholds Thresholds, IReadOnlyList<Scored> Buyers);

    /// <summary>The group's name in the user's language (重要价值客户 …).</summary>
    public static string Name(RfmSegment segment) =>
        CustomersText.ResourceManager.GetString("Segment_" + segment, CustomersText.Culture) ?? "Segment_" + segment;

    internal static async Task<RfmThresholds> ThresholdsAsync(StorefrontDb db, Guid storeId, CancellationToken ct) =>
        await db.Stores.AsNoTracking().Where(s => s.Id == storeId)
            .Select(s => new RfmThresholds(s.RfmWindowDays, s.RfmRecentDays, s.RfmFrequentOrders, s.RfmMonetaryAmount)).SingleOrDefaultAsync(ct)
            ?? throw new NotFoundException("store", "This request has no store.");

    internal static async Task<Window> ScoreAsync(StorefrontDb db, TenantContext tenant, DateTimeOffset now, CancellationToken ct)
    {
        var id = tenant.RequiredId;
        var thresholds = await ThresholdsAsync(db, id, ct);
        var today = StoreTime.DayOf(tenant.Store, now);
        var from = today.AddDays(1 - thresholds.WindowDays);
        var buyers = await db.Database.SqlQuery<Buyer>($"""
            select shopper_id as "ShopperId", max(day) as "LastDay", sum(paid_orders)::int as "Orders", sum(paid_amount) as "Amount"
            from insight_buyer_days where tenant_id = {id} and day between {from} and {today}
            group by shopper_id
            """).ToListAsync(ct);
        return new Window(from, today, thresholds, [.. buyers.Select(b =>
        {
            var days = today.DayNumber - b.LastDay.DayNumber;
            return new Scored(b.ShopperId, b.LastDay, b.Orders, b.Amount, days, Rfm.Classify(days, b.Orders, b.Amount, thresholds));
        })]);
    }
}
