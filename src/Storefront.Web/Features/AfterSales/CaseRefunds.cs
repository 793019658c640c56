using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Storefront.Domain.AfterSales;
using Storefront.Domain.Common;
using Storefront.Domain.Members;
using Storefront.Domain.Ordering;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Payments;

namespace Storefront.Web.Features.AfterSales;

/// <summary>
/// Pays a case's refund, once: the caller holds the order's row lock (<see cref="CaseOrders"/>). The amount is quoted
/// again against the order's other cases as they are now (<see cref="AfterSalesCase.Requote"/>), then refunded through the
/// gateway the order was paid with under the case's key <c>case:{id}</c> (a <see cref="Refund"/> row keyed by it, unique in
/// the store: a retry after a crash asks the gateway again with the same key, and the gateway answers the first refund).
/// Then: <see cref="Order.RecordRefund"/>, the case marked refunded, the points spent returned and the points earned on
/// the refunded amount reversed in the member ledger, the coupon given back when the case completes a whole-order
/// refund while it is still valid, the units of a 仅退款 refunded before shipping taken off the order (see
/// <see cref="UnshippedUnitsLeaveAsync"/>), and the shopper's e-mail naming the amount. A case already refunded is answered
/// as it is (two parallel refunds pay once).
/// </summary>
internal static class CaseRefunds
{
    /// <summary>True when this call paid the refund; false when the case was already refunded.</summary>
    public static async Task<bool> RefundAsync(
        StorefrontDb db, IEnumerable<IPaymentGateway> gateways, Order order, AfterSalesCase @case, OrderActor actor, DateTimeOffset now, ILogger log,
        CancellationToken ct)
    {
        if (@case.RefundedAt is not null)
        {
            return false;
        }

        var ready = @case.Kind switch
        {
            AfterSalesKind.RefundOnly => @case.Status == AfterSalesStatus.Approved,
            AfterSalesKind.ReturnAndRefund => @case.Status == AfterSalesStatus.Received,
            _ => false,
        };
        if (!ready)
        {
            throw new DomainException("aftersales.refund", @case.Kind == AfterSalesKind.Exchange ? AfterSalesText.RefundExchange
                : @case.Kind == AfterSalesKind.RefundOnly ? AfterSalesText.RefundNotApproved : AfterSalesText.RefundNotReceived, isConflict: true);
        }

        var others = (await CaseOrders.CasesAsync(db, order.Id, ct)).Where(c => c.Id != @case.Id).ToList();
        var policy = await CaseOrders.PolicyAsync(db, order.TenantId, ct);
        var couponUntil = await CaseOrders.CouponValidUntilAsync(db, order, ct);
        @case.Requote(order, others, policy, couponUntil, now, await CaseOrders.PromotionsAsync(db, order, policy, ct));

        var key = @case.RefundIdempotencyKey;
        var reference = key;
        if (@case.RefundAmount > 0)
        {
            var payment = await db.Payments.AsNoTracking()
                .Where(p => p.OrderId == order.Id && p.Status == PaymentStatus.Succeeded)
                .OrderByDescending(p => p.CompletedAt).FirstOrDefaultAsync(ct)
                ?? throw new DomainException("refund.payment", OrderingText.CancelRefundNoPayment, isConflict: true);
            var gateway = gateways.FirstOrDefault(g => g.Name == payment.Provider)
                ?? throw new DomainException("refund.gateway", string.Format(OrderingText.CancelRefundNoGateway, payment.Provider), isConflict: true);
            var refund = Refund.Request(order.TenantId, order.Id, payment.Id, @case.RefundAmount,
                $"{@case.Kind.Label()} {@case.ProductName} ×{@case.Quantity}", key, now);
            db.Refunds.Add(refund);
            var answer = await gateway.RefundAsync(
                new GatewayRefund(order.TenantId, payment.ProviderReference ?? order.PaymentReference ?? "", refund.Amount, key, refund.Reason), ct);
            if (!answer.Succeeded)
            {
                log.LogWarning(
                    "Refund of case {CaseId} (order {OrderNumber}) refused by {Provider}: {Error}", @case.Id, order.Number, payment.Provider, answer.Error);
                throw new DomainException("refund.failed", string.Format(AfterSalesText.RefundFailed, answer.Error), isConflict: true);
            }

            refund.Complete(true, answer.Reference, now);
            reference = answer.Reference ?? key;
            order.RecordRefund(refund.Amount, reference, actor, now);
        }

        @case.MarkRefunded(reference, actor, now);
        await ReturnPointsAsync(db, order, @case, now, ct);
        if (@case.ReturnsCoupon && order.ShopperCouponId is { } couponId
            && await db.ShopperCoupons.SingleOrDefaultAsync(c => c.Id == couponId, ct) is { } coupon)
        {
            coupon.Return(order.Id, now);
        }

        if (@case.Kind == AfterSalesKind.RefundOnly && order.Status == OrderStatus.Paid)
        {
            await UnshippedUnitsLeaveAsync(db, order, @case, actor, now, ct);
        }

        await CaseNotifications.QueueAsync(db, @case, CaseNotifications.Refunded, now, ct);
        db.AuditLog.Add(AuditEntry.Record(order.TenantId, actor.Id, "aftersales.refunded", @case.Id.ToString(),
            JsonSerializer.Serialize(
                new { order.Number, @case.RefundAmount, Key = key, Reference = reference, @case.PointsToReturn, @case.PointsToReverse, @case.ReturnsCoupon }),
            now));
        log.LogInformation("Case {CaseId} of order {OrderNumber} refunded {Amount} ({Reference})", @case.Id, order.Number, @case.RefundAmount, reference);
        return true;
    }

