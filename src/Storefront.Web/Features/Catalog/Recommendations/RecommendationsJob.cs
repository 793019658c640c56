using Storefront.Web.Infrastructure.Jobs;
using Storefront.Web.Infrastructure.Tenancy;

namespace Storefront.Web.Features.Catalog.Recommendations;

/// <summary>
/// Recomputes each store's 经常一起买 and 看了又看 lists (<see cref="RecomputeRecommendations"/>) every
/// Storefront:Jobs:RecommendationsIntervalSeconds (default 3600) of <see cref="TimeProvider"/> time. With several app nodes
/// one of them computes a store and the others skip it (the store's settings row is claimed). Tests call
/// <see cref="StorePassJob{TResult}.RunOnceAsync"/>: the stores computed.
/// </summary>
public sealed class RecommendationsJob(
    IServiceScopeFactory scopes, StoreScopes storeScopes, TimeProvider clock, IConfiguration configuration, ILogger<RecommendationsJob> log)
    : StorePassJob<int>(scopes, storeScopes, clock, configuration, log, "Recommendations", "Storefront:Jobs:RecommendationsIntervalSeconds", 3600)
{
    protected override async Task<int> PassAsync(IReadOnlyList<StoreInfo> stores, CancellationToken ct)
    {
        var computed = 0;
        foreach (var store in stores)
        {
            // One command per store: a batch size of 1 with nothing "claimed" stops after it.
            computed += await RunBatchesAsync(store, new RecomputeRecommendations.Command(), 1, r => (0, r.Computed ? 1 : 0), "Recommendations", ct);
        }

        return computed;
    }
}
