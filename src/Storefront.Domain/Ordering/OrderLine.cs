using Storefront.Domain.Common;
using Storefront.Domain.Pricing;

namespace Storefront.Domain.Ordering;

/// <summary>
/// One SKU of an order, as it was sold: a copy of the names and spec, the unit price, the discount allocated to the line
/// and what the shopper paid for it (so a later refund of some units is exact), how many have shipped, and how many were
/// refunded before they shipped (those left the order: they are not shipped, and their reserved stock went back).
/// </summary>
public sealed class OrderLine : ITenantOwned
{
    private OrderLine()
    {
    }

    public Guid TenantId { get; private set; }

    public Guid Id { get; private set; }

    public Guid OrderId { get; private set; }

    public int Position { get; private set; }

    public Guid ProductId { get; private set; }

    public Guid SkuId { get; private set; }

    public string ProductName { get; private set; } = "";

    public string ProductSlug { get; private set; } = "";

    public string SkuCode { get; private set; } = "";

    public string SpecText { get; private set; } = "";

    public string? Image { get; private set; }

    public decimal UnitPrice { get; private set; }

    public int Quantity { get; private set; }

    public int WeightGrams { get; private set; }

    /// <summary>Unit price × quantity.</summary>
    public decimal Subtotal { get; private set; }

    /// <summary>Every discount on this line, its own and its share of order-level ones.</summary>
    public decimal Discount { get; private set; }

    /// <summary>What the shopper paid for the line's units: <see cref="Subtotal"/> − <see cref="Discount"/>.</summary>
    public decimal PaidAmount { get; private set; }

    public List<Adjustment> Adjustments { get; private set; } = [];

    public int ShippedQuantity { get; private set; }

    /// <summary>Units refunded before they shipped (仅退款 while the order is 待发货); they are no longer to ship.</summary>
    public int RefundedQuantity { get; private set; }

    /// <summary>Units still to ship: bought, less shipped, less refunded before shipping.</summary>
    public int UnshippedQuantity => Quantity - ShippedQuantity - RefundedQuantity;

    internal static OrderLine Create(Guid tenantId, Guid orderId, int position, OrderItem item, PricedLine priced, DateTimeOffset now) => new()
    {
        TenantId = tenantId,
        Id = Guid.CreateVersion7(now),
        OrderId = orderId,
        Position = position,
        ProductId = item.ProductId,
        SkuId = item.SkuId,
        ProductName = item.ProductName,
        ProductSlug = item.ProductSlug,
        SkuCode = item.SkuCode,
        SpecText = item.SpecText,
        Image = item.Image,
        UnitPrice = priced.UnitPrice,
        Quantity = priced.Quantity,
        WeightGrams = item.WeightGrams,
        Subtotal = priced.Subtotal,
        Discount = priced.Discount,
        PaidAmount = priced.Paid,
        Adjustments = [.. priced.Adjustments],
    };

    internal void Ship(int quantity) => ShippedQuantity += quantity;

    internal void RefundUnshipped(int quantity) => RefundedQuantity += quantity;
}

/// <summary>What the shopper orders of one SKU, with the catalog facts the order keeps a copy of.</summary>
public sealed record OrderItem(
    Guid ProductId,
    Guid SkuId,
    string ProductName,
    string ProductSlug,
    string SkuCode,
    string SpecText,
    string? Image,
    int WeightGrams,
    int Quantity);