    /// <summary>
    /// A 仅退款 case refunded while the order is 待发货: its units leave the order (<see cref="Order.RefundUnshippedUnits"/>:
    /// no longer shipped), their reserved stock goes back (announcing a SKU back from sold out, <see cref="SkuStock"/>) and
    /// so does their 秒杀 quota. When they were the order's last units to ship, the order is cancelled (全部退款, recorded
    /// with the actor; audit log and the shopper's cancellation e-mail), or, with parcels already shipped, moves on to
    /// 已发货 (auto-confirm as usual). Points spent and the coupon came back with the cases, so the cancellation gives back
    /// nothing more (unlike <see cref="Promotions.CheckoutPromotions.GiveBackAsync"/>). Shipping waits while such a case is
    /// open (<see cref="CaseOrders.HeldForRefundAsync"/>), so its units are still to ship; should any have shipped anyway
    /// (a case from before that rule), only what is still to ship leaves.
    /// </summary>
    private static async Task UnshippedUnitsLeaveAsync(
        StorefrontDb db, Order order, AfterSalesCase @case, OrderActor actor, DateTimeOffset now, CancellationToken ct)
    {
        var line = order.Lines.Single(l => l.Id == @case.OrderLineId);
        var units = Math.Min(@case.Quantity, line.UnshippedQuantity);
        if (units == 0)
        {
            return;
        }

        var autoConfirmDays = await db.Stores.AsNoTracking().Where(s => s.Id == order.TenantId).Select(s => s.AutoConfirmDays).SingleAsync(ct);
        order.RefundUnshippedUnits(line.Id, units, actor, TimeSpan.FromDays(autoConfirmDays), now);
        await SkuStock.ReleaseAsync(db, order.TenantId, [(line.SkuId, units)], ct);
        await Promotions.CheckoutPromotions.GiveBackFlashAsync(db, order, [(line, units)], ct);
        if (order.Status != OrderStatus.Cancelled)
        {
            return;
        }

        db.AuditLog.Add(AuditEntry.Record(order.TenantId, actor.Id, "order.cancelled", order.Id.ToString(),
            JsonSerializer.Serialize(new { order.Number, Reason = order.CancelReason, Paid = true, order.RefundedAmount }), now));
        var email = await db.Shoppers.AsNoTracking().Where(s => s.Id == order.ShopperId).Select(s => s.Email).SingleOrDefaultAsync(ct);
        if (!string.IsNullOrEmpty(email))
        {
            db.Outbox.Add(Infrastructure.Notifications.OrderNotifications.Cancelled(order, email, now));
        }
    }

    /// <summary>
    /// The member ledger after a refund, through <see cref="Members.Membership"/> (the shopper's member lock, conditional
    /// UPDATEs): points spent on the refunded units come back (<see cref="PointsEntryKind.Returned"/>, expiring as the order's
    /// spent points would have), points earned on the refunded amount are taken back (<see cref="PointsEntryKind.Reversed"/>,
    /// from the earned lots, never below a zero balance), and the shopper is regraded (growth counts what was kept).
    /// </summary>
    private static async Task ReturnPointsAsync(StorefrontDb db, Order order, AfterSalesCase @case, DateTimeOffset now, CancellationToken ct)
    {
        await db.SaveChangesAsync(ct);   // the order's refunded amount, for the growth sum
        await Members.Membership.LockAsync(db, order.ShopperId, ct);
        await Members.Membership.EnsureAccountAsync(db, order.ShopperId, now, ct);
        if (@case.PointsToReturn > 0)
        {
            var programme = await Members.Membership.ProgrammeAsync(db, ct);
            await Members.Membership.AddAsync(db, PointsEntry.Create(order.TenantId, order.ShopperId, PointsEntryKind.Returned, @case.PointsToReturn, order.Id,
                order.Number, programme.ExpiryFor(order.PlacedAt), now), ct);
        }

        if (@case.PointsToReverse > 0)
        {
            await Members.Membership.TakeAsync(db, order.ShopperId, @case.PointsToReverse, PointsEntryKind.Reversed, order.Id, order.Number, now, ct);
        }

        await Members.Membership.RegradeAsync(db, order.ShopperId, now, ct);
    }
}
