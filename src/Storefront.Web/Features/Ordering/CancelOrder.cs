using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Storefront.Domain.Ordering;
using Storefront.Web.Features.Promotions;
using Storefront.Web.Infrastructure;
using Storefront.Web.Infrastructure.Behaviors;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Identity;
using Storefront.Web.Infrastructure.Notifications;

namespace Storefront.Web.Features.Ordering;

/// <summary>
/// The shopper cancels an order of theirs while it awaits payment (the domain refuses anything else: a paid order is
/// cancelled by the merchant, with a refund). Its reserved stock goes back in the same transaction (SkuStock announces a
/// catalog change when that makes a sold-out SKU available again), and the order-cancelled notification goes to the
/// outbox. Someone else's order is not found.
/// </summary>
public static class CancelOrder
{
    public sealed record Command(string Number, string? Reason) : ICommand<Result>;

    public sealed record Result(string OrderNumber, OrderStatus Status);

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Number).NotEmpty().MaximumLength(40);
            RuleFor(c => c.Reason).MaximumLength(Order.ReasonMaxLength).WithName(_ => OrderingText.CancelReason);
        }
    }

    internal sealed class Handler(StorefrontDb db, CurrentUser user, TimeProvider clock) : IRequestHandler<Command, Result>
    {
        public async Task<Result> Handle(Command request, CancellationToken cancellationToken)
        {
            var shopperId = user.RequiredId;
            var now = clock.GetUtcNow();
            var order = await db.Orders.Include(o => o.Lines)
                .SingleOrDefaultAsync(o => o.Number == request.Number && o.ShopperId == shopperId, cancellationToken)
                ?? throw new NotFoundException("order", OrderingText.OrderNotFound);
            order.Cancel(OrderActor.Shopper(shopperId), string.IsNullOrWhiteSpace(request.Reason) ? OrderingText.CancelledByShopper : request.Reason, now);
            await SkuStock.ReleaseAsync(db, order, cancellationToken);
            await CheckoutPromotions.GiveBackAsync(db, order, now, cancellationToken);
            var email = await db.Shoppers.Where(s => s.Id == shopperId).Select(s => s.Email).SingleAsync(cancellationToken);
            db.Outbox.Add(OrderNotifications.Cancelled(order, email ?? "", now));
            return new Result(order.Number, order.Status);
        }
    }

    /// <summary>The JSON body of the API: an optional reason.</summary>
    public sealed record Body(string? Reason);

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/orders/{number}/cancel", async (string number, [FromBody] Body? body, IMediator mediator, CancellationToken ct) =>
            TypedResults.Ok(await mediator.Send(new Command(number, body?.Reason), ct)))
            .RequireAuthorization(Policies.Shopper).WithTags("Orders")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
}
