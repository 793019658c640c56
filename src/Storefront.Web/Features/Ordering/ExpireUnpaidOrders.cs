using MediatR;
using Microsoft.EntityFrameworkCore;
using Storefront.Domain.Ordering;
using Storefront.Web.Features.Promotions;
using Storefront.Web.Infrastructure.Behaviors;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Notifications;
using Storefront.Web.Infrastructure.Tenancy;

namespace Storefront.Web.Features.Ordering;

/// <summary>
/// One batch of the payment timeout in the current store: claims unpaid orders whose payment due time has passed
/// (<c>FOR UPDATE SKIP LOCKED</c>, so two app instances never take the same order, and an order being paid right now
/// is skipped until its payment commits), cancels each (<see cref="Order.ExpireIfUnpaid"/>), releases its reserved
/// stock and queues the cancellation e-mail, all in the command's transaction. The due time was fixed when the order
/// was placed, from the store's payment timeout at that moment.
/// </summary>
public static class ExpireUnpaidOrders
{
    public const int BatchSize = 100;

    public sealed record Command : ICommand<Result>;

    /// <param name="Claimed">Due orders taken in this batch; a full batch means there may be more.</param>
    /// <param name="Expired">Orders cancelled.</param>
    public sealed record Result(int Claimed, int Expired);

    internal sealed class Handler(StorefrontDb db, TenantContext tenant, TimeProvider clock, ILogger<Command> log) : IRequestHandler<Command, Result>
    {
        public async Task<Result> Handle(Command request, CancellationToken cancellationToken)
        {
            var now = clock.GetUtcNow();
            // Claimed by id (EF cannot map an order's address columns from raw SQL); the row locks hold until commit.
            var ids = await db.Database.SqlQuery<Guid>($"""
                select id as "Value" from orders
                where tenant_id = {tenant.RequiredId} and status = 'PendingPayment' and payment_due_at <= {now}
                order by payment_due_at
                limit {BatchSize}
                for update skip locked
                """).ToListAsync(cancellationToken);
            if (ids.Count == 0)
            {
                return new Result(0, 0);
            }

            var due = await db.Orders.Include(o => o.Lines).AsSplitQuery().Where(o => ids.Contains(o.Id)).ToListAsync(cancellationToken);
            var emails = await ShopperEmails.ForAsync(db, due.Select(o => o.ShopperId), cancellationToken);

            // Every expired order's stock in one movement first (SkuStock: all SKUs before any product, in id order), then
            // what each took from promotions, in the same lock order as placing.
            var expired = due.Where(o => o.ExpireIfUnpaid(now)).ToList();
            await SkuStock.ReleaseAsync(db, expired, cancellationToken);
            foreach (var order in expired)
            {
                await CheckoutPromotions.GiveBackAsync(db, order, now, cancellationToken);
                if (emails.GetValueOrDefault(order.ShopperId) is { Length: > 0 } email)
                {
                    db.Outbox.Add(OrderNotifications.Cancelled(order, email, now));
                }

                log.LogInformation("Order {OrderNumber} cancelled: payment due at {PaymentDueAt} was not made", order.Number, order.PaymentDueAt);
            }

            return new Result(due.Count, expired.Count);
        }
    }
}

/// <summary>The e-mail addresses of some shoppers of the current store, by id.</summary>
internal static class ShopperEmails
{
    public static async Task<Dictionary<Guid, string>> ForAsync(StorefrontDb db, IEnumerable<Guid> shopperIds, CancellationToken ct)
    {
        var ids = shopperIds.Distinct().ToList();
        return await db.Shoppers.AsNoTracking().Where(s => ids.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => s.Email, ct);
    }
}
