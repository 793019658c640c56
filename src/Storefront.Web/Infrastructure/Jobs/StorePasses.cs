using MediatR;
using Microsoft.EntityFrameworkCore;
using Storefront.Domain.Tenancy;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Tenancy;

namespace Storefront.Web.Infrastructure.Jobs;

/// <summary>
/// What the order jobs share: a pass goes through the open stores one by one and, in each, sends a batch command in
/// its own store scope (fresh DbContext, row-level security on that store) until a batch comes back short. One store's
/// failure is logged and does not hold up the others; it is tried again on the next pass.
/// </summary>
internal static class StorePasses
{
    public const int MaxBatchesPerStore = 50;

    public static async Task<List<StoreInfo>> OpenStoresAsync(IServiceScopeFactory scopes, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<StorefrontDb>();
        return (await db.Stores.AsNoTracking().Where(s => s.Status == StoreStatus.Active).OrderBy(s => s.CreatedAt).ToListAsync(ct))
            .Select(StoreInfo.From).ToList();
    }

    /// <summary>Sends <paramref name="command"/> in <paramref name="store"/> until a batch claims fewer than <paramref name="batchSize"/>; sums what
    /// <paramref name="count"/> reads off each result.</summary>
    public static async Task<int> RunBatchesAsync<TResult>(
        StoreScopes storeScopes, StoreInfo store, IRequest<TResult> command, int batchSize, Func<TResult, (int Claimed, int Counted)> count,
        ILogger log, string what, CancellationToken ct)
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

    /// <summary>Runs <paramref name="pass"/> now and then every <paramref name="interval"/> of the <see cref="TimeProvider"/>'s time.</summary>
    public static async Task LoopAsync(
        Func<CancellationToken, Task> pass, TimeSpan interval, TimeProvider clock, ILogger log, string what, CancellationToken stoppingToken)
    {
        await Task.Yield();   // let the host finish starting
        using var timer = new PeriodicTimer(interval, clock);
        do
        {
            try
            {
                await pass(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "{Work} pass failed", what);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
