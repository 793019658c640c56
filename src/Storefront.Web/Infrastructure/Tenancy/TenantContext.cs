namespace Storefront.Web.Infrastructure.Tenancy;

/// <summary>
/// The store the current unit of work acts for. In a request it is the store the Host header resolved to
/// (put on the HttpContext by <see cref="TenantResolutionMiddleware"/>); background work and platform commands
/// that act inside a store set it explicitly through <see cref="StoreScopes"/>. Null on the platform host.
/// </summary>
public sealed class TenantContext(IHttpContextAccessor http)
{
    private StoreInfo? _store;
    private bool _fixed;

    public StoreInfo? Store
    {
        get
        {
            if (!_fixed && _store is null)
            {
                _store = http.HttpContext?.Features.Get<StoreInfo>();
            }

            return _store;
        }
    }

    public Guid? Id => Store?.Id;

    public Guid RequiredId => Id ?? throw new NotFoundException("store", "This request has no store.");

    /// <summary>Fixes the store for this scope (a background job, a platform command working inside one store, a circuit operation).</summary>
    public void Use(StoreInfo? store)
    {
        _store = store;
        _fixed = true;
        LoggedStore.Value = store?.Id;   // flows on to the caller's awaits: its log events carry this TenantId
    }

    /// <summary>The store of the unit of work outside an HTTP request (jobs, platform commands), for log events.</summary>
    internal static AsyncLocal<Guid?> LoggedStore { get; } = new();
}
