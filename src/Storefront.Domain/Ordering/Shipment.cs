using Storefront.Domain.Common;

namespace Storefront.Domain.Ordering;

/// <summary>One parcel of an order: carrier, tracking number and which lines (how many units of each) it holds.</summary>
public sealed class Shipment : ITenantOwned
{
    public const int CarrierMaxLength = 40;
    public const int TrackingMaxLength = 40;

    private Shipment()
    {
    }

    public Guid TenantId { get; private set; }

    public Guid Id { get; private set; }

    public Guid OrderId { get; private set; }

    public string Carrier { get; private set; } = "";

    public string TrackingNumber { get; private set; } = "";

    public List<ShipmentLine> Lines { get; private set; } = [];

    public DateTimeOffset ShippedAt { get; private set; }

    public Guid? ActorId { get; private set; }

    internal static Shipment Create(Order order, string carrier, string trackingNumber, List<ShipmentLine> lines, Guid? actorId, DateTimeOffset now) => new()
    {
        TenantId = order.TenantId,
        Id = Guid.CreateVersion7(now),
        OrderId = order.Id,
        Carrier = carrier,
        TrackingNumber = trackingNumber,
        Lines = lines,
        ShippedAt = now,
        ActorId = actorId,
    };
}

/// <summary>How many units of one order line a parcel holds.</summary>
public sealed record ShipmentLine(Guid LineId, int Quantity);
