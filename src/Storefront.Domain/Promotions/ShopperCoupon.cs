using Storefront.Domain.Common;

namespace Storefront.Domain.Promotions;

/// <summary>
/// One coupon a shopper holds: where it came from, when it is valid, and the order it paid for (once). It comes back
/// (<see cref="Return"/>) only when that whole order is cancelled or refunded and the coupon is still valid.
/// </summary>
public sealed class ShopperCoupon : ITenantOwned
{
    private ShopperCoupon()
    {
    }

    public Guid TenantId { get; private set; }

    public Guid Id { get; private set; }

    public Guid CouponId { get; private set; }

    public Guid ShopperId { get; private set; }

    public CouponSource Source { get; private set; }

    public DateTimeOffset ClaimedAt { get; private set; }

    public DateTimeOffset ValidFrom { get; private set; }

    public DateTimeOffset ValidUntil { get; private set; }

    public Guid? UsedOrderId { get; private set; }

    public DateTimeOffset? UsedAt { get; private set; }

    /// <summary>Where a claimed copy was claimed from (风控): the client's IP, and a key of the shopper's default address (a hash).</summary>
    public string? ClaimIp { get; private set; }

    public string? ClaimAddressKey { get; private set; }

    public void RecordClaimSource(string? ip, string? addressKey) => (ClaimIp, ClaimAddressKey) = (ip, addressKey);

    public bool IsUsable(DateTimeOffset now) => UsedOrderId is null && ValidFrom <= now && now < ValidUntil;

    internal static ShopperCoupon Create(
        Guid tenantId, Guid couponId, Guid shopperId, CouponSource source, DateTimeOffset from, DateTimeOffset until, DateTimeOffset now) => new()
        {
            TenantId = tenantId,
            Id = Guid.CreateVersion7(now),
            CouponId = couponId,
            ShopperId = shopperId,
            Source = source,
            ClaimedAt = now,
            ValidFrom = from,
            ValidUntil = until,
        };

    public void Use(Guid orderId, DateTimeOffset now)
    {
        if (UsedOrderId is not null)
        {
            throw new DomainException("coupon.used", "这张优惠券已使用。", isConflict: true);
        }

        if (!IsUsable(now))
        {
            throw new DomainException("coupon.expired", "这张优惠券不在有效期内。", isConflict: true);
        }

        (UsedOrderId, UsedAt) = (orderId, now);
    }

    /// <summary>Gives the coupon back after its whole order was cancelled or refunded; an expired one stays used. True when it came back.</summary>
    public bool Return(Guid orderId, DateTimeOffset now)
    {
        if (UsedOrderId != orderId || now >= ValidUntil)
        {
            return false;
        }

        (UsedOrderId, UsedAt) = (null, null);
        return true;
    }
}
