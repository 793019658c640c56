using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Diagnostics.HealthChecks;
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
/// Values derived from a store's catalog are kept in memory the same way: small ones (its category tree) are loaded
/// again after any change (<see cref="GetAsync{T}"/>); the search index is patched for the products a change names
/// (<see cref="GetPatchedAsync{T}"/>). A change names its products when it knows them (up to
/// <see cref="MaxNamedProducts"/>): the NOTIFY payload is "instance/store id" (the whole catalog may have changed) or
/// "instance/store id:product id,product id,…" (only those products; none after the colon: nothing the index holds).
/// The instance is this cache's <see cref="Instance"/>: an instance has evicted its own change already when it hears it.
/// </summary>
public sealed class CatalogCache(IOutputCacheStore store, IMemoryCache memory)
{
    public const string PolicyName = "catalog";
    public const string Channel = "catalog_changed";
    private const string AllTag = "catalog";
    private static readonly TimeSpan KeepUnused = TimeSpan.FromMinutes(10);

    /// <summary>
    /// The most products a change names; a bigger one is announced as the whole catalog. 100 ids of 37 bytes keep the
    /// NOTIFY payload far below PostgreSQL's 8000 bytes.
    /// </summary>
    public const int MaxNamedProducts = 100;

    /// <summary>The most products a kept value is patched for at once; a value further behind is loaded again.</summary>
    private const int MaxPatchedProducts = 2000;

    /// <summary>Changes remembered per store (for patching values kept from before them).</summary>
    private const int KeptChanges = 500;

    // Per store: a generation bumped by every change (a value loaded while its store's catalog changed is stamped
    // with the generation seen before it was read, so it is older than the store's), and the latest changes with the
    // products each named (null: the whole catalog). _allGeneration: a change of every store (the listener reconnected).
    private readonly ConcurrentDictionary<Guid, StoreChanges> _changes = new();
    private long _allGeneration;

    // Loads under way, by value and generation: the first request to miss loads, the others await its task.
    private readonly ConcurrentDictionary<((Type, Guid, string) Key, (long, long) Generation), Task<object>> _loading = new();

    /// <summary>Names this instance in the changes it announces.</summary>
    public string Instance { get; } = Guid.NewGuid().ToString("N");

    public static string Tag(Guid? storeId) => storeId is null ? AllTag : $"{AllTag}:{storeId}";

    /// <summary>
    /// The NOTIFY payload of a change this instance made: its name, the store (null: every store), then the products
    /// the change named (null: the whole catalog).
    /// </summary>
    public string Payload(Guid? storeId, IReadOnlyCollection<Guid>? products) =>
        $"{Instance}/{storeId}" + (products is null || storeId is null ? "" : $":{string.Join(',', products)}");

    /// <summary>
    /// A NOTIFY payload read back: the instance that sent it (null when it gave none), the store (null: unreadable,
    /// every store) and the products (null: the whole catalog).
    /// </summary>
    public static (string? Instance, Guid? Store, IReadOnlyCollection<Guid>? Products) ParsePayload(string payload)
    {
        var slash = payload.IndexOf('/', StringComparison.Ordinal);
        var instance = slash < 0 ? null : payload[..slash];
        var (store, products) = ParseChange(payload[(slash + 1)..]);
        return (instance, store, products);
    }

