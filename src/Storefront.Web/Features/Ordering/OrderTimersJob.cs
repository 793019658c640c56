using Storefront.Web.Infrastructure.Jobs;
using Storefront.Web.Infrastructure.Tenancy;

namespace Storefront.Web.Features.Ordering;

/// <summary>
/// The order timers without anyone present: every Storefront:Jobs:OrderTimersIntervalSeconds (default 30) of
/// <see cref="TimeProvider"/> time, store by store, cancels unpaid orders past their payment due time and releases
/// their stock (<see cref="ExpireUnpaidOrders"/>), then completes shipped orders past their auto-confirm time
/// (<see cref="AutoConfirmOrders"/>). Safe with several instances: each batch claims its rows with SKIP LOCKED, and
/// the order's version guards every change besides. Tests call <see cref="StorePassJob{TResult}.RunOnceAsync"/> for one
/// pass: how many orders it cancelled and completed.
/// </summary>
public sealed class OrderTimersJob(
    IServiceScopeFactory scopes, StoreScopes storeScopes, TimeProvider clock, IConfiguration configuration, ILogger<OrderTimersJob> log)
    : StorePassJob<(int Expired, int Completed)>(
        scopes, storeScopes, clock, configuration, log, "Order timers", "Storefront:Jobs:OrderTimersIntervalSeconds", 30)
{
    protected override async Task<(int Expired, int Completed)> PassAsync(IReadOnlyList<StoreInfo> stores, CancellationToken ct)
    {
        var (expired, completed) = (0, 0);
        foreach (var store in stores)
        {
            expired += await RunBatchesAsync(store, new ExpireUnpaidOrders.Command(), ExpireUnpaidOrders.BatchSize,
                r => (r.Claimed, r.Expired), "Payment timeout", ct);
            completed += await RunBatchesAsync(store, new AutoConfirmOrders.Command(), AutoConfirmOrders.BatchSize,
                r => (r.Claimed, r.Completed), "Auto-confirm", ct);
        }

        if (expired + completed > 0)
        {
            Log.LogInformation("Order timers: {Expired} unpaid orders cancelled, {Completed} shipped orders completed", expired, completed);
        }

        return (expired, completed);
    }
}
