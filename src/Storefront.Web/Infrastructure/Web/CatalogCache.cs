using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Npgsql;
using Storefront.Domain.Catalog;
using Storefront.Domain.Ordering;
using Storefront.Web.Infrastructure.Identity;
using Storefront.Web.Infrastructure.Tenancy;

namespace Storefront.Web.Infrastructure.Web;

/// <summary>A command that changes what the storefront shows by SQL the change tracker does not see (stock updates).</summary>
public interface IChangesCatalog;

/// <summary>
/// The storefront's catalog pages are cached whole (output cache) for anonymous shoppers, per host, path, query and
/// language, tagged with their store. Any command that changes the store's catalog evicts the tag when it commits,
/// on this instance at once and on every other instance through PostgreSQL NOTIFY (sent inside the transaction, so
/// only a committed change is announced): the very next request after a price, stock or listing change renders anew.
/// Small values derived from a store's catalog (its category tree) are kept in memory the same way, see <see cref="GetAsync{T}"/>.
/// </summary>
public sealed class CatalogCache(IOutputCacheStore store, IMemoryCache memory)
{
    public const string PolicyName = "catalog";
    public const string Channel = "catalog_changed";
    private const string AllTag = "catalog";
    private static readonly TimeSpan KeepUnused = TimeSpan.FromMinutes(10);

    // Bumped by every eviction: a value loaded while its store's catalog changed is not trusted (its generation is old).
    private readonly ConcurrentDictionary<Guid, long> _generations = new();
    private long _allGeneration;

    // Loads under way, by value and generation: the first request to miss loads, the others await its task.
    private readonly ConcurrentDictionary<((Type, Guid, string) Key, (long, long) Generation), Task<object>> _loading = new();

    public static string Tag(Guid? storeId) => storeId is null ? AllTag : $"{AllTag}:{storeId}";

    public ValueTask EvictAsync(Guid? storeId, CancellationToken ct)
    {
        if (storeId is { } id)
        {
            _generations.AddOrUpdate(id, 1, (_, g) => g + 1);
        }
        else
        {
            Interlocked.Increment(ref _allGeneration);
        }

        return store.EvictByTagAsync(Tag(storeId), ct);
    }

    /// <summary>
    /// A value derived from the store's catalog, loaded once and kept until the store's catalog changes (or it goes
    /// unused for a while). Requests that want it while it loads wait for that one load (single flight) rather than
    /// each loading it. A value loaded while a change committed is used by the requests that waited for it only: the
    /// next request loads it again. The load runs to its end even if the request that started it is cancelled (the
    /// others wait for it); that request waits for it too, since the load may use its scope's services.
    /// </summary>
    public async Task<T> GetAsync<T>(Guid storeId, string name, Func<CancellationToken, Task<T>> load, CancellationToken ct)
        where T : class
    {
        var key = (typeof(CatalogCache), storeId, name);
        var generation = (_generations.GetValueOrDefault(storeId), Interlocked.Read(ref _allGeneration));
        if (memory.TryGetValue(key, out Cached<T>? cached) && cached!.Generation == generation)
        {
            return cached.Value;
        }

        var mine = new TaskCompletionSource<object>(TaskCreationOptions.RunContinuationsAsynchronously);
        var flight = _loading.GetOrAdd((key, generation), mine.Task);
        if (flight != mine.Task)
        {
            return (T)await flight.WaitAsync(ct);
        }

        try
        {
            var value = await load(CancellationToken.None);
            memory.Set(key, new Cached<T>(generation, value), new MemoryCacheEntryOptions { SlidingExpiration = KeepUnused });
            mine.SetResult(value);
            return value;
        }
        catch (Exception e)
        {
            mine.SetException(e);
            throw;
        }
        finally
        {
            _loading.TryRemove((key, generation), out _);
        }
    }

    /// <summary>
    /// Whether the unit of work is about to change catalog rows (call before SaveChanges), or the store's shipping methods
    /// (kept here too: checkout reads them on every order, see CheckoutBasket.ShippingMethodsAsync).
    /// </summary>
    public static bool Touches(DbContext db) => db.ChangeTracker.Entries().Any(e =>
        e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted
        && e.Entity is Product or Sku or Category or CategorySlugRedirect or ShippingTemplate);

    private sealed record Cached<T>((long Store, long All) Generation, T Value);
}

/// <summary>Caches anonymous GETs of a store's catalog pages that answer 200 without setting a cookie.</summary>
internal sealed class CatalogCachePolicy : IOutputCachePolicy
{
    private const string AntiforgeryCookie = ".AspNetCore.Antiforgery.";
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    public ValueTask CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var http = context.HttpContext;
        var store = http.Features.Get<StoreInfo>();
        var cacheable = store is not null
            && (HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method))
            && !http.Request.Cookies.ContainsKey(StoreClaims.ShopperCookie)
            && !http.Request.Cookies.ContainsKey(Features.Ordering.CartOwner.Cookie);   // the header shows that visitor's cart
        context.EnableOutputCaching = true;
        context.AllowCacheLookup = cacheable;
        context.AllowCacheStorage = cacheable;
        context.AllowLocking = true;
        context.ResponseExpirationTimeSpan = Lifetime;
        context.CacheVaryByRules.VaryByHost = true;
        context.CacheVaryByRules.QueryKeys = "*";
        context.CacheVaryByRules.VaryByValues["lang"] = CultureInfo.CurrentUICulture.Name;
        if (cacheable)
        {
            // Blazor issues an antiforgery token with every server-rendered page; an anonymous catalog page has no form
            // that posts it, so the page goes out (and is kept) without that cookie rather than not kept at all.
            http.Response.OnStarting(() =>
            {
                var cookies = http.Response.Headers.SetCookie;
                if (cookies.Count > 0 && cookies.All(c => c is not null && c.StartsWith(AntiforgeryCookie, StringComparison.Ordinal)))
                {
                    http.Response.Headers.Remove("Set-Cookie");
                }

                return Task.CompletedTask;
            });
        }

        if (store is not null)
        {
            context.Tags.Add(CatalogCache.Tag(null));
            context.Tags.Add(CatalogCache.Tag(store.Id));
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;

    public ValueTask ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var response = context.HttpContext.Response;
        if (response.StatusCode != StatusCodes.Status200OK || response.Headers.SetCookie.Count > 0)
        {
            context.AllowCacheStorage = false;
        }

        return ValueTask.CompletedTask;
    }
}

/// <summary>Listens for catalog changes committed by any instance and evicts this instance's cached pages.</summary>
internal sealed class CatalogChangeListener(IConfiguration configuration, CatalogCache cache, TimeProvider clock, ILogger<CatalogChangeListener> log)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var conn = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(configuration.GetConnectionString("Storefront"))
                {
                    Pooling = false,
                    KeepAlive = 30,
                }.ConnectionString);
                await conn.OpenAsync(stoppingToken);
                conn.Notification += (_, e) => _ = cache.EvictAsync(Guid.TryParse(e.Payload, out var id) ? id : null, default).AsTask();
                await using (var listen = new NpgsqlCommand($"listen {CatalogCache.Channel}", conn))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                await cache.EvictAsync(null, stoppingToken);   // whatever happened while not listening
                while (true)
                {
                    await conn.WaitAsync(stoppingToken);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogWarning(e, "Catalog change listener lost its connection; retrying");
                await Task.Delay(TimeSpan.FromSeconds(5), clock, stoppingToken);
            }
        }
    }
}
