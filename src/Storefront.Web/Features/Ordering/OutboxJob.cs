using Storefront.Web.Infrastructure.Jobs;
using Storefront.Web.Infrastructure.Tenancy;

namespace Storefront.Web.Features.Ordering;

/// <summary>
/// Sends the notification outbox: every Storefront:Jobs:OutboxIntervalSeconds (default 10) of <see cref="TimeProvider"/>
/// time, store by store, the messages that are due (<see cref="SendOutbox"/>). Safe with several instances (SKIP
/// LOCKED). Tests call <see cref="RunOnceAsync"/> for one pass.
/// </summary>
public sealed class OutboxJob(
    IServiceScopeFactory scopes, StoreScopes storeScopes, TimeProvider clock, IConfiguration configuration, ILogger<OutboxJob> log)
    : BackgroundService
{
    private readonly SemaphoreSlim _pass = new(1, 1);

    public TimeSpan Interval => TimeSpan.FromSeconds(Math.Max(1, configuration.GetValue("Storefront:Jobs:OutboxIntervalSeconds", 10)));

    /// <summary>One pass over every open store: how many messages were sent.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct = default)
    {
        await _pass.WaitAsync(ct);
        try
        {
            var sent = 0;
            foreach (var store in await StorePasses.OpenStoresAsync(scopes, ct))
            {
                sent += await StorePasses.RunBatchesAsync(storeScopes, store, new SendOutbox.Command(), SendOutbox.BatchSize,
                    r => (r.Claimed, r.Sent), log, "Outbox", ct);
            }

            return sent;
        }
        finally
        {
            _pass.Release();
        }
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        StorePasses.LoopAsync(RunOnceAsync, Interval, clock, log, "Outbox", stoppingToken);

    public override void Dispose()
    {
        _pass.Dispose();
        base.Dispose();
    }
}
