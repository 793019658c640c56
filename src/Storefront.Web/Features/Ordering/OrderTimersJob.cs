using Storefront.Web.Infrastructure.Jobs;
using Storefront.Web.Infrastructure.Tenancy;

namespace Storefront.Web.Features.Ordering;

/// <summary>
/// The order timers without anyone present: every Storefront:Jobs:OrderTimersIntervalSeconds (default 30) of
/// <see cref="TimeProvider"/> time, store by store, cancels unpaid orders past their payment due time and releases
/// their stock (<see cref="ExpireUnpaidOrders"/>), then completes shipped orders past their auto-confirm time
/// (<see cref="AutoConfirmOrders"/>). Safe with several instances: each batch claims its rows with SKIP LOCKED, and
/// the order's version guards every change besides. Tests call <see cref="RunOnceAsync"/> for one pass.
/// </summary>
public sealed class OrderTimersJob(
    IServiceScopeFactory scopes, StoreScopes storeScopes, TimeProvider clock, IConfiguration configuration, ILogger<OrderTimersJob> log)
    : BackgroundService
{
    private readonly SemaphoreSlim _pass = new(1, 1);

    public TimeSpan Interval => TimeSpan.FromSeconds(Math.Max(1, configuration.GetValue("Storefront:Jobs:OrderTimersIntervalSeconds", 30)));

    /// <summary>One pass over every open store: how many orders it cancelled and completed. Passes in one process never overlap.</summary>
    public async Task<(int Expired, int Completed)> RunOnceAsync(CancellationToken ct = default)
    {
        await _pass.WaitAsync(ct);
        try
        {
            var (expired, completed) = (0, 0);
            foreach (var store in await StorePasses.OpenStoresAsync(scopes, ct))
            {
                expired += await StorePasses.RunBatchesAsync(storeScopes, store, new ExpireUnpaidOrders.Command(), ExpireUnpaidOrders.BatchSize,
                    r => (r.Claimed, r.Expired), log, "Payment timeout", ct);
                completed += await StorePasses.RunBatchesAsync(storeScopes, store, new AutoConfirmOrders.Command(), AutoConfirmOrders.BatchSize,
                    r => (r.Claimed, r.Completed), log, "Auto-confirm", ct);
            }

            if (expired + completed > 0)
            {
                log.LogInformation("Order timers: {Expired} unpaid orders cancelled, {Completed} shipped orders completed", expired, completed);
            }

            return (expired, completed);
        }
        finally
        {
            _pass.Release();
        }
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        StorePasses.LoopAsync(RunOnceAsync, Interval, clock, log, "Order timers", stoppingToken);

    public override void Dispose()
    {
        _pass.Dispose();
        base.Dispose();
    }
}
