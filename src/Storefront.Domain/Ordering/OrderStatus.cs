namespace Storefront.Domain.Ordering;

/// <summary>Where an order is in its life: 待付款 → 待发货 → 已发货 → 已完成, or 已取消.</summary>
public enum OrderStatus
{
    PendingPayment,
    Paid,
    Shipped,
    Completed,
    Cancelled,
}
