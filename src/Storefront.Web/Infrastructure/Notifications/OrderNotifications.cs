using Storefront.Domain.Notifications;
using Storefront.Domain.Ordering;
using Storefront.Web.Infrastructure.Tenancy;

namespace Storefront.Web.Infrastructure.Notifications;

/// <summary>
/// The notifications an order sends (placed, paid, shipped, cancelled), as outbox messages. Add the message to the
/// DbContext in the same command that makes the change, so it is sent exactly when the change commits.
/// </summary>
public static class OrderNotifications
{
    public static OutboxMessage Placed(Order order, StoreInfo? store, string email, DateTimeOffset now) =>
        Message(order, "order.placed", email, $"订单 {order.Number} 已提交，待付款",
            $"您的订单 {order.Number} 已提交，应付 ¥{order.Total:0.00}，请在 {StoreTime.Format(store, order.PaymentDueAt)} 前完成支付。", now);

    public static OutboxMessage Paid(Order order, string email, DateTimeOffset now) =>
        Message(order, "order.paid", email, $"订单 {order.Number} 付款成功", $"我们已收到订单 {order.Number} 的付款 ¥{order.Total:0.00}，商家将尽快发货。", now);

    public static OutboxMessage Shipped(Order order, Shipment parcel, string email, DateTimeOffset now) =>
        Message(order, "order.shipped", email, $"订单 {order.Number} 已发货", $"订单 {order.Number} 已发货：{parcel.Carrier}，运单号 {parcel.TrackingNumber}。", now);

    public static OutboxMessage Cancelled(Order order, string email, DateTimeOffset now) =>
        Message(order, "order.cancelled", email, $"订单 {order.Number} 已取消", $"订单 {order.Number} 已取消：{order.CancelReason}", now);

    private static OutboxMessage Message(Order order, string kind, string email, string subject, string body, DateTimeOffset now) =>
        OutboxMessage.Create(order.TenantId, kind, email, subject, body, now);
}
