using System.Text.Json.Serialization;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Storefront.Domain.AfterSales;
using Storefront.Domain.Notifications;
using Storefront.Domain.Ordering;
using Storefront.Web.Infrastructure.Behaviors;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Identity;

namespace Storefront.Web.Features.AfterSales;

/// <summary>
/// A reply on a complaint: from its shopper (<c>/api/v1/after-sales/complaints/{id}/replies</c>) or from customer service
/// (<c>/api/v1/admin/after-sales/complaints/{id}/replies</c>, which answers it and tells the shopper by e-mail). Who replies is
/// set by the endpoint, never by the body. A closed complaint takes no more replies (409).
/// </summary>
public static class ReplyToComplaint
{
    public sealed record Command : ICommand<ComplaintView>
    {
        public Guid Id { get; set; }

        public string Text { get; set; } = "";

        [JsonIgnore]
        public bool AsStaff { get; init; }
    }

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator() =>
            RuleFor(c => c.Text)
                .Must(t => !string.IsNullOrWhiteSpace(t))
                .WithMessage(_ => string.Format(AfterSalesText.ComplaintTextRequired, Complaint.TextMaxLength))
                .MaximumLength(Complaint.TextMaxLength).WithMessage(_ => string.Format(AfterSalesText.ComplaintTextRequired, Complaint.TextMaxLength));
    }

    internal sealed class Handler(StorefrontDb db, CurrentUser user, TimeProvider clock) : IRequestHandler<Command, ComplaintView>
    {
        public async Task<ComplaintView> Handle(Command request, CancellationToken cancellationToken)
        {
            var userId = user.RequiredId;
            var complaint = await db.Complaints.LockAsync(request.Id, request.AsStaff ? null : userId, cancellationToken);
            var now = clock.GetUtcNow();
            complaint.Reply(request.AsStaff ? OrderActor.Staff(userId) : OrderActor.Shopper(userId), request.Text, now);
            if (request.AsStaff
                && await db.Shoppers.AsNoTracking()
                    .Where(s => s.Id == complaint.ShopperId)
                    .Select(s => s.Email)
                    .SingleOrDefaultAsync(cancellationToken) is { Length: > 0 } email)
            {
                db.Outbox.Add(OutboxMessage.Create(complaint.TenantId, "complaint.replied", email, $"您对订单 {complaint.OrderNumber} 的投诉有了新回复",
                    $"客服回复：{complaint.Replies[^1].Text}", now));
            }

            return ComplaintView.Of(complaint, now);
        }
    }

    internal static void Map(IEndpointRouteBuilder api)
    {
        api.MapPost("/after-sales/complaints/{id:guid}/replies", async (Guid id, [FromBody] Command command, IMediator mediator, CancellationToken ct) =>
            TypedResults.Ok(await mediator.Send(command with { Id = id, AsStaff = false }, ct)))
            .RequireAuthorization(Policies.Shopper).WithTags("Complaints")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPost("/admin/after-sales/complaints/{id:guid}/replies", async (Guid id, [FromBody] Command command, IMediator mediator, CancellationToken ct) =>
            TypedResults.Ok(await mediator.Send(command with { Id = id, AsStaff = true }, ct)))
            .RequireAuthorization(Policies.AfterSales).WithTags("Admin complaints")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
    }
}
