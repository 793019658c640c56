using MediatR;
using Microsoft.EntityFrameworkCore;
using Storefront.Web.Infrastructure.Behaviors;
using Storefront.Web.Infrastructure.Data;

namespace Storefront.Web.Features.Ordering;

/// <summary>Changes the whole cart: select or unselect every line (全选), and/or accept today's prices (the notes go away).</summary>
public static class UpdateCart
{
    public sealed record Command(bool? SelectAll = null, bool AcknowledgePrices = false) : ICommand<Unit>;

    internal sealed class Handler(StorefrontDb db, CartOwner owner, TimeProvider clock) : IRequestHandler<Command, Unit>
    {
        public async Task<Unit> Handle(Command request, CancellationToken cancellationToken)
        {
            if (owner.Current is not { } id)
            {
                return Unit.Value;
            }

            var now = clock.GetUtcNow();
            var lines = await db.CartLines.Where(l => l.OwnerId == id).ToListAsync(cancellationToken);
            var skuIds = lines.Select(l => l.SkuId).ToList();
            var prices = request.AcknowledgePrices
                ? await db.Skus.Where(s => skuIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => s.Price, cancellationToken)
                : [];
            foreach (var line in lines)
            {
                if (request.SelectAll is { } selected && line.Selected != selected)
                {
                    line.Select(selected, now);
                }

                if (prices.TryGetValue(line.SkuId, out var price) && price != line.PriceWhenAdded)
                {
                    line.AcknowledgePrice(price);
                }
            }

            return Unit.Value;
        }
    }

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapPatch("/cart", async (Command command, IMediator m, CancellationToken ct) =>
            {
                await m.Send(command, ct);
                return TypedResults.Ok(await m.Send(new CartContents.Query(), ct));
            })
            .ProducesValidationProblem()
            .WithTags("Cart");
}
