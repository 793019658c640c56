using Storefront.Web.Infrastructure.Jobs;
using Storefront.Web.Infrastructure.Tenancy;

namespace Storefront.Web.Features.Catalog.Admin;

/// <summary>
/// 定时上下架 without anyone present: every Storefront:Jobs:ScheduleIntervalSeconds (default 30) of
/// <see cref="TimeProvider"/> time, goes through the open stores one by one (<see cref="StorePassJob{TResult}"/>: a suspended
/// store's plans wait), each in its own store scope, and applies the listing plans that have come due
/// (<see cref="ApplyListingSchedules"/>). Safe with several instances: rows are claimed with SKIP LOCKED. Tests call
/// <see cref="StorePassJob{TResult}.RunOnceAsync"/> for one pass: how many products changed status.
/// </summary>
public sealed class ListingScheduleJob(
    IServiceScopeFactory scopes, StoreScopes storeScopes, TimeProvider clock, IConfiguration configuration, ILogger<ListingScheduleJob> log)
    : StorePassJob<int>(scopes, storeScopes, clock, configuration, log, "Listing schedule", "Storefront:Jobs:ScheduleIntervalSeconds", 30)
{
    protected override async Task<int> PassAsync(IReadOnlyList<StoreInfo> stores, CancellationToken ct)
    {
        var changed = 0;
        foreach (var store in stores)
        {
            changed += await RunBatchesAsync(store, new ApplyListingSchedules.Command(), ApplyListingSchedules.BatchSize,
                r => (r.Claimed, r.Changed), "Listing schedules", ct);
        }

        if (changed > 0)
        {
            Log.LogInformation("Listing schedules applied: {Changed} products changed status", changed);
        }

        return changed;
    }
}
