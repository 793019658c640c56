using System.Text.Json.Serialization;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Mvc;
using Storefront.Domain.AfterSales;
using Storefront.Domain.Ordering;
using Storefront.Web.Infrastructure.Behaviors;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Identity;

namespace Storefront.Web.Features.AfterSales;

/// <summary>Closes a complaint: its shopper (withdrawn or settled) or customer service (resolved), with an optional reason; once (409 after).</summary>
public static class CloseComplaint
{
    public sealed record Command : ICommand<ComplaintView>
    {
        public Guid Id { get; set; }

        public string? Reason { get; set; }

        [JsonIgnore]
        public bool AsStaff { get; init; }
    }

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(c => c.Reason).MaximumLength(AfterSalesCase.ReasonMaxLength);
    }

    internal sealed class Handler(StorefrontDb db, CurrentUser user, TimeProvider clock) : IRequestHandler<Command, ComplaintView>
    {
        public async Task<ComplaintView> Handle(Command request, CancellationToken cancellationToken)
        {
            var userId = user.RequiredId;
            var complaint = await db.Complaints.LockAsync(request.Id, request.AsStaff ? null : userId, cancellationToken);
            var now = clock.GetUtcNow();
            complaint.Close(request.AsStaff ? OrderActor.Staff(userId) : OrderActor.Shopper(userId), request.Reason, now);
            return ComplaintView.Of(complaint, now);
        }
    }

    internal static void Map(IEndpointRouteBuilder api)
    {
        api.MapPost("/after-sales/complaints/{id:guid}/close", async (Guid id, [FromBody] Command command, IMediator mediator, CancellationToken ct) =>
            TypedResults.Ok(await mediator.Send(command with { Id = id, AsStaff = false }, ct)))
            .RequireAuthorization(Policies.Shopper).WithTags("Complaints")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPost("/admin/after-sales/complaints/{id:guid}/close", async (Guid id, [FromBody] Command command, IMediator mediator, CancellationToken ct) =>
            TypedResults.Ok(await mediator.Send(command with { Id = id, AsStaff = true }, ct)))
            .RequireAuthorization(Policies.AfterSales).WithTags("Admin complaints")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
    }
}
