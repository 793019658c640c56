using Storefront.Domain.Common;

namespace Storefront.Domain.Ordering;

/// <summary>
/// One entry of an order's timeline: a status change (from → to), a shipment, a refund or a staff note, with when, who
/// and why. Internal entries (staff notes) are shown to staff only.
/// </summary>
public sealed class OrderEvent : ITenantOwned
{
    private OrderEvent()
    {
    }

    public Guid TenantId { get; private set; }

    public Guid Id { get; private set; }

    public Guid OrderId { get; private set; }

    public DateTimeOffset At { get; private set; }

    /// <summary>placed, paid, shipped, parcel, completed, cancelled, refunded, payment-returned, note.</summary>
    public string Kind { get; private set; } = "";

    public OrderStatus? FromStatus { get; private set; }

    public OrderStatus? ToStatus { get; private set; }

    public ActorKind ActorKind { get; private set; }

    public Guid? ActorId { get; private set; }

    public string Reason { get; private set; } = "";

    public bool Internal { get; private set; }

    internal static OrderEvent Create(
        Order order, string kind, OrderStatus? from, OrderStatus? to, OrderActor actor, string reason, DateTimeOffset at, bool isInternal = false) => new()
        {
            TenantId = order.TenantId,
            Id = Guid.CreateVersion7(at),
            OrderId = order.Id,
            At = at,
            Kind = kind,
            FromStatus = from,
            ToStatus = to,
            ActorKind = actor.Kind,
            ActorId = actor.Id,
            Reason = reason,
            Internal = isInternal,
        };
}
