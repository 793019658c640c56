using Storefront.Domain.Ordering;

namespace Storefront.Web;

// The words of payments and the shopper's order pages (my orders, order detail, the sandbox gateway's page). Keys live
// in Resources/Text.resx (zh-CN) and Resources/Text.en.resx under "ordering: payments and shopper orders".
public static partial class Text
{
    public static string PaymentNotFound => Get();

    public static string PaymentAmountMismatch => Get();

    public static string PaymentReturnedReason => Get();

    public static string OrderNotFound => Get();

    public static string CancelReason => Get();

    public static string CancelledByShopper => Get();

    public static string OrderStatusUnknown => Get();

    public static string PageNumber => Get();

    public static string MyOrders => Get();

    public static string MyOrdersTabAll => Get();

    public static string MyOrderNumber => Get();

    public static string MyOrderPlacedAt => Get();

    public static string MyOrderTotal => Get();

    public static string MyOrderItemCount => Get();

    public static string MyOrdersEmpty => Get();

    public static string MyOrderDetail => Get();

    public static string MyOrderBackToList => Get();

    public static string MyOrderPayNow => Get();

    public static string MyOrderPayBefore => Get();

    public static string MyOrderCancel => Get();

    public static string MyOrderConfirmReceipt => Get();

    public static string MyOrderTimeline => Get();

    public static string MyOrderLines => Get();

    public static string MyOrderProduct => Get();

    public static string MyOrderUnitPrice => Get();

    public static string MyOrderQuantity => Get();

    public static string MyOrderLineDiscount => Get();

    public static string MyOrderLinePaid => Get();

    public static string MyOrderSubtotal => Get();

    public static string MyOrderDiscount => Get();

    public static string MyOrderShippingFee => Get();

    public static string MyOrderRefunded => Get();

    public static string MyOrderAddress => Get();

    public static string MyOrderNote => Get();

    public static string MyOrderPayments => Get();

    public static string MyOrderNoPayments => Get();

    public static string MyOrderShipments => Get();

    public static string MyOrderNoShipments => Get();

    public static string MyOrderCarrier => Get();

    public static string MyOrderTracking => Get();

    public static string MyOrderCancelled => Get();

    public static string MyOrderReceived => Get();

    public static string MyOrderPaymentProcessing => Get();

    public static string SandboxTitle => Get();

    public static string SandboxHint => Get();

    public static string SandboxStore => Get();

    public static string SandboxAmount => Get();

    public static string SandboxPay => Get();

    public static string SandboxFail => Get();

    public static string SandboxNotFound => Get();

    public static string SandboxDecided => Get();

    public static string SandboxBackToStore => Get();

    public static string MyOrderChangedRetry => Get();

    public static string MyOrderStatus(OrderStatus status) => Get("MyOrderStatus_" + status);

    public static string PaymentStatusText(PaymentStatus status) => Get("PaymentStatus_" + status);

    /// <summary>A timeline entry's kind (placed, paid, payment-returned …) in words; the kind itself when it has none.</summary>
    public static string MyOrderEvent(string kind) =>
        Resources.GetString("MyOrderEvent_" + kind.Replace('-', '_'), System.Globalization.CultureInfo.CurrentUICulture) ?? kind;
}
