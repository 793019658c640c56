using Storefront.Web.Infrastructure.Jobs;
using Storefront.Web.Infrastructure.Tenancy;

namespace Storefront.Web.Features.Members;

/// <summary>
/// The member programme's timers: every Storefront:Jobs:MembersIntervalSeconds (default 3600) of
/// <see cref="TimeProvider"/> time, store by store, expires points past their expiry (<see cref="ExpirePoints"/>) and
/// regrades the members not regraded for a day (<see cref="RegradeMembers"/>: orders age out of the growth window).
/// Safe with several instances: each batch claims its rows with SKIP LOCKED. Tests call <see cref="RunOnceAsync"/>.
/// </summary>
public sealed class MembersJob(
    IServiceScopeFactory scopes, StoreScopes storeScopes, TimeProvider clock, IConfiguration configuration, ILogger<MembersJob> log)
    : BackgroundService
{
    private readonly SemaphoreSlim _pass = new(1, 1);

    public TimeSpan Interval => TimeSpan.FromSeconds(Math.Max(1, configuration.GetValue("Storefront:Jobs:MembersIntervalSeconds", 3600)));

    /// <summary>One pass over every open store: points expired and tiers changed. Passes in one process never overlap.</summary>
    public async Task<(int PointsExpired, int TiersChanged)> RunOnceAsync(CancellationToken ct = default)
    {
        await _pass.WaitAsync(ct);
        try
        {
            var (expired, changed) = (0, 0);
            foreach (var store in await StorePasses.OpenStoresAsync(scopes, ct))
            {
                expired += await StorePasses.RunBatchesAsync(storeScopes, store, new ExpirePoints.Command(), ExpirePoints.BatchSize,
                    r => (r.Claimed, r.Points), log, "Points expiry", ct);
                changed += await StorePasses.RunBatchesAsync(storeScopes, store, new RegradeMembers.Command(), RegradeMembers.BatchSize,
                    r => (r.Claimed, r.Changed), log, "Member regrade", ct);
            }

            if (expired + changed > 0)
            {
                log.LogInformation("Members: {Points} points expired, {Tiers} tiers changed", expired, changed);
            }

            return (expired, changed);
        }
        finally
        {
            _pass.Release();
        }
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        StorePasses.LoopAsync(RunOnceAsync, Interval, clock, log, "Members", stoppingToken);

    public override void Dispose()
    {
        _pass.Dispose();
        base.Dispose();
    }
}
