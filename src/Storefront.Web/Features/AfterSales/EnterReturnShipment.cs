using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Mvc;
using Storefront.Domain.Ordering;
using Storefront.Web.Infrastructure.Behaviors;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Identity;
using Storefront.Web.Infrastructure.Tenancy;

namespace Storefront.Web.Features.AfterSales;

/// <summary>The shopper enters the carrier and tracking number of the parcel sent back (again, to correct it, until it arrives).</summary>
public static class EnterReturnShipment
{
    public sealed record Command : ICommand<CaseView>
    {
        public Guid Id { get; set; }

        public string Carrier { get; set; } = "";

        public string TrackingNumber { get; set; } = "";
    }

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Carrier).Must(c => !string.IsNullOrWhiteSpace(c)).WithMessage(_ => AfterSalesText.CarrierRequired)
                .MaximumLength(Shipment.CarrierMaxLength).WithMessage(_ => AfterSalesText.CarrierRequired);
            RuleFor(c => c.TrackingNumber).Must(t => (t ?? "").Trim().Length >= 4).WithMessage(_ => AfterSalesText.TrackingInvalid)
                .MaximumLength(Shipment.TrackingMaxLength).WithMessage(_ => AfterSalesText.TrackingInvalid);
        }
    }

    internal sealed class Handler(StorefrontDb db, TenantContext tenant, CurrentUser user, TimeProvider clock) : IRequestHandler<Command, CaseView>
    {
        public async Task<CaseView> Handle(Command request, CancellationToken cancellationToken)
        {
            var shopperId = user.RequiredId;
            var (_, @case) = await CaseOrders.LockCaseAsync(db, tenant.RequiredId, request.Id, shopperId, cancellationToken);
            var now = clock.GetUtcNow();
            @case.EnterReturnShipment(OrderActor.Shopper(shopperId), request.Carrier, request.TrackingNumber, now);
            return CaseView.From(@case, now);
        }
    }

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/after-sales/{id:guid}/return-shipment", async (Guid id, [FromBody] Command command, IMediator mediator, CancellationToken ct) =>
            TypedResults.Ok(await mediator.Send(command with { Id = id }, ct)))
            .RequireAuthorization(Policies.Shopper).WithTags("After-sales")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
}
