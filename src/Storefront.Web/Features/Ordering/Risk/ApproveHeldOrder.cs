using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Storefront.Domain.Ordering;
using Storefront.Domain.Ordering.Risk;
using Storefront.Web.Infrastructure;
using Storefront.Web.Infrastructure.Behaviors;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Identity;

namespace Storefront.Web.Features.Ordering.Risk;

/// <summary>
/// Staff approve an order held by 风控 (待审核): it may ship from now on. Refused (409) when the order is not held or was
/// cancelled; audited like every staff command. To refuse a held order instead, staff cancel it through
/// <see cref="Admin.CancelOrderWithRefund"/> (refunded when paid), which closes its review.
/// </summary>
public static class ApproveHeldOrder
{
    public sealed record Command : ICommand<Result>
    {
        public string Number { get; set; } = "";
    }

    public sealed record Result(string Number, OrderStatus Status, RiskReview RiskReview);

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(c => c.Number).NotEmpty();
    }

    internal sealed class Handler(StorefrontDb db, CurrentUser user, TimeProvider clock) : IRequestHandler<Command, Result>
    {
        public async Task<Result> Handle(Command request, CancellationToken cancellationToken)
        {
            var number = request.Number.Trim();
            var order = await db.Orders.SingleOrDefaultAsync(o => o.Number == number, cancellationToken)
                ?? throw new NotFoundException("order", OrderingText.NotFound);
            order.ApproveRisk(OrderActor.Staff(user.Id), clock.GetUtcNow());
            return new Result(order.Number, order.Status, order.RiskReview);
        }
    }

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/admin/orders/{number}/risk-approve", async (string number, IMediator mediator, CancellationToken ct) =>
            TypedResults.Ok(await mediator.Send(new Command { Number = number }, ct)))
            .RequireAuthorization(Policies.Orders).WithTags("Admin orders")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
}
