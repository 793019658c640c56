using Storefront.Web.Infrastructure.Jobs;
using Storefront.Web.Infrastructure.Tenancy;

namespace Storefront.Web.Features.Privacy;

/// <summary>
/// Deletes what has outlived its retention period (<see cref="RetentionPeriods"/>), store by store, every
/// Storefront:Jobs:RetentionIntervalSeconds (default an hour). Tests call <see cref="StorePassJob{TResult}.RunOnceAsync"/>.
/// </summary>
public sealed class RetentionJob(
    IServiceScopeFactory scopes, StoreScopes storeScopes, TimeProvider clock, IConfiguration configuration, ILogger<RetentionJob> log)
    : StorePassJob<int>(scopes, storeScopes, clock, configuration, log, "Retention", "Storefront:Jobs:RetentionIntervalSeconds", 3600)
{
    protected override async Task<int> PassAsync(IReadOnlyList<StoreInfo> stores, CancellationToken ct)
    {
        var purged = 0;
        foreach (var store in stores)
        {
            purged += await RunBatchesAsync(store, new PurgeExpiredData.Command(), PurgeExpiredData.BatchSize, n => (n, n), "Retention", ct);
            purged += await RunBatchesAsync(store, new PurgeVisitEvents.Command(), PurgeExpiredData.BatchSize, n => (n, n), "Retention", ct);
            purged += await RunBatchesAsync(store, new PurgeClaimSources.Command(), PurgeExpiredData.BatchSize, n => (n, n), "Retention", ct);
        }

        if (purged > 0)
        {
            Log.LogInformation("Retention: {Purged} expired rows deleted", purged);
        }

        return purged;
    }
}
