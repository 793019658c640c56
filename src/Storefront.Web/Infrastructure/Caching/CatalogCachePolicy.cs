using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Options;
using Storefront.Web.Infrastructure.Identity;
using Storefront.Web.Infrastructure.Tenancy;

namespace Storefront.Web.Infrastructure.Caching;

/// <summary>
/// Caches GETs of a store's catalog pages that answer 200 without setting a cookie, for anonymous visitors and for
/// signed-in shoppers alike: a signed-in shopper's copy is shared by every shopper whose pages look the same
/// (<see cref="CatalogCacheOptions.SignedInVariant"/>: the member tier whose price the page shows), and is rendered with
/// nothing of one shopper in it (<see cref="CatalogCache.IsSharedRender"/>: greeting and cart badge are filled after load
/// from GET /api/v1/me/summary). A request carrying one of <see cref="CatalogCacheOptions.BypassCookies"/> (a guest cart) is
/// personal and neither served from the cache nor kept. See docs/decisions/0028-signed-in-pages-cached.md.
/// </summary>
internal sealed class CatalogCachePolicy : IOutputCachePolicy
{
    private const string AntiforgeryCookie = ".AspNetCore.Antiforgery.";
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    public async ValueTask CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var http = context.HttpContext;
        var store = http.Features.Get<StoreInfo>();
        var options = http.RequestServices.GetRequiredService<IOptions<CatalogCacheOptions>>().Value;
        var cacheable = store is not null
            && (HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method))
            && !options.BypassCookies.Any(http.Request.Cookies.ContainsKey);
        if (store is not null)
        {
            // Pages kept from before a promotion started or ended by time go before they could be served.
            await http.RequestServices.GetRequiredService<CatalogCache>()
                .EvictIfStaleAsync(store.Id, http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow(), cancellation);
        }

        context.EnableOutputCaching = true;
        context.AllowCacheLookup = cacheable;
        context.AllowCacheStorage = cacheable;
        context.AllowLocking = true;
        context.ResponseExpirationTimeSpan = Lifetime;
        context.CacheVaryByRules.VaryByHost = true;
        context.CacheVaryByRules.QueryKeys = "*";
        context.CacheVaryByRules.VaryByValues["lang"] = CultureInfo.CurrentUICulture.Name;
        if (cacheable && IsShopperOf(http.User, store!.Id))
        {
            // The signed-in copy: the layout shows the account links (not sign-in), the variant what else differs.
            context.CacheVaryByRules.VaryByValues["shopper"] = options.SignedInVariant is { } variant ? await variant(http) : "";
        }

        if (cacheable)
        {
            http.Items[CatalogCache.SharedRenderKey] = true;
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
    }

    /// <summary>Signed in as a shopper of this store (what the layout's AuthorizeView for Policies.Shopper checks).</summary>
    private static bool IsShopperOf(ClaimsPrincipal user, Guid storeId) =>
        user.Identity?.IsAuthenticated == true && user.FindFirstValue(StoreClaims.Kind) == "shopper"
        && user.FindFirstValue(StoreClaims.Store) == storeId.ToString();

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

/// <summary>What the catalog page cache needs to know from the areas it serves.</summary>
public sealed class CatalogCacheOptions
{
    /// <summary>
    /// Cookies that make a page personal (it shows that visitor's cart): what areas add (Ordering adds its guest cart
    /// cookie, as the header shows a guest's cart). The shopper's sign-in is not one: see <see cref="SignedInVariant"/>.
    /// </summary>
    public ISet<string> BypassCookies { get; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>
    /// What a signed-in shopper's page varies by besides host, path, query and language (Members sets it: the member
    /// tier whose price the page shows, "" for none). Copies with the same value are shared by every shopper.
    /// </summary>
    public Func<HttpContext, ValueTask<string>>? SignedInVariant { get; set; }
}
