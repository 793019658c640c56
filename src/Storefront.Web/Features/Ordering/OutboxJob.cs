using Storefront.Web.Infrastructure.Jobs;
using Storefront.Web.Infrastructure.Tenancy;

namespace Storefront.Web.Features.Ordering;

/// <summary>
/// Sends the notification outbox: every Storefront:Jobs:OutboxIntervalSeconds (default 10) of <see cref="TimeProvider"/>
/// time, store by store, the messages that are due (<see cref="SendOutbox"/>). Safe with several instances (SKIP
/// LOCKED). Tests call <see cref="StorePassJob{TResult}.RunOnceAsync"/> for one pass: how many messages were sent.
/// </summary>
public sealed class OutboxJob(
    IServiceScopeFactory scopes, StoreScopes storeScopes, TimeProvider clock, IConfiguration configuration, ILogger<OutboxJob> log)
    : StorePassJob<int>(scopes, storeScopes, clock, configuration, log, "Outbox", "Storefront:Jobs:OutboxIntervalSeconds", 10)
{
    protected override async Task<int> PassAsync(IReadOnlyList<StoreInfo> stores, CancellationToken ct)
    {
        var sent = 0;
        foreach (var store in stores)
        {
            sent += await RunBatchesAsync(store, new SendOutbox.Command(), SendOutbox.BatchSize, r => (r.Claimed, r.Sent), "Outbox", ct);
        }

        return sent;
    }
}
