using MediatR;
using Microsoft.EntityFrameworkCore;
using Storefront.Domain.AfterSales;
using Storefront.Domain.Ordering;
using Storefront.Web.Infrastructure.Behaviors;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Tenancy;

namespace Storefront.Web.Features.Ordering;

/// <summary>
/// One batch of auto-confirm (自动确认收货) in the current store: claims shipped orders whose auto-confirm time has
/// passed (<c>FOR UPDATE SKIP LOCKED</c>) and completes them (<see cref="Order.AutoCompleteIfDue"/>). The time was set
/// when the last parcel shipped, from the store's auto-confirm days at that moment. An order with an open after-sales
/// case (<see cref="AfterSalesCase.IsOpenStatus"/>) waits: it completes on the first pass after its cases end.
/// </summary>
public static class AutoConfirmOrders
{
    public const int BatchSize = 100;

    public sealed record Command : ICommand<Result>;

    public sealed record Result(int Claimed, int Completed);

    internal sealed class Handler(StorefrontDb db, TenantContext tenant, TimeProvider clock, ILogger<Command> log) : IRequestHandler<Command, Result>
    {
        public async Task<Result> Handle(Command request, CancellationToken cancellationToken)
        {
            var now = clock.GetUtcNow();
            var open = AfterSalesCase.OpenStatuses.Select(s => s.ToString()).ToArray();
            var ids = await db.Database.SqlQuery<Guid>($"""
                select id as "Value" from orders
                where tenant_id = {tenant.RequiredId} and status = 'Shipped' and auto_confirm_at <= {now}
                  and not exists (select 1 from aftersales_cases c where c.tenant_id = orders.tenant_id and c.order_id = orders.id
                                  and c.status = any({open}))
                order by auto_confirm_at
                limit {BatchSize}
                for update skip locked
                """).ToListAsync(cancellationToken);
            var due = ids.Count == 0 ? [] : await db.Orders.Where(o => ids.Contains(o.Id)).ToListAsync(cancellationToken);

            var completed = 0;
            // By shopper: the member locks (Membership) are taken in one order by every instance, so two batches never deadlock.
            foreach (var order in due.OrderBy(o => o.ShopperId))
            {
                if (order.AutoCompleteIfDue(now))
                {
                    completed++;
                    await Members.Membership.OrderCompletedAsync(db, order, now, cancellationToken);   // points earned, tier regraded
                    log.LogInformation("Order {OrderNumber} completed: auto-confirm time {AutoConfirmAt} passed", order.Number, order.AutoConfirmAt);
                }
            }

            return new Result(due.Count, completed);
        }
    }
}
