using MediatR;
using Microsoft.EntityFrameworkCore;
using Storefront.Web.Infrastructure;
using Storefront.Web.Infrastructure.Behaviors;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Identity;
using Storefront.Web.Infrastructure.Tenancy;

namespace Storefront.Web.Features.Platform;

/// <summary>A platform admin reopens a suspended store.</summary>
public static class ReactivateStore
{
    public sealed record Command(string Slug) : ICommand<bool>, IPlatformRequest;

    internal sealed class Handler(StorefrontDb db, StoreDirectory directory) : IRequestHandler<Command, bool>
    {
        public async Task<bool> Handle(Command request, CancellationToken cancellationToken)
        {
            var store = await db.Stores.SingleOrDefaultAsync(s => s.Slug == request.Slug, cancellationToken)
                ?? throw new NotFoundException("store", SharedText.StoreNotFound);
            store.Reactivate();
            directory.Forget(store.Slug, store.CustomDomains);
            return true;
        }
    }

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/platform/stores/{slug}/reactivate", async (string slug, IMediator m, CancellationToken ct) =>
            TypedResults.Ok(await m.Send(new Command(slug), ct)))
            .RequireAuthorization(Policies.PlatformAdmin).WithTags("Platform");
}
