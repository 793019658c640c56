using Microsoft.EntityFrameworkCore;
using Storefront.Domain.AfterSales;
using Storefront.Domain.Notifications;
using Storefront.Web.Infrastructure.Data;

namespace Storefront.Web.Features.AfterSales;

/// <summary>
/// What the shopper is told about their case (approved, auto-approved, rejected, refunded with the amount, exchange
/// shipped), as outbox messages to the shopper's e-mail, the same outbox the order notifications use
/// (<see cref="Ordering.SendOutbox"/> sends them through <see cref="Infrastructure.Notifications.INotificationSender"/>).
/// Queue the message in the command that makes the change, so it is sent exactly when the change commits.
/// </summary>
internal static class CaseNotifications
{
    public const string Approved = "aftersales.approved";
    public const string AutoApproved = "aftersales.auto-approved";
    public const string Rejected = "aftersales.rejected";
    public const string Refunded = "aftersales.refunded";
    public const string ExchangeShipped = "aftersales.exchange-shipped";

    /// <summary>Queues the message of <paramref name="kind"/> about <paramref name="case"/>; nothing when the shopper has no e-mail.</summary>
    public static async Task QueueAsync(StorefrontDb db, AfterSalesCase @case, string kind, DateTimeOffset now, CancellationToken ct)
    {
        var email = await db.Shoppers.AsNoTracking().Where(s => s.Id == @case.ShopperId).Select(s => s.Email).SingleOrDefaultAsync(ct);
        if (string.IsNullOrEmpty(email))
        {
            return;
        }

        var what = $"订单 {@case.OrderNumber} 中「{@case.ProductName}」×{@case.Quantity} 的{@case.Kind.Label()}申请";
        var (subject, body) = kind switch
        {
            Approved when @case.Kind == AfterSalesKind.RefundOnly =>
                ($"订单 {@case.OrderNumber} 售后申请已同意", $"{what}商家已同意，将退款 ¥{@case.RefundAmount:0.00}。"),
            Approved =>
                ($"订单 {@case.OrderNumber} 售后申请已同意，请寄回商品", $"{what}商家已同意。请将商品寄回：{@case.ReturnAddress}，并在售后详情中填写退货快递单号。"),
            AutoApproved =>
                ($"订单 {@case.OrderNumber} 售后申请已自动同意", $"商家未在规定时间内处理，系统已自动同意{what}，将退款 ¥{@case.RefundAmount:0.00}。"),
            Rejected =>
                ($"订单 {@case.OrderNumber} 售后申请未通过", $"{what}商家未同意，原因：{@case.RejectReason}"),
            Refunded =>
                ($"订单 {@case.OrderNumber} 售后退款 ¥{@case.RefundAmount:0.00} 已退回", $"{what}已退款 ¥{@case.RefundAmount:0.00}，款项将原路退回。"),
            ExchangeShipped =>
                ($"订单 {@case.OrderNumber} 换货已发出", $"{what}的新商品已发出：{@case.ExchangeCarrier}，运单号 {@case.ExchangeTrackingNumber}。"),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a case notification."),
        };
        db.Outbox.Add(OutboxMessage.Create(@case.TenantId, kind, email, subject, body, now));
    }
}
