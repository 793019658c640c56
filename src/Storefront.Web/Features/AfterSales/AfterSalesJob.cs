using Storefront.Web.Infrastructure.Jobs;
using Storefront.Web.Infrastructure.Tenancy;

namespace Storefront.Web.Features.AfterSales;

/// <summary>
/// The after-sales timer without anyone present: every Storefront:Jobs:AfterSalesIntervalSeconds (default 60) of
/// <see cref="TimeProvider"/> time, store by store, approves and refunds the refund-only cases the merchant did not answer
/// in time (<see cref="AutoApproveCases"/>), and flags the complaints customer service did not answer in time, telling
/// them once (<see cref="FlagOverdueComplaints"/>). Safe with several instances (SKIP LOCKED, the case's version besides). Tests
/// call <see cref="RunOnceAsync"/> for one pass.
/// </summary>
public sealed class AfterSalesJob(
    IServiceScopeFactory scopes, StoreScopes storeScopes, TimeProvider clock, IConfiguration configuration, ILogger<AfterSalesJob> log)
    : BackgroundService
{
    private readonly SemaphoreSlim _pass = new(1, 1);

    public TimeSpan Interval => TimeSpan.FromSeconds(Math.Max(1, configuration.GetValue("Storefront:Jobs:AfterSalesIntervalSeconds", 60)));

    /// <summary>One pass over every open store: how many cases the system approved (and refunded).</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct = default)
    {
        await _pass.WaitAsync(ct);
        try
        {
            var approved = 0;
            foreach (var store in await StorePasses.OpenStoresAsync(scopes, ct))
            {
                approved += await StorePasses.RunBatchesAsync(storeScopes, store, new AutoApproveCases.Command(), AutoApproveCases.BatchSize,
                    r => (r.Claimed, r.Approved), log, "After-sales auto-approval", ct);
                await StorePasses.RunBatchesAsync(storeScopes, store, new FlagOverdueComplaints.Command(), FlagOverdueComplaints.BatchSize,
                    r => (r.Claimed, r.Flagged), log, "Overdue complaints", ct);
            }

            if (approved > 0)
            {
                log.LogInformation("After-sales: {Approved} unanswered refund-only cases approved by the system", approved);
            }

            return approved;
        }
        finally
        {
            _pass.Release();
        }
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        StorePasses.LoopAsync(RunOnceAsync, Interval, clock, log, "After-sales", stoppingToken);

    public override void Dispose()
    {
        _pass.Dispose();
        base.Dispose();
    }
}
