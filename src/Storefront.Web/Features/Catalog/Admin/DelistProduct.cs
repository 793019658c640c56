using MediatR;
using Storefront.Web.Infrastructure.Behaviors;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Identity;

namespace Storefront.Web.Features.Catalog.Admin;

/// <summary>下架: a merchant takes a listed product off sale now. Written to the audit log.</summary>
public static class DelistProduct
{
    public sealed record Command(Guid ProductId) : ICommand<Listing.State>;

    internal sealed class Handler(StorefrontDb db, CurrentUser user, TimeProvider clock) : IRequestHandler<Command, Listing.State>
    {
        public async Task<Listing.State> Handle(Command request, CancellationToken cancellationToken)
        {
            var now = clock.GetUtcNow();
            var product = await Listing.LoadAsync(db, request.ProductId, cancellationToken);
            product.Delist(now);
            Listing.Audit(db, product, user.Id, "product.delisted", now);
            return Listing.State.Of(product);
        }
    }

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapPost(
            "/admin/catalog/products/{id:guid}/delist",
            async (Guid id, IMediator m, CancellationToken ct) => TypedResults.Ok(await m.Send(new Command(id), ct)))
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .RequireAuthorization(Policies.Catalog).WithTags("Admin catalog");
}
