using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Storefront.Domain.Ordering;
using Storefront.Web.Infrastructure.Behaviors;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Tenancy;

namespace Storefront.Web.Features.Ordering;

/// <summary>
/// 立即购买: checkout of exactly this SKU and quantity, through the cart that checkout already works on. The SKU's line
/// is set to the quantity (not added to what was there) and becomes the only selected line; the other lines stay in
/// the cart, unselected, for later. The same checks as adding to the cart (on sale, in stock, 1–999, at most
/// <see cref="CartLine.MaxLines"/> lines); placing the order re-checks everything as always.
/// </summary>
public static class BuyNow
{
    public sealed record Command(string SkuCode, int Quantity) : ICommand<AddToCart.Result>;

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.SkuCode).NotEmpty().WithMessage(_ => OrderingText.CartChooseSku);
            RuleFor(c => c.Quantity).InclusiveBetween(1, CartLine.MaxQuantity).WithMessage(_ => OrderingText.CartQuantityRange);
        }
    }

    internal sealed class Handler(StorefrontDb db, CartOwner owner, TenantContext tenant, TimeProvider clock)
        : IRequestHandler<Command, AddToCart.Result>
    {
        public async Task<AddToCart.Result> Handle(Command request, CancellationToken cancellationToken)
        {
            var sku = await CartRules.RequireAsync(db, null, request.SkuCode, cancellationToken);
            CartRules.CheckCanBuy(sku, request.Quantity);

            var ownerId = owner.Ensure();
            var now = clock.GetUtcNow();
            var lines = await db.CartLines.Where(l => l.OwnerId == ownerId).ToListAsync(cancellationToken);
            var line = lines.SingleOrDefault(l => l.SkuId == sku.SkuId);
            if (line is null)
            {
                line = CartLine.Create(tenant.RequiredId, ownerId, sku.SkuId, request.Quantity, sku.Price, lines.Count, now);
                db.CartLines.Add(line);
            }
            else
            {
                line.SetQuantity(request.Quantity, now);
                line.Select(true, now);
                line.AcknowledgePrice(sku.Price);
            }

            foreach (var other in lines.Where(l => l != line && l.Selected))
            {
                other.Select(false, now);
            }

            return new AddToCart.Result(sku.SkuId, sku.Code, sku.ProductSlug, line.Quantity);
        }
    }

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/cart/buy-now", async (Command command, IMediator m, CancellationToken ct) =>
            {
                await m.Send(command, ct);
                return TypedResults.Ok(await m.Send(new CartContents.Query(), ct));
            })
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithTags("Cart");
}
