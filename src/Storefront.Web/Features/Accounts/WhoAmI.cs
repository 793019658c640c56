using System.Security.Claims;
using MediatR;
using Storefront.Web.Infrastructure.Behaviors;
using Storefront.Web.Infrastructure.Identity;
using Storefront.Web.Infrastructure.Tenancy;

namespace Storefront.Web.Features.Accounts;

/// <summary>Who is signed in here, in which store, with which roles.</summary>
public static class WhoAmI
{
    public sealed record Query : IRequest<Result>, IPlatformRequest;

    public sealed record Result(Guid? UserId, string? Name, string? Kind, string? Store, string[] Roles, bool PlatformAdmin);

    internal sealed class Handler(CurrentUser user, TenantContext tenant) : IRequestHandler<Query, Result>
    {
        public Task<Result> Handle(Query request, CancellationToken cancellationToken)
        {
            var p = user.Principal;
            return Task.FromResult(new Result(
                p.UserId(), p.FindFirstValue(ClaimTypes.Name), p.FindFirstValue(StoreClaims.Kind), tenant.Store?.Slug,
                [.. p.FindAll(ClaimTypes.Role).Select(c => c.Value)], p.HasClaim(StoreClaims.PlatformAdmin, "true")));
        }
    }

    internal static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/account/me", async (IMediator m, CancellationToken ct) => TypedResults.Ok(await m.Send(new Query(), ct)))
            .RequireAuthorization(Policies.Shopper).WithTags("Account");
        api.MapGet("/admin/me", async (IMediator m, CancellationToken ct) => TypedResults.Ok(await m.Send(new Query(), ct)))
            .RequireAuthorization(Policies.Staff).WithTags("Admin");
    }
}
