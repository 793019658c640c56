using System.Security.Claims;
using Storefront.Domain.Insight;
using Storefront.Web.Infrastructure.Identity;
using Storefront.Web.Infrastructure.Tenancy;

namespace Storefront.Web.Features.Insight.Tracking;

/// <summary>
/// Records the views of the tracked shopper pages (<see cref="VisitRules.PageOf"/>) that answer 200, cached or not, and
/// gives the request its visitor id for the events use cases record (<see cref="Visits"/>). The visitor id lives in a
/// first-party cookie: a session cookie, made persistent (a year) once the visitor has consented, i.e. signs in as a
/// shopper of the store (registration and sign-in take the store's privacy policy, which states the tracking).
/// Robots (by user agent, or by pace: <see cref="VisitPace"/>) get no cookie and are not counted. No database round trip:
/// events go to <see cref="VisitQueue"/>. See docs/decisions/0045-first-party-visit-tracking.md.
/// </summary>
public sealed class VisitTrackingMiddleware(RequestDelegate next, VisitQueue queue, VisitPace pace, TimeProvider clock)
{
    public const string Cookie = ".storefront.visit";
    private const string Persistent = ".p";
    private static readonly TimeSpan ConsentedLifetime = TimeSpan.FromDays(365);

    public async Task InvokeAsync(HttpContext http)
    {
        if (http.Features.Get<StoreInfo>() is not { } store || VisitRules.IsBot(http.Request.Headers.UserAgent))
        {
            await next(http);
            return;
        }

        var (visitor, persistent) = Read(http.Request.Cookies[Cookie]);
        var page = HttpMethods.IsGet(http.Request.Method) ? VisitRules.PageOf(http.Request.Path.Value ?? "/") : null;
        if (page is not null)
        {
            var consented = IsShopperOf(http.User, store.Id);
            if (visitor is null || (consented && !persistent))
            {
                visitor ??= Guid.NewGuid();
                Issue(http, visitor.Value, consented);
            }
        }

        if (visitor is { } id)
        {
            http.Items[Visits.ItemKey] = id;
        }

        await next(http);

        if (page is { } p && visitor is { } v && http.Response.StatusCode == StatusCodes.Status200OK)
        {
            var now = clock.GetUtcNow();
            var verdict = pace.View(v, now);
            if (verdict == VisitPace.Verdict.Bot)
            {
                return;
            }

            var source = VisitRules.SourceOf(http.Request.Query["utm_source"], http.Request.Query["utm_medium"], http.Request.Headers.Referer,
                http.Request.Host.Host);
            var kind = verdict == VisitPace.Verdict.BecameBot ? VisitEventKind.Bot : VisitRules.EventOf(p.Kind);
            queue.Enqueue(new VisitEvent(store, now, v, kind, p.Kind, p.ProductSlug, source));
        }
    }

    private static (Guid? Visitor, bool Persistent) Read(string? cookie)
    {
        if (cookie is null)
        {
            return (null, false);
        }

        var persistent = cookie.EndsWith(Persistent, StringComparison.Ordinal);
        return Guid.TryParseExact(persistent ? cookie[..^Persistent.Length] : cookie, "N", out var id) ? (id, persistent) : (null, false);
    }

    private static void Issue(HttpContext http, Guid visitor, bool consented) =>
        http.Response.Cookies.Append(Cookie, visitor.ToString("N") + (consented ? Persistent : ""), new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Lax,
            Secure = http.Request.IsHttps,
            Path = "/",
            MaxAge = consented ? ConsentedLifetime : null,   // without consent: gone when the browser closes
        });

    private static bool IsShopperOf(ClaimsPrincipal user, Guid storeId) =>
        user.Identity?.IsAuthenticated == true && user.FindFirstValue(StoreClaims.Kind) == "shopper"
        && user.FindFirstValue(StoreClaims.Store) == storeId.ToString();
}

/// <summary>The events use cases record for the request's visitor (add to cart, an order placed): nothing without one.</summary>
public sealed class Visits(IHttpContextAccessor http, VisitQueue queue, TimeProvider clock)
{
    internal const string ItemKey = "storefront.visitor";

    public Guid? VisitorId => http.HttpContext?.Items[ItemKey] as Guid?;

    public void Record(VisitEventKind kind)
    {
        if (VisitorId is { } visitor && http.HttpContext?.Features.Get<StoreInfo>() is { } store)
        {
            queue.Enqueue(new VisitEvent(store, clock.GetUtcNow(), visitor, kind, null, null, VisitSource.None));
        }
    }

    /// <summary>The link of an order to its visitor, inserted with the order (triggers count it placed, then paid: migration 0042).</summary>
    public IEnumerable<object> OrderLink(Guid tenantId, Guid orderId, DateTimeOffset placedAt) =>
        VisitorId is { } visitor ? [VisitOrder.Create(tenantId, orderId, visitor, placedAt)] : [];
}
