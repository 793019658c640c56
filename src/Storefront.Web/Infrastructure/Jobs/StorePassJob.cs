using MediatR;
using Microsoft.EntityFrameworkCore;
using Storefront.Domain.Tenancy;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Tenancy;

namespace Storefront.Web.Infrastructure.Jobs;

/// <summary>
/// What every area's timer job shares: a pass now, then one every <see cref="Interval"/> of <see cref="TimeProvider"/>
/// time (the seconds at <c>intervalKey</c>); a failed pass is logged and the loop goes on. A pass takes the active
/// stores (a suspended store's work waits) and hands them to the job's <see cref="PassAsync"/>, which sends its batch
/// commands through <see cref="RunBatchesAsync"/>. Passes in one process never overlap. Tests call
/// <see cref="RunOnceAsync"/> for one pass.
/// </summary>
public abstract class StorePassJob<TResult>(
    IServiceScopeFactory scopes, StoreScopes storeScopes, TimeProvider clock, IConfiguration configuration, ILogger log,
    string name, string intervalKey, int defaultIntervalSeconds)
    : BackgroundService
{
    private const int MaxBatchesPerStore = 50;

    private readonly SemaphoreSlim _pass = new(1, 1);

    public TimeSpan Interval => TimeSpan.FromSeconds(Math.Max(1, configuration.GetValue(intervalKey, defaultIntervalSeconds)));

    protected ILogger Log => log;

    /// <summary>One pass over every open store. Passes in one process never overlap.</summary>
    public async Task<TResult> RunOnceAsync(CancellationToken ct = default)
    {
        await _pass.WaitAsync(ct);
        try
        {
            return await PassAsync(await OpenStoresAsync(ct), ct);
        }
        finally
        {
            _pass.Release();
        }
    }

    /// <summary>What the job does in the open stores, one store after the other (oldest first).</summary>
    protected abstract Task<TResult> PassAsync(IReadOnlyList<StoreInfo> stores, CancellationToken ct);

    /// <summary>
    /// Sends <paramref name="command"/> in <paramref name="store"/>, each batch in its own store scope (fresh DbContext,
    /// row-level security on that store), until a batch claims fewer than <paramref name="batchSize"/>; sums what
    /// <paramref name="count"/> reads off each result. One store's failure is logged and does not hold up the others; it
    /// is tried again on the next pass.
    /// </summary>
    protected async Task<int> RunBatchesAsync<TBatch>(
        StoreInfo store, IRequest<TBatch> command, int batchSize, Func<TBatch, (int Claimed, int Counted)> count, string what,
        CancellationToken ct)
    {
        var total = 0;
        try
        {
            for (var batch = 0; batch < MaxBatchesPerStore; batch++)
            {
                await using var scope = storeScopes.For(store);
                var result = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(command, ct);
                var (claimed, counted) = count(result);
                total += counted;
                if (claimed < batchSize)
                {
                    break;
                }
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogError(e, "{Work} of store {StoreSlug} failed", what, store.Slug);
        }

        return total;
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Repeat.EveryAsync(Interval, clock, RunOnceAsync, e => log.LogError(e, "{Work} pass failed", name), stoppingToken);

    public override void Dispose()
    {
        _pass.Dispose();
        base.Dispose();
    }

    private async Task<List<StoreInfo>> OpenStoresAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<StorefrontDb>();
        return [.. (await db.Stores.AsNoTracking().Where(s => s.Status == StoreStatus.Active).OrderBy(s => s.CreatedAt).ToListAsync(ct))
            .Select(StoreInfo.From)];
    }
}
