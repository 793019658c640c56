using MediatR;
using Microsoft.EntityFrameworkCore;
using Storefront.Domain.Ordering;
using Storefront.Web.Infrastructure;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Identity;

namespace Storefront.Web.Features.Ordering;

/// <summary>
/// One order of the signed-in shopper: lines with what was paid for each, the price breakdown, the timeline (staff notes
/// left out), payments, parcels with carrier and tracking number, and which actions are open now. Someone else's
/// order, like one that does not exist, is not found.
/// </summary>
public static class GetMyOrder
{
    public sealed record Query(string Number) : IRequest<Detail>;

    public sealed record Detail(
        string Number, OrderStatus Status, DateTimeOffset PlacedAt, DateTimeOffset PaymentDueAt, DateTimeOffset? PaidAt, DateTimeOffset? ShippedAt,
        DateTimeOffset? CompletedAt, DateTimeOffset? CancelledAt, string? CancelReason, string ShippingMethod, AddressView Address, string Note,
        decimal Subtotal, decimal Discount, decimal ShippingFee, decimal Total, decimal RefundedAmount,
        IReadOnlyList<LineView> Lines, IReadOnlyList<EventView> Timeline, IReadOnlyList<PaymentView> Payments, IReadOnlyList<ShipmentView> Shipments,
        bool CanPay, bool CanCancel, bool CanConfirmReceipt)
    {
        /// <summary>The order's discounts and why: 满减, the coupon (with its name), points.</summary>
        public IReadOnlyList<Storefront.Domain.Pricing.Adjustment> Adjustments { get; init; } = [];

        /// <summary>The shopper's coupon the order used (null: none).</summary>
        public Guid? ShopperCouponId { get; init; }

        public int PointsUsed { get; init; }

        public decimal PointsDeduction { get; init; }
    }

    public sealed record AddressView(string Name, string Phone, string Province, string City, string District, string Street);

    public sealed record LineView(Guid Id, string ProductName, string ProductSlug, string SkuCode, string SpecText, string? Image, decimal UnitPrice,
        int Quantity, decimal Subtotal, decimal Discount, decimal PaidAmount, int ShippedQuantity);

    public sealed record EventView(DateTimeOffset At, string Kind, OrderStatus? FromStatus, OrderStatus? ToStatus, ActorKind ActorKind, string Reason);

    public sealed record PaymentView(
        Guid Id, string Provider, decimal Amount, PaymentStatus Status, string? Reference, DateTimeOffset CreatedAt, DateTimeOffset? CompletedAt);

    public sealed record ShipmentView(string Carrier, string TrackingNumber, DateTimeOffset ShippedAt, IReadOnlyList<ShipmentLineView> Lines);

    public sealed record ShipmentLineView(string ProductName, string SpecText, int Quantity);

    internal sealed class Handler(StorefrontDb db, CurrentUser user, TimeProvider clock) : IRequestHandler<Query, Detail>
    {
        /// <summary>Entries of the same instant in the order they happen in an order's life.</summary>
        private static int Rank(string kind) => kind switch
        {
            "placed" => 0,
            "paid" => 1,
            "parcel" => 2,
            "shipped" => 3,
            "completed" or "cancelled" => 4,
            _ => 5,
        };

        public async Task<Detail> Handle(Query request, CancellationToken cancellationToken)
        {
            var shopperId = user.RequiredId;
            var order = await db.Orders.AsNoTracking().AsSplitQuery()
                .Include(o => o.Lines).Include(o => o.Events).Include(o => o.Shipments)
                .SingleOrDefaultAsync(o => o.Number == request.Number && o.ShopperId == shopperId, cancellationToken)
                ?? throw new NotFoundException("order", OrderingText.OrderNotFound);
            var payments = await db.Payments.AsNoTracking().Where(p => p.OrderId == order.Id).OrderBy(p => p.CreatedAt)
                .Select(p => new PaymentView(p.Id, p.Provider, p.Amount, p.Status, p.ProviderReference, p.CreatedAt, p.CompletedAt))
                .ToListAsync(cancellationToken);
            var lines = order.Lines.OrderBy(l => l.Position).ToList();
            var now = clock.GetUtcNow();
            var a = order.Address;
            return new Detail(
                order.Number, order.Status, order.PlacedAt, order.PaymentDueAt, order.PaidAt, order.ShippedAt, order.CompletedAt, order.CancelledAt,
                order.CancelReason, order.ShippingMethod, new AddressView(a.Name, a.Phone, a.Province, a.City, a.District, a.Street), order.Note,
                order.Subtotal, order.Discount, order.ShippingFee, order.Total, order.RefundedAmount,
                [.. lines.Select(l => new LineView(l.Id, l.ProductName, l.ProductSlug, l.SkuCode, l.SpecText, l.Image, l.UnitPrice, l.Quantity, l.Subtotal,
                    l.Discount, l.PaidAmount, l.ShippedQuantity))],
                [.. order.Events.Where(e => !e.Internal).OrderBy(e => e.At).ThenBy(e => Rank(e.Kind)).ThenBy(e => e.Id)
                    .Select(e => new EventView(e.At, e.Kind, e.FromStatus, e.ToStatus, e.ActorKind, e.Reason))],
                payments,
                [.. order.Shipments.OrderBy(s => s.ShippedAt).Select(s => new ShipmentView(s.Carrier, s.TrackingNumber, s.ShippedAt,
                    [.. s.Lines.Select(p => lines.FirstOrDefault(l => l.Id == p.LineId) is { } l
                        ? new ShipmentLineView(l.ProductName, l.SpecText, p.Quantity)
                        : new ShipmentLineView("", "", p.Quantity))]))],
                CanPay: order.Status == OrderStatus.PendingPayment && now < order.PaymentDueAt,
                CanCancel: order.Status == OrderStatus.PendingPayment,
                CanConfirmReceipt: order.Status == OrderStatus.Shipped)
            {
                Adjustments = order.Adjustments,
                ShopperCouponId = order.ShopperCouponId,
                PointsUsed = order.PointsUsed,
                PointsDeduction = order.PointsDeduction,
            };
        }
    }

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/orders/{number}", async (string number, IMediator mediator, CancellationToken ct) =>
            TypedResults.Ok(await mediator.Send(new Query(number), ct)))
            .RequireAuthorization(Policies.Shopper).WithTags("Orders").ProducesProblem(StatusCodes.Status404NotFound);
}
