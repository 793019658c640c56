using System.Text.Json;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Storefront.Domain.Common;
using Storefront.Domain.Ordering;
using Storefront.Web.Infrastructure;
using Storefront.Web.Infrastructure.Behaviors;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Identity;
using Storefront.Web.Infrastructure.Notifications;
using Storefront.Web.Infrastructure.Tenancy;

namespace Storefront.Web.Features.Ordering.Admin;

/// <summary>
/// A merchant ships a paid order: one or several parcels, each with a carrier, a tracking number and which units of
/// which lines it holds (none listed: everything still to ship). The order stays 待发货 until its last unit ships,
/// then it is 已发货 and auto-confirm is due after the store's days. Units the shopper asked to have refunded before
/// shipping (an open 仅退款 case) do not ship until the case is answered (409). The shipped units leave the warehouse (on hand and
/// reserved both go down, <see cref="SkuStock.DeductAsync"/>); the shopper gets a shipping e-mail per parcel; the
/// audit log records it. A concurrent change of the same order loses on the order's version (409).
/// </summary>
public static class ShipOrder
{
    public const int MaxParcels = 20;

    public sealed record Command : ICommand<Result>
    {
        /// <summary>The order (from the route in the API).</summary>
        public string Number { get; set; } = "";

        public List<ParcelInput> Parcels { get; set; } = [];
    }

    public sealed record ParcelInput
    {
        public string Carrier { get; set; } = "";

        public string TrackingNumber { get; set; } = "";

        /// <summary>Units of lines in this parcel; empty: every unit still to ship.</summary>
        public List<ShipmentLine> Lines { get; set; } = [];
    }

    public sealed record Result(string Number, OrderStatus Status, IReadOnlyList<ShippedParcel> Parcels);

    public sealed record ShippedParcel(Guid Id, string Carrier, string TrackingNumber, IReadOnlyList<ShipmentLine> Lines);

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Number).NotEmpty();
            RuleFor(c => c.Parcels).NotEmpty().WithMessage(_ => OrderingText.ParcelRequired)
                .Must(p => p.Count <= MaxParcels).WithMessage(_ => string.Format(OrderingText.TooManyParcels, MaxParcels));
            RuleForEach(c => c.Parcels).ChildRules(parcel =>
            {
                parcel.RuleFor(p => p.Carrier).NotEmpty().WithMessage(_ => OrderingText.CarrierRequired)
                    .Must(Carriers.IsKnown)
                    .WithMessage(_ => OrderingText.CarrierUnknown)
                    .When(p => !string.IsNullOrWhiteSpace(p.Carrier), ApplyConditionTo.CurrentValidator);
                parcel.RuleFor(p => p.TrackingNumber).NotEmpty().WithMessage(_ => OrderingText.TrackingRequired)
                    .Must(t => t.Trim().Length is >= 4 and <= Shipment.TrackingMaxLength && t.Trim().All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
                    .WithMessage(_ => OrderingText.TrackingInvalid).When(p => !string.IsNullOrWhiteSpace(p.TrackingNumber), ApplyConditionTo.CurrentValidator);
                parcel.RuleForEach(p => p.Lines).ChildRules(line =>
                {
                    line.RuleFor(l => l.LineId).NotEmpty();
                    line.RuleFor(l => l.Quantity).InclusiveBetween(1, Order.MaxQuantityPerLine).WithMessage(_ => OrderingText.ShipQuantityInvalid);
                });
            });
        }
    }

    internal sealed class Handler(StorefrontDb db, TenantContext tenant, CurrentUser user, TimeProvider clock)
        : IRequestHandler<Command, Result>
    {
        public async Task<Result> Handle(Command request, CancellationToken cancellationToken)
        {
            var tenantId = tenant.RequiredId;
            var number = request.Number.Trim();
            var order = await db.Orders.Include(o => o.Lines).Include(o => o.Shipments).AsSplitQuery()
                .SingleOrDefaultAsync(o => o.Number == number, cancellationToken)
                ?? throw new NotFoundException("order", OrderingText.NotFound);
            var autoConfirm = await db.Stores.AsNoTracking().Where(s => s.Id == tenantId).Select(s => s.AutoConfirmDays).SingleAsync(cancellationToken);
            var email = await db.Shoppers.AsNoTracking().Where(s => s.Id == order.ShopperId).Select(s => s.Email).SingleOrDefaultAsync(cancellationToken);
            var held = await AfterSales.CaseOrders.HeldForRefundAsync(db, order.Id, cancellationToken);

            var now = clock.GetUtcNow();
            var actor = OrderActor.Staff(user.Id);
            var parcels = new List<Shipment>();
            foreach (var input in request.Parcels)
            {
                var parcel = order.Ship(input.Carrier, input.TrackingNumber, input.Lines, actor, TimeSpan.FromDays(autoConfirm), now, held);
                parcels.Add(parcel);
                if (!string.IsNullOrEmpty(email))
                {
                    db.Outbox.Add(OrderNotifications.Shipped(order, parcel, email, now));
                }
            }

            var skuOf = order.Lines.ToDictionary(l => l.Id, l => l.SkuId);
            await SkuStock.DeductAsync(db, tenantId, parcels.SelectMany(p => p.Lines).Select(l => (skuOf[l.LineId], l.Quantity)), cancellationToken);
            db.AuditLog.Add(AuditEntry.Record(tenantId, user.Id, "order.shipped", order.Id.ToString(), JsonSerializer.Serialize(new
            {
                order.Number,
                Status = order.Status.ToString(),
                Parcels = parcels.Select(p => new { p.Carrier, p.TrackingNumber, Lines = p.Lines.Select(l => new { l.LineId, l.Quantity }) }),
            }), now));

            return new Result(order.Number, order.Status,
                [.. parcels.Select(p => new ShippedParcel(p.Id, p.Carrier, p.TrackingNumber, p.Lines))]);
        }
    }

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/admin/orders/{number}/ship", async (string number, [FromBody] Command command, IMediator mediator, CancellationToken ct) =>
            TypedResults.Ok(await mediator.Send(command with { Number = number }, ct)))
            .RequireAuthorization(Policies.Orders).WithTags("Admin orders")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
}
