using Storefront.Web.Infrastructure.Jobs;
using Storefront.Web.Infrastructure.Tenancy;

namespace Storefront.Web.Features.Members;

/// <summary>
/// The member programme's timers: every Storefront:Jobs:MembersIntervalSeconds (default 3600) of
/// <see cref="TimeProvider"/> time, store by store, expires points past their expiry (<see cref="ExpirePoints"/>) and
/// regrades the members not regraded for a day (<see cref="RegradeMembers"/>: orders age out of the growth window).
/// Safe with several instances: each batch claims its rows with SKIP LOCKED. Tests call
/// <see cref="StorePassJob{TResult}.RunOnceAsync"/>: points expired and tiers changed.
/// </summary>
public sealed class MembersJob(
    IServiceScopeFactory scopes, StoreScopes storeScopes, TimeProvider clock, IConfiguration configuration, ILogger<MembersJob> log)
    : StorePassJob<(int PointsExpired, int TiersChanged)>(
        scopes, storeScopes, clock, configuration, log, "Members", "Storefront:Jobs:MembersIntervalSeconds", 3600)
{
    protected override async Task<(int PointsExpired, int TiersChanged)> PassAsync(IReadOnlyList<StoreInfo> stores, CancellationToken ct)
    {
        var (expired, changed) = (0, 0);
        foreach (var store in stores)
        {
            expired += await RunBatchesAsync(store, new ExpirePoints.Command(), ExpirePoints.BatchSize,
                r => (r.Claimed, r.Points), "Points expiry", ct);
            changed += await RunBatchesAsync(store, new RegradeMembers.Command(), RegradeMembers.BatchSize,
                r => (r.Claimed, r.Changed), "Member regrade", ct);
        }

        if (expired + changed > 0)
        {
            Log.LogInformation("Members: {Points} points expired, {Tiers} tiers changed", expired, changed);
        }

        return (expired, changed);
    }
}
