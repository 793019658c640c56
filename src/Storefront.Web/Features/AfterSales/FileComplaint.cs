using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Storefront.Domain.AfterSales;
using Storefront.Web.Infrastructure;
using Storefront.Web.Infrastructure.Behaviors;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Identity;
using Storefront.Web.Infrastructure.Tenancy;

namespace Storefront.Web.Features.AfterSales;

/// <summary>
/// The shopper files a complaint (投诉) about a paid order of theirs: quality, delay, service, or a promotion not applied,
/// with a text. Customer service must answer by the store's complaint deadline (default 24 h), which the answer carries.
/// Someone else's order is not found; an unpaid one is refused (409).
/// </summary>
public static class FileComplaint
{
    public sealed record Command : ICommand<ComplaintView>
    {
        public string OrderNumber { get; set; } = "";

        public ComplaintKind? Kind { get; set; }

        public string Text { get; set; } = "";
    }

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.OrderNumber).NotEmpty().MaximumLength(40);
            RuleFor(c => c.Kind)
                .NotNull()
                .WithMessage(_ => AfterSalesText.ComplaintKindRequired)
                .IsInEnum()
                .WithMessage(_ => AfterSalesText.ComplaintKindRequired);
            RuleFor(c => c.Text)
                .Must(t => !string.IsNullOrWhiteSpace(t))
                .WithMessage(_ => string.Format(AfterSalesText.ComplaintTextRequired, Complaint.TextMaxLength))
                .MaximumLength(Complaint.TextMaxLength).WithMessage(_ => string.Format(AfterSalesText.ComplaintTextRequired, Complaint.TextMaxLength));
        }
    }

    internal sealed class Handler(StorefrontDb db, TenantContext tenant, CurrentUser user, TimeProvider clock) : IRequestHandler<Command, ComplaintView>
    {
        public async Task<ComplaintView> Handle(Command request, CancellationToken cancellationToken)
        {
            var shopperId = user.RequiredId;
            var number = request.OrderNumber.Trim();
            var order = await db.Orders.AsNoTracking().SingleOrDefaultAsync(o => o.Number == number && o.ShopperId == shopperId, cancellationToken)
                ?? throw new NotFoundException("order", OrderingText.OrderNotFound);
            var storeId = tenant.RequiredId;
            var store = await db.Stores.AsNoTracking().SingleAsync(s => s.Id == storeId, cancellationToken);
            var now = clock.GetUtcNow();
            var complaint = Complaint.File(order, request.Kind!.Value, request.Text, store.AfterSalesPolicy, now);
            db.Complaints.Add(complaint);
            return ComplaintView.Of(complaint, now);
        }
    }

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/after-sales/complaints", async ([FromBody] Command command, IMediator mediator, CancellationToken ct) =>
        {
            var filed = await mediator.Send(command, ct);
            return TypedResults.Created($"/api/v1/after-sales/complaints/{filed.Id}", filed);
        })
        .RequireAuthorization(Policies.Shopper).WithTags("Complaints")
        .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
}