    private static (Guid? Store, IReadOnlyCollection<Guid>? Products) ParseChange(string payload)
    {
        var colon = payload.IndexOf(':', StringComparison.Ordinal);
        if (!Guid.TryParse(colon < 0 ? payload : payload[..colon], out var storeId))
        {
            return (null, null);
        }

        if (colon < 0)
        {
            return (storeId, null);
        }

        var products = new List<Guid>();
        foreach (var part in payload[(colon + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Guid.TryParse(part, out var id))
            {
                return (storeId, null);
            }

            products.Add(id);
        }

        return (storeId, products);
    }

    /// <summary>A change of the whole catalog of a store (null: of every store).</summary>
    public ValueTask EvictAsync(Guid? storeId, CancellationToken ct) => EvictAsync(storeId, null, ct);

    /// <summary>A change of the store's catalog that touched only <paramref name="products"/> (null: maybe anything).</summary>
    public ValueTask EvictAsync(Guid? storeId, IReadOnlyCollection<Guid>? products, CancellationToken ct)
    {
        if (storeId is { } id)
        {
            _changes.GetOrAdd(id, _ => new StoreChanges()).Add(products);
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
    public Task<T> GetAsync<T>(Guid storeId, string name, Func<CancellationToken, Task<T>> load, CancellationToken ct)
        where T : class => GetPatchedAsync(storeId, name, load, null, ct);

    /// <summary>
    /// Like <see cref="GetAsync{T}"/>, but a kept value that only products named by the changes since it was read
    /// have made stale is patched for those products (<paramref name="patch"/> gets the kept value, which it must not
    /// change, and the products) rather than loaded again: the very next request sees the change, in the time it takes
    /// to read those products. A change that named no products, more than a few thousand products in all, or a value
    /// older than the changes remembered, load it again. A value read while a change committed is kept, stamped with the
    /// generation from before it was read: the next request patches it for that change again.
    /// </summary>
    public async Task<T> GetPatchedAsync<T>(Guid storeId, string name, Func<CancellationToken, Task<T>> load,
        Func<T, IReadOnlyCollection<Guid>, CancellationToken, Task<T>>? patch, CancellationToken ct)
        where T : class
    {
        var key = (typeof(CatalogCache), storeId, name);
        var changes = _changes.GetOrAdd(storeId, _ => new StoreChanges());
        var generation = (changes.Generation, Interlocked.Read(ref _allGeneration));
        memory.TryGetValue(key, out Cached<T>? cached);
        if (cached is not null && cached.Generation == generation)
        {
            return cached.Value;
        }

        var work = load;
        if (patch is not null && cached is not null && cached.Generation.All == generation.Item2
            && changes.ProductsSince(cached.Generation.Store, generation.Item1, MaxPatchedProducts) is { } products)
        {
            if (products.Count == 0)
            {
                Keep(key, generation, cached.Value);   // nothing the value holds changed
                return cached.Value;
            }

            var kept = cached.Value;
            work = c => patch(kept, products, c);
        }

        var mine = new TaskCompletionSource<object>(TaskCreationOptions.RunContinuationsAsynchronously);
        var flight = _loading.GetOrAdd((key, generation), mine.Task);
        if (flight != mine.Task)
        {
            return (T)await flight.WaitAsync(ct);
        }

        try
        {
            var value = await work(CancellationToken.None);
            Keep(key, generation, value);
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

    /// <summary>Keeps the value unless one of a later generation is kept already (a slow load must not replace a newer patch).</summary>
    private void Keep<T>((Type, Guid, string) key, (long Store, long All) generation, T value)
    {
        if (memory.TryGetValue(key, out Cached<T>? kept) && kept!.Generation.Store >= generation.Store && kept.Generation.All >= generation.All)
        {
            return;
        }

        memory.Set(key, new Cached<T>(generation, value), new MemoryCacheEntryOptions { SlidingExpiration = KeepUnused });
    }

    /// <summary>
    /// What the unit of work is about to change (call before SaveChanges), in one pass over its entries. Changed: whether
    /// it changes catalog rows or the store's shipping methods (kept here too: checkout reads them on every order, see
    /// CheckoutBasket.ShippingMethodsAsync), also when the command declares it or its SQL did. Products: those it saves
    /// (products, SKUs) and those its SQL named; null when the change may reach further (a category or its slugs, SQL that
    /// named no products, or more than <see cref="MaxNamedProducts"/> products).
    /// </summary>
    public static (bool Changed, IReadOnlyCollection<Guid>? Products) Changes(DbContext db, bool declared, IReadOnlyCollection<Guid> namedBySql, bool unknownBySql)
    {
        var changed = declared || unknownBySql || namedBySql.Count > 0;
        var whole = unknownBySql;
        var products = new HashSet<Guid>(namedBySql);
        foreach (var entry in db.ChangeTracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted))
            {
                continue;
            }

            switch (entry.Entity)
            {
                case Product product:
                    products.Add(product.Id);
                    changed = true;
                    break;
                case Sku sku:
                    products.Add(sku.ProductId);
                    changed = true;
                    break;
                case Category or CategorySlugRedirect:
                    whole = changed = true;
                    break;
                case ShippingTemplate:
                    changed = true;
                    break;
            }
        }

        return (changed, !changed || whole || products.Count > MaxNamedProducts ? null : products);
    }

    private sealed record Cached<T>((long Store, long All) Generation, T Value);

    /// <summary>A store's generation and its latest changes, each with the products it named (null: the whole catalog).</summary>
    private sealed class StoreChanges
    {
        private readonly Lock _lock = new();
        private readonly Queue<(long Generation, Guid[]? Products)> _latest = new();
        private long _generation;

        public long Generation => Interlocked.Read(ref _generation);

        public void Add(IReadOnlyCollection<Guid>? products)
        {
            lock (_lock)
            {
                _latest.Enqueue((_generation + 1, products?.ToArray()));
                if (_latest.Count > KeptChanges)
                {
                    _latest.Dequeue();
                }

                Interlocked.Increment(ref _generation);
            }
        }

        /// <summary>
        /// The products named by the changes after generation <paramref name="from"/> up to <paramref name="to"/>; null
        /// when one of them named none (the whole catalog), some are no longer remembered, or they name more than <paramref name="max"/>.
        /// </summary>
        public HashSet<Guid>? ProductsSince(long from, long to, int max)
        {
            lock (_lock)
            {
                var products = new HashSet<Guid>();
                var next = from + 1;
                foreach (var (generation, named) in _latest)
                {
                    if (generation <= from || generation > to)
                    {
                        continue;
                    }

                    if (generation != next++ || named is null)
                    {
                        return null;
                    }

                    products.UnionWith(named);
                    if (products.Count > max)
                    {
                        return null;
                    }
                }

                return next == to + 1 ? products : null;
            }
        }
    }
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

/// <summary>
/// Listens for catalog changes committed by other instances and evicts (or, for named products, patches) what this
/// instance keeps; its own changes it evicted when they committed. <see cref="Listening"/> completes once it listens
/// (the ready health check waits for it: an instance that does not hear changes would serve stale pages).
/// Each notification heard counts in the meter <see cref="MeterName"/> (tag origin: self, other).
/// On the same connection it hears account changes (sessions ended, stamps changed: <see cref="AccountSessions"/>).
/// </summary>
internal sealed class CatalogChangeListener(IConfiguration configuration, CatalogCache cache, AccountSessions sessions, TimeProvider clock,
    IMeterFactory meters, ILogger<CatalogChangeListener> log) : BackgroundService
{
    public const string MeterName = Telemetry.StorefrontMetrics.MeterName;
    private readonly Counter<long> _heard = meters.Create(MeterName).CreateCounter<long>("storefront.catalog.notifications", description: "Catalog changes heard");
    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Listening => _listening.Task;

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
                conn.Notification += (_, e) =>
                {
                    if (e.Channel == AccountSessions.Channel)
                    {
                        sessions.Notified(e.Payload);
                        return;
                    }

                    var (instance, store, products) = CatalogCache.ParsePayload(e.Payload);
                    var mine = instance == cache.Instance;
                    if (!mine)
                    {
                        _ = cache.EvictAsync(store, products, default).AsTask();
                    }

                    _heard.Add(1, new KeyValuePair<string, object?>("origin", mine ? "self" : "other"));
                };
                await using (var listen = new NpgsqlCommand($"listen {CatalogCache.Channel}; listen {AccountSessions.Channel}", conn))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                await cache.EvictAsync(null, stoppingToken);   // whatever happened while not listening
                sessions.ListenerStarted();
                _listening.TrySetResult();
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

/// <summary>Ready once this instance hears the catalog changes of the others.</summary>
internal sealed class CatalogListenerReadyCheck(CatalogChangeListener listener) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(listener.Listening.IsCompletedSuccessfully
            ? HealthCheckResult.Healthy("Listening for catalog changes")
            : HealthCheckResult.Unhealthy("Not yet listening for catalog changes"));
}
