using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Storefront.Domain.Ordering;
using Storefront.Web.Infrastructure;
using Storefront.Web.Infrastructure.Behaviors;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Identity;

namespace Storefront.Web.Features.Ordering.Admin;

/// <summary>Staff add an internal note (备注) to an order's timeline; shoppers never see it.</summary>
public static class AddOrderNote
{
    public sealed record Command : ICommand<Result>
    {
        public string Number { get; set; } = "";

        public string Text { get; set; } = "";
    }

    public sealed record Result(string Number, DateTimeOffset At, string Text);

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Number).NotEmpty();
            RuleFor(c => c.Text).Must(t => !string.IsNullOrWhiteSpace(t)).WithMessage(_ => OrderingText.NoteRequired)
                .MaximumLength(Order.NoteMaxLength).WithMessage(_ => string.Format(OrderingText.NoteTooLong, Order.NoteMaxLength));
        }
    }

    internal sealed class Handler(StorefrontDb db, CurrentUser user, TimeProvider clock) : IRequestHandler<Command, Result>
    {
        public async Task<Result> Handle(Command request, CancellationToken cancellationToken)
        {
            var number = request.Number.Trim();
            var order = await db.Orders.SingleOrDefaultAsync(o => o.Number == number, cancellationToken)
                ?? throw new NotFoundException("order", OrderingText.NotFound);
            var now = clock.GetUtcNow();
            order.AddNote(OrderActor.Staff(user.Id), request.Text, now);
            return new Result(order.Number, now, order.Events[^1].Reason);
        }
    }

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/admin/orders/{number}/notes", async (string number, [FromBody] Command command, IMediator mediator, CancellationToken ct) =>
            TypedResults.Ok(await mediator.Send(command with { Number = number }, ct)))
            .RequireAuthorization(Policies.Orders).WithTags("Admin orders")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
}
