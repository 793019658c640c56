using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Storefront.Web.Infrastructure.Data;

namespace Storefront.Web.Infrastructure.Tenancy;

public sealed class TenancyOptions
{
    /// <summary>Stores live at {slug}.{BaseDomain}; the base domain itself is the platform host.</summary>
    public string BaseDomain { get; set; } = "localhost";
}

/// <summary>
/// Finds the store for a host name: {slug}.{base domain} or a custom domain, and the cluster its rows live on
/// (store_placements, docs/decisions/0052-store-moves.md). Cached briefly per host, and forgotten on every node when a
/// store moves (NOTIFY store_directory moves <see cref="StoreClusters.Version"/> on). Used outside a store's scope, so
/// <paramref name="db"/> is on the default cluster, where the directory lives.
/// </summary>
public sealed class StoreDirectory(StorefrontDb db, IMemoryCache cache, IOptions<TenancyOptions> options, StoreClusters clusters)
{
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);

    public bool IsPlatformHost(string host) =>
        string.Equals(host, options.Value.BaseDomain, StringComparison.OrdinalIgnoreCase)
        || System.Net.IPAddress.TryParse(host, out _);

    public async Task<StoreInfo?> FindByHostAsync(string host, CancellationToken ct)
    {
        host = host.ToLowerInvariant();
        if (cache.TryGetValue(CacheKey(host), out StoreInfo? cached))
        {
            return cached;
        }

        var suffix = "." + options.Value.BaseDomain.ToLowerInvariant();
        var stores = db.Stores.AsNoTracking();
        var slug = host.EndsWith(suffix, StringComparison.Ordinal) && host.Length > suffix.Length ? host[..^suffix.Length] : null;
        var store = slug is not null
            ? await stores.FirstOrDefaultAsync(s => s.Slug == slug, ct)
            : await stores.FirstOrDefaultAsync(s => s.CustomDomains.Contains(host), ct);
        var info = store is null ? null : await WithClusterAsync(StoreInfo.From(store), ct);
        cache.Set(CacheKey(host), info, CacheFor);
        return info;
    }

    public async Task<StoreInfo?> FindBySlugAsync(string slug, CancellationToken ct)
    {
        var store = await db.Stores.AsNoTracking().FirstOrDefaultAsync(s => s.Slug == slug, ct);
        return store is null ? null : await WithClusterAsync(StoreInfo.From(store), ct);
    }

    private async Task<StoreInfo> WithClusterAsync(StoreInfo store, CancellationToken ct)
    {
        if (!clusters.Several)
        {
            return store;
        }

        var cluster = await db.Database
            .SqlQuery<string>($"select cluster as \"Value\" from store_placements where store_id = {store.Id}")
            .FirstOrDefaultAsync(ct);
        return cluster is null or StoreClusters.Default ? store : store with { Cluster = cluster };
    }

    /// <summary>Forget cached answers after a store changes (created, suspended, domains edited) on this instance.</summary>
    public void Forget(string slug, IEnumerable<string> customDomains)
    {
        cache.Remove(CacheKey($"{slug}.{options.Value.BaseDomain}".ToLowerInvariant()));
        foreach (var domain in customDomains)
        {
            cache.Remove(CacheKey(domain));
        }
    }

    private string CacheKey(string host) => $"store-host:{clusters.Version}:{host}";
}
