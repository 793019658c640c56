using System.Text.Json;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Storefront.Domain.Common;
using Storefront.Domain.Ordering;
using Storefront.Web.Features.Promotions;
using Storefront.Web.Infrastructure;
using Storefront.Web.Infrastructure.Behaviors;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Identity;
using Storefront.Web.Infrastructure.Notifications;
using Storefront.Web.Infrastructure.Payments;
using Storefront.Web.Infrastructure.Tenancy;

namespace Storefront.Web.Features.Ordering.Admin;

/// <summary>
/// Staff cancel an order before anything shipped: an unpaid one simply, a paid one with a full refund through the
/// gateway it was paid with. The reserved stock goes back, the shopper is told, and the audit log records the
/// cancellation and the refund.
/// </summary>
/// <remarks>
/// Refunding once, whatever happens: the order row is locked first (<c>FOR UPDATE</c>), so two requests for the same
/// order run one after the other, and the second finds it cancelled with its refund and answers the same result. The
/// refund's idempotency key is deterministic, <c>cancel:{orderId}</c>, unique in the store and passed to the gateway:
/// if the process dies after the gateway refunded but before this transaction commits, nothing here was kept, and the
/// retry asks the gateway again with the same key, which answers the first refund instead of paying twice. A refused
/// refund rolls everything back (409): the order stays paid and can be cancelled again.
/// </remarks>
public static class CancelOrderWithRefund
{
    public sealed record Command : ICommand<Result>
    {
        public string Number { get; set; } = "";

        public string Reason { get; set; } = "";
    }

    public sealed record Result(string Number, OrderStatus Status, decimal RefundedAmount, RefundStatus? RefundStatus, string? RefundReference);

    public static string RefundKey(Guid orderId) => $"cancel:{orderId}";

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Number).NotEmpty();
            RuleFor(c => c.Reason).Must(r => !string.IsNullOrWhiteSpace(r)).WithMessage(_ => OrderingText.CancelReasonRequired)
                .MaximumLength(Order.ReasonMaxLength).WithMessage(_ => string.Format(OrderingText.CancelReasonTooLong, Order.ReasonMaxLength));
        }
    }

    internal sealed class Handler(
        StorefrontDb db, TenantContext tenant, CurrentUser user, IEnumerable<IPaymentGateway> gateways, TimeProvider clock, ILogger<Command> log)
        : IRequestHandler<Command, Result>
    {
        public async Task<Result> Handle(Command request, CancellationToken cancellationToken)
        {
            var tenantId = tenant.RequiredId;
            var number = request.Number.Trim();
            // Lock the order row first: a second request for the same order waits here, then sees what the first did.
            var locked = await db.Database.SqlQuery<Guid>($"""
                select id as "Value" from orders where tenant_id = {tenantId} and number = {number} for update
                """).ToListAsync(cancellationToken);
            if (locked.Count == 0)
            {
                throw new NotFoundException("order", OrderingText.NotFound);
            }

            var orderId = locked[0];
            var order = await db.Orders.Include(o => o.Lines).Include(o => o.Shipments).AsSplitQuery()
                .SingleAsync(o => o.Id == orderId, cancellationToken);

            var key = RefundKey(order.Id);
            if (order.Status == OrderStatus.Cancelled
                && await db.Refunds.AsNoTracking().SingleOrDefaultAsync(r => r.IdempotencyKey == key, cancellationToken) is { } done)
            {
                // The same cancellation asked again (a double click, a retry): it happened once; answer what it did.
                return new Result(order.Number, order.Status, order.RefundedAmount, done.Status, done.ProviderReference);
            }

            var now = clock.GetUtcNow();
            var actor = OrderActor.Staff(user.Id);
            order.Cancel(actor, request.Reason, now);
            await SkuStock.ReleaseAsync(db, order, cancellationToken);
            await CheckoutPromotions.GiveBackAsync(db, order, now, cancellationToken);
            db.AuditLog.Add(AuditEntry.Record(tenantId, user.Id, "order.cancelled", order.Id.ToString(),
                JsonSerializer.Serialize(new { order.Number, Reason = order.CancelReason, Paid = order.PaidAt is not null }), now));

            Refund? refund = null;
            if (order.RefundDue > 0)
            {
                refund = await RefundAsync(order, key, actor, now, cancellationToken);
            }

            var email = await db.Shoppers.AsNoTracking().Where(s => s.Id == order.ShopperId).Select(s => s.Email).SingleOrDefaultAsync(cancellationToken);
            if (!string.IsNullOrEmpty(email))
            {
                db.Outbox.Add(OrderNotifications.Cancelled(order, email, now));
            }

            return new Result(order.Number, order.Status, order.RefundedAmount, refund?.Status, refund?.ProviderReference);
        }

        private async Task<Refund> RefundAsync(Order order, string key, OrderActor actor, DateTimeOffset now, CancellationToken ct)
        {
            var payment = await db.Payments.AsNoTracking()
                .Where(p => p.OrderId == order.Id && p.Status == PaymentStatus.Succeeded)
                .OrderByDescending(p => p.CompletedAt).FirstOrDefaultAsync(ct)
                ?? throw new DomainException("refund.payment", OrderingText.CancelRefundNoPayment, isConflict: true);
            var gateway = gateways.FirstOrDefault(g => g.Name == payment.Provider)
                ?? throw new DomainException("refund.gateway", string.Format(OrderingText.CancelRefundNoGateway, payment.Provider), isConflict: true);

            var refund = Refund.Request(order.TenantId, order.Id, payment.Id, order.RefundDue, order.CancelReason ?? "", key, now);
            db.Refunds.Add(refund);
            var answer = await gateway.RefundAsync(
                new GatewayRefund(order.TenantId, payment.ProviderReference ?? order.PaymentReference ?? "", refund.Amount, key, refund.Reason), ct);
            if (!answer.Succeeded)
            {
                log.LogWarning("Refund of order {OrderNumber} refused by {Provider}: {Error}", order.Number, payment.Provider, answer.Error);
                throw new DomainException("refund.failed", string.Format(OrderingText.CancelRefundFailed, answer.Error), isConflict: true);
            }

            refund.Complete(true, answer.Reference, now);
            order.RecordRefund(refund.Amount, answer.Reference ?? key, actor, now);
            await Members.Membership.OrderRefundedAsync(db, order, refund.Amount, now, ct);   // earned points reversed, tier regraded
            db.AuditLog.Add(AuditEntry.Record(order.TenantId, actor.Id, "order.refunded", order.Id.ToString(),
                JsonSerializer.Serialize(new { order.Number, refund.Amount, Key = key, answer.Reference, payment.Provider }), now));
            log.LogInformation(
                "Order {OrderNumber} refunded {Amount} through {Provider} ({Reference})", order.Number, refund.Amount, payment.Provider, answer.Reference);
            return refund;
        }
    }

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/admin/orders/{number}/cancel", async (string number, [FromBody] Command command, IMediator mediator, CancellationToken ct) =>
            TypedResults.Ok(await mediator.Send(command with { Number = number }, ct)))
            .RequireAuthorization(Policies.Orders).WithTags("Admin orders")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
}
