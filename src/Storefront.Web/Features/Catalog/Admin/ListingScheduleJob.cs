using Storefront.Web.Infrastructure.Jobs;
using Storefront.Web.Infrastructure.Tenancy;

namespace Storefront.Web.Features.Catalog.Admin;

/// <summary>
/// 定时上下架 without anyone present: every Storefront:Jobs:ScheduleIntervalSeconds (default 30) of
/// <see cref="TimeProvider"/> time, goes through the open stores one by one (<see cref="StorePasses"/>: a suspended
/// store's plans wait), each in its own store scope, and applies the listing plans that have come due
/// (<see cref="ApplyListingSchedules"/>). Safe with several instances: rows are claimed with SKIP LOCKED. Tests call
/// <see cref="RunOnceAsync"/> for one pass.
/// </summary>
public sealed class ListingScheduleJob(
    IServiceScopeFactory scopes, StoreScopes storeScopes, TimeProvider clock, IConfiguration configuration, ILogger<ListingScheduleJob> log)
    : BackgroundService
{
    private readonly SemaphoreSlim _pass = new(1, 1);

    public TimeSpan Interval => TimeSpan.FromSeconds(Math.Max(1, configuration.GetValue("Storefront:Jobs:ScheduleIntervalSeconds", 30)));

    /// <summary>One pass over every open store; returns how many products changed status. Passes in one process never overlap.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct = default)
    {
        await _pass.WaitAsync(ct);
        try
        {
            var changed = 0;
            foreach (var store in await StorePasses.OpenStoresAsync(scopes, ct))
            {
                changed += await StorePasses.RunBatchesAsync(storeScopes, store, new ApplyListingSchedules.Command(), ApplyListingSchedules.BatchSize,
                    r => (r.Claimed, r.Changed), log, "Listing schedules", ct);
            }

            if (changed > 0)
            {
                log.LogInformation("Listing schedules applied: {Changed} products changed status", changed);
            }

            return changed;
        }
        finally
        {
            _pass.Release();
        }
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        StorePasses.LoopAsync(RunOnceAsync, Interval, clock, log, "Listing schedule", stoppingToken);

    public override void Dispose()
    {
        _pass.Dispose();
        base.Dispose();
    }
}
