using MediatR;
using Microsoft.EntityFrameworkCore;
using Storefront.Web.Features.Catalog.Admin;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Tenancy;

namespace Storefront.Web.Infrastructure.Jobs;

/// <summary>
/// 定时上下架 without anyone present: every Storefront:Jobs:ScheduleIntervalSeconds (default 30) of
/// <see cref="TimeProvider"/> time, goes through the stores one by one, each in its own store scope, and applies the
/// listing plans that have come due (<see cref="ApplyListingSchedules"/>). Safe with several instances: rows are
/// claimed with SKIP LOCKED. Tests call <see cref="RunOnceAsync"/> for one pass.
/// </summary>
public sealed class ListingScheduleJob(
    IServiceScopeFactory scopes, StoreScopes storeScopes, TimeProvider clock, IConfiguration configuration, ILogger<ListingScheduleJob> log)
    : BackgroundService
{
    private const int MaxBatchesPerStore = 50;
    private readonly SemaphoreSlim _pass = new(1, 1);

    public TimeSpan Interval => TimeSpan.FromSeconds(Math.Max(1, configuration.GetValue("Storefront:Jobs:ScheduleIntervalSeconds", 30)));

    /// <summary>One pass over every store; returns how many products changed status. Passes in one process never overlap.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct = default)
    {
        await _pass.WaitAsync(ct);
        try
        {
            List<StoreInfo> stores;
            await using (var scope = scopes.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<StorefrontDb>();
                stores = (await db.Stores.AsNoTracking().OrderBy(s => s.CreatedAt).ToListAsync(ct)).Select(StoreInfo.From).ToList();
            }

            var changed = 0;
            foreach (var store in stores)
            {
                try
                {
                    for (var batch = 0; batch < MaxBatchesPerStore; batch++)
                    {
                        await using var scope = storeScopes.For(store);
                        var result = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new ApplyListingSchedules.Command(), ct);
                        changed += result.Changed;
                        if (result.Claimed < ApplyListingSchedules.BatchSize)
                        {
                            break;
                        }
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // One store's failure must not hold up the others; it is tried again on the next pass.
                    log.LogError(e, "Listing schedules of store {StoreSlug} failed", store.Slug);
                }
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

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();   // let the host finish starting
        using var timer = new PeriodicTimer(Interval, clock);
        do
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "Listing schedule pass failed");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public override void Dispose()
    {
        _pass.Dispose();
        base.Dispose();
    }
}
