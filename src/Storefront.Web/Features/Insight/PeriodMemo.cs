using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Tenancy;

namespace Storefront.Web.Features.Insight;

/// <summary>
/// Distinct counts of a period (buyers, visitors) cannot be summed from day rows, and counting them over a year of rows
/// takes seconds (bench/insight.sh). A period that has ended never changes, so it is counted once and kept
/// (insight_period_memos, migration 0048); a period with today is the kept count of its days up to yesterday, patched with
/// what today's buyers or visitors change (<see cref="Storefront.Domain.Insight.VisitFunnel.Patch"/>, docs/decisions/0055). A period is kept
/// only once its last day ended <see cref="Settle"/> ago, so that events queued at midnight are in. See docs/decisions/0051.
/// </summary>
internal static class PeriodMemo
{
    private static readonly TimeSpan Settle = TimeSpan.FromMinutes(10);

    /// <summary>
    /// The figure of from–to. <paramref name="count"/>(from, to) counts it over those days; <paramref name="withToday"/>(closed,
    /// today) adds today to the kept figure of the days up to yesterday (from today's rows and their previous days, migration 0052).
    /// </summary>
    public static async Task<T> CountAsync<T>(
        StorefrontDb db, TenantContext tenant, DateTimeOffset now, string kind, DateOnly from, DateOnly to,
        Func<DateOnly, DateOnly, Task<T>> count, Func<T, DateOnly, Task<T>> withToday, CancellationToken ct)
    {
        var today = StoreTime.DayOf(tenant.Store, now);
        if (to < today)
        {
            return await ClosedAsync(db, tenant, now, kind, from, to, count, ct);
        }

        if (from >= today)
        {
            return await count(from, to);
        }

        return await withToday(await ClosedAsync(db, tenant, now, kind, from, today.AddDays(-1), count, ct), today);
    }

    private static async Task<T> ClosedAsync<T>(
        StorefrontDb db, TenantContext tenant, DateTimeOffset now, string kind, DateOnly from, DateOnly to,
        Func<DateOnly, DateOnly, Task<T>> count, CancellationToken ct)
    {
        var id = tenant.RequiredId;
        var kept = await db.Database.SqlQuery<string>($"""
            select payload::text as "Value" from insight_period_memos
            where tenant_id = {id} and kind = {kind} and from_day = {from} and to_day = {to}
            """).SingleOrDefaultAsync(ct);
        if (kept is not null)
        {
            return JsonSerializer.Deserialize<T>(kept)!;
        }

        var value = await count(from, to);
        if (now >= StoreTime.StartOfDay(tenant.Store, to.AddDays(1)) + Settle)
        {
            var payload = JsonSerializer.Serialize(value);
            await db.Database.ExecuteSqlAsync($"""
                insert into insight_period_memos (tenant_id, kind, from_day, to_day, payload, computed_at)
                values ({id}, {kind}, {from}, {to}, {payload}::jsonb, {now}) on conflict do nothing
                """, ct);
        }

        return value;
    }

    /// <summary>Forgets the store's kept counts (after its rollups were rebuilt).</summary>
    public static Task ClearAsync(StorefrontDb db, Guid storeId, CancellationToken ct) =>
        db.Database.ExecuteSqlAsync($"delete from insight_period_memos where tenant_id = {storeId}", ct);
}
