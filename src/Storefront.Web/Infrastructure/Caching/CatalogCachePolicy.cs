using System.Globalization;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Options;
using Storefront.Web.Infrastructure.Identity;
using Storefront.Web.Infrastructure.Tenancy;

namespace Storefront.Web.Infrastructure.Caching;

/// <summary>
/// Caches anonymous GETs of a store's catalog pages that answer 200 without setting a cookie; a request carrying one of
/// <see cref="CatalogCacheOptions.BypassCookies"/> is personal and neither served from the cache nor kept.
/// </summary>
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
            && !http.RequestServices.GetRequiredService<IOptions<CatalogCacheOptions>>().Value.BypassCookies.Any(http.Request.Cookies.ContainsKey);
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

/// <summary>What the catalog page cache needs to know from the areas it serves.</summary>
public sealed class CatalogCacheOptions
{
    /// <summary>
    /// Cookies that make a page personal (it shows that visitor's session or cart): the shopper's sign-in here, and
    /// what areas add (Ordering adds its guest cart cookie, as the header shows the cart).
    /// </summary>
    public ISet<string> BypassCookies { get; } = new HashSet<string>(StringComparer.Ordinal) { StoreClaims.ShopperCookie };
}
