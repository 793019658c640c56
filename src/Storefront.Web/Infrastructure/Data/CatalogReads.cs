using Storefront.Web.Infrastructure.Tenancy;

namespace Storefront.Web.Infrastructure.Data;

/// <summary>
/// The context the shopper catalogue's reads use (home listing, product page, categories, search and its index load):
/// on the read replica when <see cref="ReadReplica.Serves"/> the store and the request is not one of a shopper who wrote
/// lately (<see cref="ReadYourWrites"/>); otherwise the scope's own StorefrontDb on the primary. Chosen once per scope.
/// </summary>
public sealed class CatalogReads(IServiceProvider services, ReadReplica replica, TimeProvider clock) : IDisposable
{
    private StorefrontDb? _db;
    private StorefrontDb? _replicaDb;

    /// <summary>Whether <see cref="Db"/> is the replica's.</summary>
    public bool FromReplica => _replicaDb is not null;

    public StorefrontDb Db => _db ??= Choose();

    private StorefrontDb Choose()
    {
        var tenant = services.GetRequiredService<TenantContext>();
        var http = services.GetService<IHttpContextAccessor>()?.HttpContext;
        if (tenant.Store?.Cluster is null && replica.Serves(tenant.Id) && !ReadYourWrites.OnPrimary(http, clock, replica.PrimaryWindow))
        {
            return _replicaDb = replica.CreateDb(tenant);
        }

        return services.GetRequiredService<StorefrontDb>();
    }

    public void Dispose() => _replicaDb?.Dispose();
}

/// <summary>
/// Read-your-writes for the shopper: a request that may write (any method but GET, HEAD, OPTIONS) reads from the primary,
/// and its response sets a short-lived cookie holding the moment until which that browser's reads stay on the primary
/// (<see cref="ReadReplica.PrimaryWindow"/>). Only with a replica configured. A forged value can only keep a browser on
/// the primary, and for no longer than the window.
/// </summary>
public sealed class ReadYourWrites(RequestDelegate next, ReadReplica replica, TimeProvider clock)
{
    public const string Cookie = "sf_primary";
    private const string WroteKey = "read-your-writes:wrote";

    public Task InvokeAsync(HttpContext context)
    {
        if (replica.Configured && !HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method)
            && !HttpMethods.IsOptions(context.Request.Method))
        {
            context.Items[WroteKey] = true;
            var until = clock.GetUtcNow() + replica.PrimaryWindow;
            context.Response.OnStarting(() =>
            {
                context.Response.Cookies.Append(Cookie, until.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture), new CookieOptions
                {
                    HttpOnly = true,
                    Secure = context.Request.IsHttps,
                    SameSite = SameSiteMode.Lax,
                    IsEssential = true,
                    MaxAge = replica.PrimaryWindow,
                });
                return Task.CompletedTask;
            });
        }

        return next(context);
    }

    /// <summary>Whether this request is, or follows within the window, a write by the same browser.</summary>
    internal static bool OnPrimary(HttpContext? context, TimeProvider clock, TimeSpan window)
    {
        if (context is null)
        {
            return false;
        }

        if (context.Items.ContainsKey(WroteKey))
        {
            return true;
        }

        var now = clock.GetUtcNow().UtcTicks;
        return context.Request.Cookies.TryGetValue(Cookie, out var value) && long.TryParse(value, out var until) && until > now
            && until <= now + window.Ticks;
    }
}
