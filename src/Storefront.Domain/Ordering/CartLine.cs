using Storefront.Domain.Common;

namespace Storefront.Domain.Ordering;

/// <summary>
/// One SKU in a cart. A cart belongs to an owner: a signed-in shopper (their id) or a guest (the id in the guest's cart
/// cookie); on sign-in the guest's lines merge into the shopper's. The price when added is kept so the cart can say
/// that a price changed since.
/// </summary>
public sealed class CartLine : ITenantOwned
{
    public const int MaxQuantity = Order.MaxQuantityPerLine;
    public const int MaxLines = Order.MaxLines;

    private CartLine()
    {
    }

    public Guid TenantId { get; private set; }

    public Guid OwnerId { get; private set; }

    public Guid SkuId { get; private set; }

    public int Quantity { get; private set; }

    public bool Selected { get; private set; } = true;

    public decimal PriceWhenAdded { get; private set; }

    public DateTimeOffset AddedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>A new line in a cart that already holds <paramref name="linesInCart"/> lines: refused when that cart is full.</summary>
    public static CartLine Create(Guid tenantId, Guid ownerId, Guid skuId, int quantity, decimal price, int linesInCart, DateTimeOffset now)
    {
        if (linesInCart >= MaxLines)
        {
            throw new DomainException("cart.lines", $"购物车最多放 {MaxLines} 种商品。", isConflict: true);
        }

        return Create(tenantId, ownerId, skuId, quantity, price, now);
    }

    public static CartLine Create(Guid tenantId, Guid ownerId, Guid skuId, int quantity, decimal price, DateTimeOffset now)
    {
        CheckQuantity(quantity);
        return new CartLine
        {
            TenantId = tenantId,
            OwnerId = ownerId,
            SkuId = skuId,
            Quantity = quantity,
            PriceWhenAdded = price,
            AddedAt = now,
            UpdatedAt = now,
        };
    }

    /// <summary>Adds more of the same SKU (the quantities add up, to at most <see cref="MaxQuantity"/>).</summary>
    public void Add(int quantity, DateTimeOffset now)
    {
        CheckQuantity(quantity);
        Quantity = Math.Min(MaxQuantity, Quantity + quantity);
        Selected = true;
        UpdatedAt = now;
    }

    public void SetQuantity(int quantity, DateTimeOffset now)
    {
        CheckQuantity(quantity);
        Quantity = quantity;
        UpdatedAt = now;
    }

    public void Select(bool selected, DateTimeOffset now)
    {
        Selected = selected;
        UpdatedAt = now;
    }

    /// <summary>The shopper has seen the current price (the "price changed" note goes away).</summary>
    public void AcknowledgePrice(decimal price) => PriceWhenAdded = price;

    public static void CheckQuantity(int quantity)
    {
        if (quantity is <= 0 or > MaxQuantity)
        {
            throw new DomainException("cart.quantity", $"数量必须在 1 到 {MaxQuantity} 之间。");
        }
    }
}
