using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Mvc;
using Storefront.Domain.Ordering;
using Storefront.Web.Infrastructure.Behaviors;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Identity;
using Storefront.Web.Infrastructure.Tenancy;

namespace Storefront.Web.Features.AfterSales.Admin;

/// <summary>The merchant ships the new SKU of an exchange once the old goods arrived: the unit reserved at approval is deducted.</summary>
public static class ShipExchange
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
            RuleFor(c => c.Carrier).Must(c => !string.IsNullOrWhiteSpace(c)).WithMessage(_ => AfterSalesText.CarrierRequired);
            RuleFor(c => c.TrackingNumber).Must(t => (t ?? "").Trim().Length >= 4).WithMessage(_ => AfterSalesText.TrackingInvalid)
                .MaximumLength(Shipment.TrackingMaxLength).WithMessage(_ => AfterSalesText.TrackingInvalid);
        }
    }

    internal sealed class Handler(StorefrontDb db, TenantContext tenant, CurrentUser user, TimeProvider clock) : IRequestHandler<Command, CaseView>
    {
        public async Task<CaseView> Handle(Command request, CancellationToken cancellationToken)
        {
            var tenantId = tenant.RequiredId;
            var (_, @case) = await CaseOrders.LockCaseAsync(db, tenantId, request.Id, null, cancellationToken);
            var now = clock.GetUtcNow();
            @case.ShipExchange(OrderActor.Staff(user.Id), request.Carrier, request.TrackingNumber, now);
            if (@case.ExchangeSkuId is { } skuId)
            {
                await SkuStock.DeductAsync(db, tenantId, [(skuId, @case.Quantity)], cancellationToken);
            }

            await CaseNotifications.QueueAsync(db, @case, CaseNotifications.ExchangeShipped, now, cancellationToken);
            return CaseView.From(@case, now);
        }
    }

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/admin/after-sales/{id:guid}/ship-exchange", async (Guid id, [FromBody] Command command, IMediator mediator, CancellationToken ct) =>
            TypedResults.Ok(await mediator.Send(command with { Id = id }, ct)))
            .RequireAuthorization(Policies.AfterSales).WithTags("Admin after-sales")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
}
