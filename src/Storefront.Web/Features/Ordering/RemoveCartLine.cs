using MediatR;
using Storefront.Web.Infrastructure.Behaviors;
using Storefront.Web.Infrastructure.Data;

namespace Storefront.Web.Features.Ordering;

/// <summary>Takes a line out of the cart.</summary>
public static class RemoveCartLine
{
    public sealed record Command(Guid SkuId) : ICommand<Unit>;

    internal sealed class Handler(StorefrontDb db, CartOwner owner) : IRequestHandler<Command, Unit>
    {
        public async Task<Unit> Handle(Command request, CancellationToken cancellationToken)
        {
            db.CartLines.Remove(await UpdateCartLine.FindAsync(db, owner, request.SkuId, cancellationToken));
            return Unit.Value;
        }
    }

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapDelete("/cart/lines/{skuId:guid}", async (Guid skuId, IMediator m, CancellationToken ct) =>
            {
                await m.Send(new Command(skuId), ct);
                return TypedResults.Ok(await m.Send(new CartContents.Query(), ct));
            })
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithTags("Cart");
}
