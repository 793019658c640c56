using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Storefront.Domain.Ordering;
using Storefront.Web.Infrastructure;
using Storefront.Web.Infrastructure.Behaviors;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Identity;

namespace Storefront.Web.Features.Ordering;

/// <summary>The shopper confirms receipt (确认收货) of a shipped order of theirs; the domain refuses any other state (409).</summary>
public static class ConfirmReceipt
{
    public sealed record Command(string Number) : ICommand<Result>;

    public sealed record Result(string OrderNumber, OrderStatus Status);

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(c => c.Number).NotEmpty().MaximumLength(40);
    }

    internal sealed class Handler(StorefrontDb db, CurrentUser user, TimeProvider clock) : IRequestHandler<Command, Result>
    {
        public async Task<Result> Handle(Command request, CancellationToken cancellationToken)
        {
            var shopperId = user.RequiredId;
            var order = await db.Orders.SingleOrDefaultAsync(o => o.Number == request.Number && o.ShopperId == shopperId, cancellationToken)
                ?? throw new NotFoundException("order", OrderingText.OrderNotFound);
            var now = clock.GetUtcNow();
            order.ConfirmReceipt(OrderActor.Shopper(shopperId), now);
            await Members.Membership.OrderCompletedAsync(db, order, now, cancellationToken);   // points earned, tier regraded
            return new Result(order.Number, order.Status);
        }
    }

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/orders/{number}/confirm-receipt", async (string number, IMediator mediator, CancellationToken ct) =>
            TypedResults.Ok(await mediator.Send(new Command(number), ct)))
            .RequireAuthorization(Policies.Shopper).WithTags("Orders")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
}
