using Storefront.Domain.Common;

namespace Storefront.Domain.Ordering;

/// <summary>One entry of a shopper's address book; at most one is the default.</summary>
public sealed class ShopperAddress : ITenantOwned
{
    public const int MaxPerShopper = 20;

    private ShopperAddress()
    {
    }

    public Guid TenantId { get; private set; }

    public Guid Id { get; private set; }

    public Guid ShopperId { get; private set; }

    public ShippingAddress Address { get; private set; } = null!;

    public bool IsDefault { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public static ShopperAddress Create(Guid tenantId, Guid shopperId, ShippingAddress address, bool isDefault, DateTimeOffset now) => new()
    {
        TenantId = tenantId,
        Id = Guid.CreateVersion7(now),
        ShopperId = shopperId,
        Address = address,
        IsDefault = isDefault,
        UpdatedAt = now,
    };

    public void Update(ShippingAddress address, DateTimeOffset now)
    {
        Address = address;
        UpdatedAt = now;
    }

    public void SetDefault(bool isDefault, DateTimeOffset now)
    {
        IsDefault = isDefault;
        UpdatedAt = now;
    }
}
