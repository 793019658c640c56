using MediatR;
using Microsoft.EntityFrameworkCore;
using Storefront.Domain.Ordering;
using Storefront.Domain.Ordering.Risk;
using Storefront.Domain.Privacy;
using Storefront.Web.Infrastructure;
using Storefront.Web.Infrastructure.Identity;

namespace Storefront.Web.Features.Ordering.Admin;

/// <summary>
/// An order as staff see it: amounts, address, lines (ordered, shipped, still to ship), the whole timeline including
/// internal notes, parcels, payments and refunds.
/// </summary>
public static class GetOrder
{
    public sealed record Query(string Number) : IRequest<Detail>;

    public sealed record Detail(
        Guid Id,
        string Number,
        OrderStatus Status,
        ShippingAddress Address,
        string ShippingMethod,
        string Note,
        decimal Subtotal,
        decimal Discount,
        decimal ShippingFee,
        decimal Total,
        decimal RefundedAmount,
        DateTimeOffset PlacedAt,
        DateTimeOffset PaymentDueAt,
        DateTimeOffset? PaidAt,
        DateTimeOffset? ShippedAt,
        DateTimeOffset? AutoConfirmAt,
        DateTimeOffset? CompletedAt,
        DateTimeOffset? CancelledAt,
        string? CancelReason,
        string ShopperEmail,
        IReadOnlyList<Line> Lines,
        IReadOnlyList<TimelineEntry> Timeline,
        IReadOnlyList<Parcel> Shipments,
        IReadOnlyList<PaymentRow> Payments,
        IReadOnlyList<RefundRow> Refunds)
    {
        /// <summary>
        /// The phone and street are masked unless the order is to ship (the shipping screen): revealing them then takes a
        /// reason and is audited (RevealOrderAddress, issue 19).
        /// </summary>
        public bool AddressMasked { get; init; }

        /// <summary>风控: the order's score, its reasons in the reader's language, and whether it is held for review.</summary>
        public RiskReview RiskReview { get; init; }

        public int RiskScore { get; init; }

        public IReadOnlyList<string> RiskReasons { get; init; } = [];

        /// <summary>Staff may ship while the order is paid, not held for review, and some unit is still to ship.</summary>
        public bool CanShip => Status == OrderStatus.Paid && RiskReview != RiskReview.Pending && Lines.Any(l => l.Shippable > 0);

        /// <summary>Staff may cancel an unpaid order, or a paid one before anything shipped (refunding it all).</summary>
        public bool CanCancel => Status == OrderStatus.PendingPayment || (Status == OrderStatus.Paid && Shipments.Count == 0);
    }

    public sealed record Line(Guid Id, int Position, string ProductName, string SkuCode, string SpecText, string? Image, decimal UnitPrice,
        int Quantity, decimal Subtotal, decimal Discount, decimal PaidAmount, int Shipped, int Refunded, int HeldForRefund)
    {
        /// <summary>Units still to ship: bought, less shipped, less refunded before shipping.</summary>
        public int Unshipped => Quantity - Shipped - Refunded;

        /// <summary>What may ship now: the units still to ship less those in an open refund-only case.</summary>
        public int Shippable => Math.Max(0, Unshipped - HeldForRefund);
    }

    public sealed record TimelineEntry(DateTimeOffset At, string Kind, OrderStatus? From, OrderStatus? To, ActorKind ActorKind, Guid? ActorId,
        string? ActorName, string Reason, bool Internal);

    public sealed record Parcel(Guid Id, string Carrier, string TrackingNumber, DateTimeOffset ShippedAt, IReadOnlyList<ParcelLine> Lines);

    public sealed record ParcelLine(Guid LineId, string ProductName, string SpecText, int Quantity);

    public sealed record PaymentRow(Guid Id, string Provider, decimal Amount, PaymentStatus Status, string? ProviderReference,
        DateTimeOffset CreatedAt, DateTimeOffset? CompletedAt);

    public sealed record RefundRow(Guid Id, decimal Amount, RefundStatus Status, string Reason, string IdempotencyKey, string? ProviderReference,
        DateTimeOffset CreatedAt, DateTimeOffset? CompletedAt);

