using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Storefront.Domain.Common;
using Storefront.Domain.Ordering;
using Storefront.Web.Infrastructure;
using Storefront.Web.Infrastructure.Behaviors;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Notifications;
using Storefront.Web.Infrastructure.Payments;

namespace Storefront.Web.Features.Ordering;

/// <summary>
/// A gateway says how a payment ended (sent by the provider's callback endpoint once it has checked the signature).
/// In one transaction: the payment is settled (<see cref="Payment.Complete"/>), and when it succeeded the order is marked
/// paid (<see cref="Order.MarkPaid"/>) and the order-paid notification goes to the outbox. Every repeat of a callback
/// already booked changes nothing and answers as the first did, so the gateway may retry freely. An amount different from
/// the payment's is refused. A successful payment for an order that can no longer take it (cancelled by its shopper or
/// by the payment timeout while the shopper was paying, or already paid by another payment) does not bring it back: the
/// payment is recorded as taken and the money is refunded at once through the gateway (a Refund row, idempotent on the
/// payment), and the timeline says so. Two writers racing on the order (the timeout job, a second delivery) meet on
/// Order.Version: the loser gets 409 and the gateway retries, then finds the outcome booked.
/// </summary>
public static class SettlePayment
{
    public sealed record Command(Guid PaymentId, bool Succeeded, decimal Amount, string Reference) : ICommand<Result>;

    /// <summary>
    /// The payment and its order after settling: <c>Outcome</c> is paid, failed, returned (refunded at once: the order could
    /// not take it) or duplicate.
    /// </summary>
    public sealed record Result(Guid PaymentId, string OrderNumber, string Outcome, PaymentStatus PaymentStatus, OrderStatus OrderStatus);

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.PaymentId).NotEmpty();
            RuleFor(c => c.Reference).NotEmpty().MaximumLength(100);
            RuleFor(c => c.Amount).GreaterThan(0).Must(Money.HasAtMostTwoDecimals);
        }
    }

    internal sealed class Handler(StorefrontDb db, IEnumerable<IPaymentGateway> gateways, PaymentFaults faults, TimeProvider clock, ILogger<Handler> log)
        : IRequestHandler<Command, Result>
    {
        public async Task<Result> Handle(Command request, CancellationToken cancellationToken)
        {
            var now = clock.GetUtcNow();
            var payment = await db.Payments.SingleOrDefaultAsync(p => p.Id == request.PaymentId, cancellationToken)
                ?? throw new NotFoundException("payment", OrderingText.PaymentNotFound);
            var order = await db.Orders.SingleAsync(o => o.Id == payment.OrderId, cancellationToken);
            if (request.Amount != payment.Amount)
            {
                throw new DomainException("payment.amount", string.Format(OrderingText.PaymentAmountMismatch, request.Amount, payment.Amount));
            }

            if (!payment.Complete(request.Succeeded, request.Reference, now))
            {
                return new Result(payment.Id, order.Number, "duplicate", payment.Status, order.Status);
            }

            if (!request.Succeeded)
            {
                log.LogInformation("Payment {PaymentId} of order {OrderNumber} failed at the gateway", payment.Id, order.Number);
                return new Result(payment.Id, order.Number, "failed", payment.Status, order.Status);
            }

            if (order.Status != OrderStatus.PendingPayment)
            {
                await ReturnAsync(order, payment, request.Reference, now, cancellationToken);
                return new Result(payment.Id, order.Number, "returned", payment.Status, order.Status);
            }

            order.MarkPaid(request.Amount, request.Reference, now);
            var email = await db.Shoppers.Where(s => s.Id == order.ShopperId).Select(s => s.Email).SingleAsync(cancellationToken);
            db.Outbox.Add(OrderNotifications.Paid(order, email ?? "", now));
            if (faults.AfterMarkPaidEnabled)
            {
                await db.SaveChangesAsync(cancellationToken);   // written inside the open transaction, not committed
                faults.AfterMarkPaid(order.Number);
            }

            return new Result(payment.Id, order.Number, "paid", payment.Status, order.Status);
        }

        /// <summary>The order cannot take this payment: refund it in full at once (idempotent on the payment) and say so in the timeline.</summary>
        private async Task ReturnAsync(Order order, Payment payment, string reference, DateTimeOffset now, CancellationToken ct)
        {
            var gateway = gateways.FirstOrDefault(g => g.Name == payment.Provider)
                ?? throw new InvalidOperationException($"No payment gateway '{payment.Provider}' is registered.");
            var key = $"returned-{payment.Id:N}";
            var refund = Refund.Request(order.TenantId, order.Id, payment.Id, payment.Amount, OrderingText.PaymentReturnedReason, key, now);
            var outcome = await gateway.RefundAsync(new GatewayRefund(order.TenantId, reference, payment.Amount, key, refund.Reason), ct);
            refund.Complete(outcome.Succeeded, outcome.Reference, now);
            db.Refunds.Add(refund);
            order.RecordReturnedPayment(payment.Amount, reference, outcome.Reference ?? outcome.Error ?? "", now);
            log.LogWarning("Payment {PaymentId} of {Amount} arrived for order {OrderNumber} in status {OrderStatus}: refunded ({RefundSucceeded})",
                payment.Id, payment.Amount, order.Number, order.Status, outcome.Succeeded);
        }
    }
}
