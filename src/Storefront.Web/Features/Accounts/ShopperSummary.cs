using System.Security.Claims;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Storefront.Web.Features.Ordering;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Identity;

namespace Storefront.Web.Features.Accounts;

/// <summary>
/// What the header shows of this visitor, for the pages served from the shared cache (which carry none of it):
/// GET /api/v1/me/summary, never cached, answers whether a shopper is signed in here, the name, the cart's line count
/// and the coupons held and still usable. js/shopper.js fills the page's [data-shopper-slot] elements with it.
/// See docs/decisions/0028-signed-in-pages-cached.md.
/// </summary>
public static class ShopperSummary
{
    public sealed record Query : IRequest<Summary>;

    public sealed record Summary(bool SignedIn, string? Name, int CartCount, int Coupons);

    internal sealed class Handler(StorefrontDb db, CartOwner cart, CurrentUser user, TimeProvider clock) : IRequestHandler<Query, Summary>
    {
        public async Task<Summary> Handle(Query request, CancellationToken cancellationToken)
        {
            var count = cart.Current is { } owner ? await db.CartLines.CountAsync(l => l.OwnerId == owner, cancellationToken) : 0;
            if (cart.ShopperId is not { } shopper)
            {
                return new Summary(false, null, count, 0);
            }

            var now = clock.GetUtcNow();
            var coupons = await db.ShopperCoupons.CountAsync(c => c.ShopperId == shopper && c.UsedOrderId == null && c.ValidUntil > now, cancellationToken);
            return new Summary(true, user.Principal.FindFirstValue(ClaimTypes.GivenName), count, coupons);
        }
    }

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/me/summary", async (HttpContext http, IMediator m, CancellationToken ct) =>
        {
            http.Response.Headers.CacheControl = "no-store";
            return TypedResults.Ok(await m.Send(new Query(), ct));
        }).WithTags("Account");
}