    internal sealed class Handler(Infrastructure.Data.StorefrontDb db) : IRequestHandler<Query, Detail>
    {
        public async Task<Detail> Handle(Query request, CancellationToken cancellationToken)
        {
            var number = (request.Number ?? "").Trim();
            var order = await db.Orders.AsNoTracking().AsSplitQuery()
                .Include(o => o.Lines).Include(o => o.Events).Include(o => o.Shipments)
                .SingleOrDefaultAsync(o => o.Number == number, cancellationToken)
                ?? throw new NotFoundException("order", OrderingText.NotFound);
            var email = await db.Shoppers.AsNoTracking().Where(s => s.Id == order.ShopperId).Select(s => s.Email).SingleOrDefaultAsync(cancellationToken) ?? "";
            var staffIds = order.Events.Where(e => e.ActorKind == ActorKind.Staff && e.ActorId != null).Select(e => e.ActorId!.Value).Distinct().ToList();
            var staffNames = await db.StaffAccounts.AsNoTracking().Where(a => staffIds.Contains(a.Id))
                .ToDictionaryAsync(a => a.Id, a => a.DisplayName.Length > 0 ? a.DisplayName : a.Email, cancellationToken);
            var payments = await db.Payments.AsNoTracking().Where(p => p.OrderId == order.Id).OrderBy(p => p.CreatedAt)
                .Select(p => new PaymentRow(p.Id, p.Provider, p.Amount, p.Status, p.ProviderReference, p.CreatedAt, p.CompletedAt))
                .ToListAsync(cancellationToken);
            var refunds = await db.Refunds.AsNoTracking().Where(r => r.OrderId == order.Id).OrderBy(r => r.CreatedAt)
                .Select(r => new RefundRow(r.Id, r.Amount, r.Status, r.Reason, r.IdempotencyKey, r.ProviderReference, r.CreatedAt, r.CompletedAt))
                .ToListAsync(cancellationToken);

            var lines = order.Lines.OrderBy(l => l.Position).ToList();
            var held = order.Status == OrderStatus.Paid
                ? await AfterSales.CaseOrders.HeldForRefundAsync(db, order.Id, cancellationToken)
                : [];
            var detail = new Detail(
                order.Id, order.Number, order.Status, order.Address, order.ShippingMethod, order.Note,
                order.Subtotal, order.Discount, order.ShippingFee, order.Total, order.RefundedAmount,
                order.PlacedAt, order.PaymentDueAt, order.PaidAt, order.ShippedAt, order.AutoConfirmAt, order.CompletedAt, order.CancelledAt,
                order.CancelReason, email,
                [.. lines.Select(l => new Line(l.Id, l.Position, l.ProductName, l.SkuCode, l.SpecText, l.Image, l.UnitPrice, l.Quantity,
                    l.Subtotal, l.Discount, l.PaidAmount, l.ShippedQuantity, l.RefundedQuantity, held.GetValueOrDefault(l.Id)))],
                [.. order.Events.OrderBy(e => e.At)
                    .ThenBy(e => KindRank(e.Kind))
                    .ThenBy(e => e.Id)
                    .Select(e => new TimelineEntry(e.At, e.Kind, e.FromStatus, e.ToStatus, e.ActorKind, e.ActorId,
                        e.ActorId is { } id ? staffNames.GetValueOrDefault(id) : null, e.Reason, e.Internal))],
                [.. order.Shipments.OrderBy(s => s.ShippedAt).ThenBy(s => s.Id).Select(s => new Parcel(s.Id, s.Carrier, s.TrackingNumber, s.ShippedAt,
                    [.. s.Lines.Select(p => lines.FirstOrDefault(l => l.Id == p.LineId) is { } l
                        ? new ParcelLine(p.LineId, l.ProductName, l.SpecText, p.Quantity)
                        : new ParcelLine(p.LineId, "", "", p.Quantity))]))],
                payments,
                refunds)
            {
                RiskReview = order.RiskReview,
                RiskScore = order.RiskScore,
                RiskReasons = [.. order.RiskReasons.Select(Risk.RiskScoring.Describe)],
            };
            return detail.CanShip ? detail : detail with { Address = PersonalData.Mask(order.Address), AddressMasked = true };
        }
    }

    /// <summary>Entries of the same instant in the order they can happen (placed before paid before shipped …).</summary>
    private static int KindRank(string kind) =>
        Array.IndexOf<string>(["placed", "paid", "note", "parcel", "shipped", "cancelled", "refunded", "completed"], kind) is var i and >= 0 ? i : 99;

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/admin/orders/{number}", async (string number, IMediator m, CancellationToken ct) => TypedResults.Ok(await m.Send(new Query(number), ct)))
            .RequireAuthorization(Policies.Orders).WithTags("Admin orders").ProducesProblem(StatusCodes.Status404NotFound);
}
