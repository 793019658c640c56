using MediatR;
using Storefront.Domain.Tenancy;
using Storefront.Web.Features.Staff;
using Storefront.Web.Infrastructure;
using Storefront.Web.Infrastructure.Behaviors;
using Storefront.Web.Infrastructure.Identity;
using Storefront.Web.Infrastructure.Tenancy;

namespace Storefront.Web.Features.Platform;

/// <summary>
/// A platform admin appoints a store's owner: an existing staff account by e-mail, or a new one with the given
/// password. The grant itself runs inside the store (its own unit of work), like any other staff grant.
/// </summary>
public static class AppointOwner
{
    public sealed record Command : IRequest<GrantStaffRole.Result>, IPlatformRequest
    {
        public string Slug { get; set; } = "";

        public string Email { get; set; } = "";

        public string DisplayName { get; set; } = "";

        public string? Password { get; set; }
    }

    internal sealed class Handler(StoreDirectory directory, StoreScopes scopes, CurrentUser user) : IRequestHandler<Command, GrantStaffRole.Result>
    {
        public async Task<GrantStaffRole.Result> Handle(Command request, CancellationToken cancellationToken)
        {
            var store = await directory.FindBySlugAsync(request.Slug, cancellationToken)
                ?? throw new NotFoundException("store", SharedText.StoreNotFound);
            await using var scope = scopes.For(store);
            scope.ServiceProvider.GetRequiredService<CurrentUser>().Use(user.Principal);
            return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new GrantStaffRole.Command
            {
                Email = request.Email,
                DisplayName = request.DisplayName,
                Password = request.Password,
                Role = StoreRole.Owner,
            }, cancellationToken);
        }
    }

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/platform/stores/{slug}/owners", async (string slug, Command command, IMediator m, CancellationToken ct) =>
            TypedResults.Ok(await m.Send(command with { Slug = slug }, ct)))
            .RequireAuthorization(Policies.PlatformAdmin).WithTags("Platform");
}
