using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Storefront.Domain.Ordering;
using Storefront.Web.Infrastructure;
using Storefront.Web.Infrastructure.Behaviors;
using Storefront.Web.Infrastructure.Data;

namespace Storefront.Web.Features.Ordering;

/// <summary>
/// Changes one line of the cart: its quantity (1–999, no more than is left) and/or whether it is selected for checkout.
/// Changing the quantity also accepts today's price (the "price changed" note goes away).
/// </summary>
public static class UpdateCartLine
{
    public sealed record Command : ICommand<Unit>
    {
        public Guid SkuId { get; init; }

        public int? Quantity { get; init; }

        public bool? Selected { get; init; }
    }

    /// <summary>The body of PATCH /cart/lines/{skuId}.</summary>
    public sealed record Body(int? Quantity, bool? Selected);

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Quantity).InclusiveBetween(1, CartLine.MaxQuantity).WithMessage(_ => OrderingText.CartQuantityRange);
            RuleFor(c => c).Must(c => c.Quantity is not null || c.Selected is not null).WithName("quantity").OverridePropertyName("quantity")
                .WithMessage(_ => OrderingText.CartNothingToChange);
        }
    }

    internal sealed class Handler(StorefrontDb db, CartOwner owner, TimeProvider clock) : IRequestHandler<Command, Unit>
    {
        public async Task<Unit> Handle(Command request, CancellationToken cancellationToken)
        {
            var line = await FindAsync(db, owner, request.SkuId, cancellationToken);
            var now = clock.GetUtcNow();
            if (request.Quantity is { } quantity)
            {
                var sku = await CartRules.FindAsync(db, line.SkuId, null, cancellationToken)
                    ?? throw new NotFoundException("cart line", OrderingText.CartLineNotFound);
                CartRules.CheckCanBuy(sku, quantity);
                line.SetQuantity(quantity, now);
                line.AcknowledgePrice(sku.Price);
            }

            if (request.Selected is { } selected)
            {
                line.Select(selected, now);
            }

            return Unit.Value;
        }
    }

    internal static async Task<CartLine> FindAsync(StorefrontDb db, CartOwner owner, Guid skuId, CancellationToken ct) =>
        (owner.Current is { } id ? await db.CartLines.SingleOrDefaultAsync(l => l.OwnerId == id && l.SkuId == skuId, ct) : null)
        ?? throw new NotFoundException("cart line", OrderingText.CartLineNotFound);

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapPatch("/cart/lines/{skuId:guid}", async (Guid skuId, Body body, IMediator m, CancellationToken ct) =>
            {
                await m.Send(new Command { SkuId = skuId, Quantity = body.Quantity, Selected = body.Selected }, ct);
                return TypedResults.Ok(await m.Send(new CartContents.Query(), ct));
            })
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithTags("Cart");
}
