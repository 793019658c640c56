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

/// <summary>Finds the store for a host name: {slug}.{base domain} or a custom domain. Cached briefly per host.</summary>
public sealed class StoreDirectory(StorefrontDb db, IMemoryCache cache, IOptions<TenancyOptions> options)
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
        var info = store is null ? null : StoreInfo.From(store);
        cache.Set(CacheKey(host), info, CacheFor);
        return info;
    }

    public async Task<StoreInfo?> FindBySlugAsync(string slug, CancellationToken ct)
    {
        var store = await db.Stores.AsNoTracking().FirstOrDefaultAsync(s => s.Slug == slug, ct);
        return store is null ? null : StoreInfo.From(store);
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

    private static string CacheKey(string host) => "store-host:" + host;
}
