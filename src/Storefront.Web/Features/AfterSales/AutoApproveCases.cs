using MediatR;
using Microsoft.EntityFrameworkCore;
using Storefront.Domain.AfterSales;
using Storefront.Domain.Common;
using Storefront.Domain.Ordering;
using Storefront.Web.Infrastructure.Behaviors;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Payments;
using Storefront.Web.Infrastructure.Tenancy;

namespace Storefront.Web.Features.AfterSales;

/// <summary>
/// One batch of the platform rule that protects shoppers (超时自动同意): a 仅退款 case the merchant did not answer by its
/// deadline is approved by the system (<see cref="AfterSalesCase.AutoApproveIfDue"/>) <b>and refunded at once</b>
/// (<see cref="CaseRefunds"/>): nobody on the merchant's side is answering, so waiting for them to press "refund" would
/// leave the shopper where they were. Returns and exchanges are not auto-approved (the goods must come back first); they
/// show as overdue in the queue. Claims the cases with their orders <c>FOR UPDATE SKIP LOCKED</c> (a merchant working on
/// the order, or another instance, is skipped and tried on the next pass). An auto-approved case whose refund the
/// gateway refused stays approved and is tried again on the next pass.
/// </summary>
public static class AutoApproveCases
{
    public const int BatchSize = 20;

    public sealed record Command : ICommand<Result>;

    public sealed record Result(int Claimed, int Approved, int Refunded);

    internal sealed class Handler(StorefrontDb db, TenantContext tenant, IEnumerable<IPaymentGateway> gateways, TimeProvider clock, ILogger<Command> log)
        : IRequestHandler<Command, Result>
    {
        public async Task<Result> Handle(Command request, CancellationToken cancellationToken)
        {
            var now = clock.GetUtcNow();
            var ids = await db.Database.SqlQuery<Guid>($"""
                select c.id as "Value" from aftersales_cases c
                join orders o on o.tenant_id = c.tenant_id and o.id = c.order_id
                where c.tenant_id = {tenant.RequiredId} and c.kind = 'RefundOnly'
                  and ((c.status = 'Requested' and c.answer_due_at <= {now}) or (c.status = 'Approved' and c.auto_approved and c.refunded_at is null))
                order by c.answer_due_at
                limit {BatchSize}
                for update of c, o skip locked
                """).ToListAsync(cancellationToken);
            var (approved, refunded) = (0, 0);
            foreach (var id in ids)
            {
                var @case = await db.AfterSalesCases.Include(c => c.Events).SingleAsync(c => c.Id == id, cancellationToken);
                if (@case.AutoApproveIfDue(now))
                {
                    approved++;
                    await CaseNotifications.QueueAsync(db, @case, CaseNotifications.AutoApproved, now, cancellationToken);
                    log.LogInformation(
                        "Case {CaseId} of order {OrderNumber} approved by the system: answer due {AnswerDueAt}", @case.Id, @case.OrderNumber,
                        @case.AnswerDueAt);
                }

                if (@case.Status != AfterSalesStatus.Approved)
                {
                    continue;
                }

                var order = await CaseOrders.LoadAsync(db, @case.OrderId, cancellationToken);
                try
                {
                    if (order is not null && await CaseRefunds.RefundAsync(db, gateways, order, @case, OrderActor.System, now, log, cancellationToken))
                    {
                        refunded++;
                    }
                }
                catch (DomainException e)
                {
                    log.LogWarning("Auto-approved case {CaseId} not refunded yet: {Reason}", @case.Id, e.Message);
                }
            }

            return new Result(ids.Count, approved, refunded);
        }
    }
}
