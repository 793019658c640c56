using Storefront.Domain.Ordering;

namespace Storefront.Web.Features.Ordering;

/// <summary>
/// Words for enum values and timeline kinds, from OrderingText.resx by a key built from the value (Status_Paid,
/// MyOrderEvent_payment_returned): the class the SDK generates has a property per key but none that takes a value.
/// LabelsTests checks that every value has its key in both languages.
/// </summary>
public static class OrderingLabels
{
    /// <summary>The status as merchants call it (待付款, 待发货, 已发货, 已完成, 已取消).</summary>
    public static string Status(OrderStatus status) => Get("Status_" + status);

    /// <summary>The status as a shopper's order pages call it.</summary>
    public static string MyOrderStatus(OrderStatus status) => Get("MyOrderStatus_" + status);

    public static string PaymentStatus(PaymentStatus status) => Get("PaymentStatus_" + status);

    /// <summary>
    /// The label of an order's total: 实付款 once it was paid (also when later cancelled with a refund), 应付款 while it
    /// waits for payment, 订单金额 for an order cancelled unpaid.
    /// </summary>
    public static string OrderTotal(OrderStatus status, bool paid) =>
        paid || status is OrderStatus.Paid or OrderStatus.Shipped or OrderStatus.Completed ? OrderingText.MyOrderTotalPaid
        : status == OrderStatus.Cancelled ? OrderingText.MyOrderTotalCancelled
        : OrderingText.MyOrderTotalDue;

    public static string ShippingKind(ShippingFeeKind kind) => Get("ShippingKind_" + kind);

    public static string Actor(ActorKind kind) => Get("Actor_" + kind);

    /// <summary>What a timeline entry is on the staff's order page (placed, paid, parcel …); the kind itself when it has none.</summary>
    public static string Event(string kind) => Find("Event_" + kind.Replace('-', '_')) ?? kind;

    /// <summary>A timeline entry's kind (placed, paid, payment-returned …) on the shopper's order page; the kind itself when it has none.</summary>
    public static string MyOrderEvent(string kind) => Find("MyOrderEvent_" + kind.Replace('-', '_')) ?? kind;

    private static string Get(string key) => Find(key) ?? key;

    private static string? Find(string key) => OrderingText.ResourceManager.GetString(key, OrderingText.Culture);
}
