using System.Collections.Concurrent;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Caching.Memory;

namespace Storefront.Web.Infrastructure.Caching;

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

    // Per store: a generation bumped by every change (a value loaded while its store's catalog changed is stamped
    // with the generation seen before it was read, so it is older than the store's), and the latest changes with the
    // products each named (null: the whole catalog). _allGeneration: a change of every store (the listener reconnected).
    private readonly ConcurrentDictionary<Guid, StoreCatalogChanges> _changes = new();
    private long _allGeneration;

    // Loads under way, by value and generation: the first request to miss loads, the others await its task.
    private readonly ConcurrentDictionary<((Type, Guid, string) Key, (long, long) Generation), Task<object>> _loading = new();

    // Per store: the moment (UTC ticks) its cached pages go stale by time alone, such as a promotion tag that starts or
    // ends (see StaleAt); every instance keeps its own, from what it rendered.
    private readonly ConcurrentDictionary<Guid, long> _staleAt = new();

    /// <summary>Names this instance in the changes it announces.</summary>
    public string Instance { get; } = Guid.NewGuid().ToString("N");

    /// <summary>HttpContext.Items key set while a page is rendered for the shared cache (<see cref="IsSharedRender"/>).</summary>
    public const string SharedRenderKey = "catalog-cache:shared";

    /// <summary>
    /// Whether the page being rendered may be kept and served to others (a cacheable catalog page): it must show nothing
    /// of this visitor (no name, no cart count, no antiforgery token; those come after load from GET /api/v1/me/summary).
    /// </summary>
    public static bool IsSharedRender(HttpContext? http) => http?.Items.ContainsKey(SharedRenderKey) == true;

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

    /// <summary>
    /// Raised by every change (its store; null: every store), made here or heard from another instance: the read replica
    /// keeps such a store's reads on the primary for a while (<see cref="Data.ReadReplica"/>).
    /// </summary>
    public event Action<Guid?>? Evicted;

    /// <summary>A change of the whole catalog of a store (null: of every store).</summary>
    public ValueTask EvictAsync(Guid? storeId, CancellationToken ct) => EvictAsync(storeId, null, ct);

    /// <summary>A change of the store's catalog that touched only <paramref name="products"/> (null: maybe anything).</summary>
    public ValueTask EvictAsync(Guid? storeId, IReadOnlyCollection<Guid>? products, CancellationToken ct)
    {
        Evicted?.Invoke(storeId);
        if (storeId is { } id)
        {
            _changes.GetOrAdd(id, _ => new StoreCatalogChanges()).Add(products);
        }
        else
        {
            Interlocked.Increment(ref _allGeneration);
        }

        return store.EvictByTagAsync(Tag(storeId), ct);
    }

    /// <summary>
    /// Says that what the store's pages show changes by itself at <paramref name="at"/> (a promotion starts or ends): the
    /// first request at or after it evicts the store's pages and values (<see cref="EvictIfStaleAsync"/>). The earliest
    /// moment given is kept.
    /// </summary>
    public void StaleAt(Guid storeId, DateTimeOffset at) =>
        _staleAt.AddOrUpdate(storeId, at.UtcTicks, (_, kept) => Math.Min(kept, at.UtcTicks));

    /// <summary>
    /// Before the page cache is looked up: when a moment given to <see cref="StaleAt"/> has come, a change of the store
    /// that names no product (the search index keeps everything; the store's pages and small values go).
    /// </summary>
    public ValueTask EvictIfStaleAsync(Guid storeId, DateTimeOffset now, CancellationToken ct) =>
        _staleAt.TryGetValue(storeId, out var due) && due <= now.UtcTicks && _staleAt.TryRemove(new KeyValuePair<Guid, long>(storeId, due))
            ? EvictAsync(storeId, [], ct)
            : ValueTask.CompletedTask;

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
        var changes = _changes.GetOrAdd(storeId, _ => new StoreCatalogChanges());
        var generation = (changes.Generation, Interlocked.Read(ref _allGeneration));
        memory.TryGetValue(key, out Cached<T>? cached);
        if (cached is not null && cached.Generation == generation)
        {
            return cached.Value;
        }

        var work = load;
        if (patch is not null && cached is not null && cached.Generation.All == generation.Item2
            && changes.ProductsSince(cached.Generation.Store, generation.Generation, MaxPatchedProducts) is { } products)
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

    private sealed record Cached<T>((long Store, long All) Generation, T Value);

}
