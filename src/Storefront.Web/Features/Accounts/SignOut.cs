using System.Security.Claims;
using MediatR;
using Microsoft.AspNetCore.Authentication;
using Storefront.Web.Infrastructure.Behaviors;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Identity;
using Storefront.Web.Infrastructure.Web;

namespace Storefront.Web.Features.Accounts;

/// <summary>
/// Ends the shopper or staff session of this host, on the server too: its row in account_sessions goes, so the same
/// cookie (copied elsewhere, or kept by the browser) is refused from the next request on; the account's other sessions
/// (other devices) go on (docs/decisions/0003-sessions.md).
/// </summary>
public static class SignOut
{
    public sealed record Command(bool Staff) : IRequest<bool>, IPlatformRequest;

    internal sealed class Handler(IHttpContextAccessor http, AccountSessions sessions, StorefrontDb db) : IRequestHandler<Command, bool>
    {
        public async Task<bool> Handle(Command request, CancellationToken cancellationToken)
        {
            var context = http.HttpContext!;
            var scheme = request.Staff ? StoreClaims.StaffScheme : StoreClaims.ShopperScheme;
            var signedIn = await context.AuthenticateAsync(scheme);
            if (signedIn.Principal is { } user && user.UserId() is { } id
                && Guid.TryParse(user.FindFirstValue(AccountSessions.SessionClaim), out var session))
            {
                await sessions.EndAsync(db, request.Staff ? "staff" : "shopper", id, only: session, except: null, cancellationToken);
            }

            await context.SignOutAsync(scheme);
            return true;
        }
    }

    internal static void Map(IEndpointRouteBuilder api)
    {
        api.MapPost("/account/logout", async (IMediator m, CancellationToken ct) => TypedResults.Ok(await m.Send(new Command(false), ct))).WithTags("Account");
        api.MapPost("/admin/logout", async (IMediator m, CancellationToken ct) => TypedResults.Ok(await m.Send(new Command(true), ct))).WithTags("Admin");
    }

    /// <summary>Form posts from the pages: sign out and go home.</summary>
    internal static void MapForms(IEndpointRouteBuilder app)
    {
        // The layout's form on a cached page carries no token (it would be another visitor's, docs/decisions/0028): a post
        // the browser says this site's own page sent is taken as well; anything else needs the token of the page that showed it.
        app.MapPost("/account/logout", async (IMediator m, CancellationToken ct) =>
        {
            await m.Send(new Command(false), ct);
            return Results.LocalRedirect("/");
        }).RequireAntiforgeryToken(unless: Ordering.SameSite.IsSameOriginPost);
        app.MapPost("/admin/logout", async (IMediator m, HttpContext context, CancellationToken ct) =>
        {
            await m.Send(new Command(true), ct);
            return Results.LocalRedirect(context.Features.Get<Infrastructure.Tenancy.StoreInfo>() is null ? "/platform/login" : "/admin/login");
        }).RequireAntiforgeryToken();
    }
}
