using MediatR;
using Microsoft.EntityFrameworkCore;
using Storefront.Domain.AfterSales;
using Storefront.Domain.Notifications;
using Storefront.Domain.Tenancy;
using Storefront.Web.Infrastructure.Behaviors;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Tenancy;

namespace Storefront.Web.Features.AfterSales;

/// <summary>
/// One batch of the complaint deadline (投诉超时提醒) in the current store: claims open complaints whose answer time has
/// passed and that were not flagged yet (<c>FOR UPDATE SKIP LOCKED</c>: two instances never take the same one), flags
/// each once (<see cref="Complaint.FlagOverdue"/>, shown on /admin/complaints) and tells customer service: an outbox
/// e-mail to every staff member of the store with the CustomerService or Owner role.
/// </summary>
public static class FlagOverdueComplaints
{
    public const int BatchSize = 50;

    public const string Kind = "complaint.overdue";

    public sealed record Command : ICommand<Result>;

    public sealed record Result(int Claimed, int Flagged);

    internal sealed class Handler(StorefrontDb db, TenantContext tenant, TimeProvider clock, ILogger<Command> log) : IRequestHandler<Command, Result>
    {
        public async Task<Result> Handle(Command request, CancellationToken cancellationToken)
        {
            var tenantId = tenant.RequiredId;
            var now = clock.GetUtcNow();
            var ids = await db.Database.SqlQuery<Guid>($"""
                select id as "Value" from complaints
                where tenant_id = {tenantId} and status = 'Open' and answer_due_at <= {now} and overdue_flagged_at is null
                order by answer_due_at
                limit {BatchSize}
                for update skip locked
                """).ToListAsync(cancellationToken);
            if (ids.Count == 0)
            {
                return new Result(0, 0);
            }

            var complaints = await db.Complaints.Where(c => ids.Contains(c.Id)).OrderBy(c => c.AnswerDueAt).ToListAsync(cancellationToken);
            var staffIds = await db.StaffRoles.AsNoTracking()
                .Where(r => r.Role == StoreRole.CustomerService || r.Role == StoreRole.Owner).Select(r => r.StaffId).Distinct().ToListAsync(cancellationToken);
            var emails = await db.StaffAccounts.AsNoTracking()
                .Where(a => staffIds.Contains(a.Id))
                .Select(a => a.Email)
                .OrderBy(e => e)
                .ToListAsync(cancellationToken);

            var flagged = 0;
            foreach (var complaint in complaints.Where(c => c.FlagOverdue(now)))
            {
                flagged++;
                foreach (var email in emails)
                {
                    db.Outbox.Add(OutboxMessage.Create(tenantId, Kind, email, $"投诉超时未处理：订单 {complaint.OrderNumber}",
                        $"订单 {complaint.OrderNumber} 的投诉（{Complaint.Label(complaint.Kind)}）"
                        + $"应在 {StoreTime.Format(tenant.Store, complaint.AnswerDueAt)}（{StoreTime.Zone(tenant.Store).Id} 时间）前答复，至今未处理："
                        + Storefront.Domain.Privacy.PersonalData.MaskPhonesIn(complaint.Text), now));   // a staff e-mail: phones masked (issue 19)
                }

                log.LogInformation(
                    "Complaint {ComplaintId} on order {OrderNumber} overdue since {AnswerDueAt}: customer service told", complaint.Id, complaint.OrderNumber,
                    complaint.AnswerDueAt);
            }

            return new Result(ids.Count, flagged);
        }
    }
}
