using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Jobs;
using Storefront.Web.Infrastructure.Tenancy;

namespace Storefront.Web.Features.Catalog.Search;

/// <summary>
/// The keywords a store's shoppers search most (that found something). A search only adds one to a count in memory;
/// every Storefront:Search:HotFlushSeconds (default 30) the counts are added to search_counts in one statement per
/// store, so no search waits for the database. The top keywords are read back at most once a flush interval per
/// store. Counts not yet written when the app stops are lost: a few seconds of popularity, nothing a shopper sees.
/// </summary>
public sealed class HotSearches(StoreScopes storeScopes, TimeProvider clock, IConfiguration configuration, ILogger<HotSearches> log)
    : BackgroundService
{
    /// <summary>The most different keywords held per store between flushes; more are not counted until the next flush.</summary>
    private const int MaxPendingPerStore = 10_000;

    public const int MaxKeywordLength = 50;

    private readonly ConcurrentDictionary<Guid, (StoreInfo Store, ConcurrentDictionary<string, int> Counts)> _pending = new();
    private readonly ConcurrentDictionary<Guid, (DateTimeOffset ReadAt, IReadOnlyList<string> Top)> _top = new();
    private readonly SemaphoreSlim _flush = new(1, 1);

    private TimeSpan Interval => TimeSpan.FromSeconds(Math.Max(1, configuration.GetValue("Storefront:Search:HotFlushSeconds", 30)));

    /// <summary>Counts one search of a (normalised) keyword in the store.</summary>
    public void Record(StoreInfo store, string keyword)
    {
        if (keyword.Length > MaxKeywordLength)
        {
            return;
        }

        var counts = _pending.GetOrAdd(store.Id, _ => (store, new ConcurrentDictionary<string, int>(StringComparer.Ordinal))).Counts;
        if (counts.Count < MaxPendingPerStore || counts.ContainsKey(keyword))
        {
            counts.AddOrUpdate(keyword, 1, (_, n) => n + 1);
        }
    }

    /// <summary>Adds the counts held in memory to search_counts, a statement per store; tests call it instead of waiting.</summary>
    public async Task FlushAsync(CancellationToken ct = default)
    {
        await _flush.WaitAsync(ct);
        try
        {
            foreach (var storeId in _pending.Keys)
            {
                if (!_pending.TryRemove(storeId, out var pending) || pending.Counts.IsEmpty)
                {
                    continue;
                }

                var counts = pending.Counts.ToArray();
                await using var scope = storeScopes.For(pending.Store);
                var db = scope.ServiceProvider.GetRequiredService<StorefrontDb>();
                await db.Database.ExecuteSqlRawAsync(
                    """
                    insert into search_counts (tenant_id, keyword, count, last_searched_at)
                    select @tenant, k, c, @now from unnest(@keywords, @counts) as t(k, c)
                    on conflict (tenant_id, keyword) do update
                        set count = search_counts.count + excluded.count, last_searched_at = excluded.last_searched_at
                    """,
                    [
                        new NpgsqlParameter("tenant", NpgsqlDbType.Uuid) { Value = storeId },
                        new NpgsqlParameter("now", NpgsqlDbType.TimestampTz) { Value = clock.GetUtcNow() },
                        new NpgsqlParameter("keywords", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = counts.Select(c => c.Key).ToArray() },
                        new NpgsqlParameter("counts", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = counts.Select(c => (long)c.Value).ToArray() },
                    ],
                    ct);
                _top.TryRemove(storeId, out _);
            }
        }
        finally
        {
            _flush.Release();
        }
    }

    /// <summary>The store's most searched keywords, most first (read again at most once a flush interval).</summary>
    public async Task<IReadOnlyList<string>> TopAsync(StorefrontDb db, int count, CancellationToken ct)
    {
        var store = db.TenantId ?? throw new InvalidOperationException("No store: hot searches belong to a store.");
        var now = clock.GetUtcNow();
        if (_top.TryGetValue(store, out var kept) && now - kept.ReadAt < Interval && kept.Top.Count >= count)
        {
            return [.. kept.Top.Take(count)];
        }

        var top = await db.SearchCounts.AsNoTracking().OrderByDescending(c => c.Count).ThenBy(c => c.Keyword)
            .Take(Math.Max(count, 10)).Select(c => c.Keyword).ToListAsync(ct);
        _top[store] = (now, top);
        return [.. top.Take(count)];
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Repeat.EveryAsync(Interval, clock, FlushAsync, e => log.LogWarning(e, "Hot searches: flushing the counts failed; they are dropped"),
            stoppingToken);

    public override void Dispose()
    {
        _flush.Dispose();
        base.Dispose();
    }
}
