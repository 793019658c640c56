using Storefront.Web.Infrastructure.Jobs;
using Storefront.Web.Infrastructure.Tenancy;

namespace Storefront.Web.Features.AfterSales;

/// <summary>
/// The after-sales timer without anyone present: every Storefront:Jobs:AfterSalesIntervalSeconds (default 60) of
/// <see cref="TimeProvider"/> time, store by store, approves and refunds the refund-only cases the merchant did not answer
/// in time (<see cref="AutoApproveCases"/>), and flags the complaints customer service did not answer in time, telling
/// them once (<see cref="FlagOverdueComplaints"/>). Safe with several instances (SKIP LOCKED, the case's version besides). Tests
/// call <see cref="StorePassJob{TResult}.RunOnceAsync"/> for one pass: how many cases the system approved (and refunded).
/// </summary>
public sealed class AfterSalesJob(
    IServiceScopeFactory scopes, StoreScopes storeScopes, TimeProvider clock, IConfiguration configuration, ILogger<AfterSalesJob> log)
    : StorePassJob<int>(scopes, storeScopes, clock, configuration, log, "After-sales", "Storefront:Jobs:AfterSalesIntervalSeconds", 60)
{
    protected override async Task<int> PassAsync(IReadOnlyList<StoreInfo> stores, CancellationToken ct)
    {
        var approved = 0;
        foreach (var store in stores)
        {
            approved += await RunBatchesAsync(store, new AutoApproveCases.Command(), AutoApproveCases.BatchSize,
                r => (r.Claimed, r.Approved), "After-sales auto-approval", ct);
            await RunBatchesAsync(store, new FlagOverdueComplaints.Command(), FlagOverdueComplaints.BatchSize,
                r => (r.Claimed, r.Flagged), "Overdue complaints", ct);
        }

        if (approved > 0)
        {
            Log.LogInformation("After-sales: {Approved} unanswered refund-only cases approved by the system", approved);
        }

        return approved;
    }
}
