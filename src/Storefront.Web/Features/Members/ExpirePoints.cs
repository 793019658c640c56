using MediatR;
using Microsoft.EntityFrameworkCore;
using Storefront.Domain.Members;
using Storefront.Web.Infrastructure.Behaviors;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Tenancy;

namespace Storefront.Web.Features.Members;

/// <summary>
/// One batch of points expiry in the current store: claims the member accounts that have ledger lots past their expiry
/// with points left (<c>FOR UPDATE SKIP LOCKED</c>: several instances never expire a lot twice), then those lots, in the
/// lock order every spender uses (account, then lots: no deadlock with a checkout spending points), writes an Expired
/// entry for what was left of each and takes it from the balance (a conditional UPDATE that never goes below zero).
/// </summary>
public static class ExpirePoints
{
    public const int BatchSize = 200;

    public sealed record Command : ICommand<Result>;

    public sealed record Result(int Claimed, int Points);

    internal sealed class Handler(StorefrontDb db, TenantContext tenant, TimeProvider clock, ILogger<Command> log) : IRequestHandler<Command, Result>
    {
        public async Task<Result> Handle(Command request, CancellationToken cancellationToken)
        {
            var tenantId = tenant.RequiredId;
            var now = clock.GetUtcNow();
            // Locks in the order every spender takes them (checkout, adjustments): the member account first, then its lots.
            // Accounts someone else holds right now (a checkout spending points, another instance) wait for the next pass.
            var shoppers = await db.Database.SqlQuery<Guid>($"""
                select a.shopper_id as "Value" from member_accounts a
                where a.tenant_id = {tenantId}
                  and exists (select 1 from points_entries e
                              where e.tenant_id = a.tenant_id and e.shopper_id = a.shopper_id and e.remaining > 0 and e.expires_at <= {now})
                order by a.shopper_id
                limit {BatchSize}
                for update of a skip locked
                """).ToListAsync(cancellationToken);
            if (shoppers.Count == 0)
            {
                return new Result(0, 0);
            }

            var ids = await db.Database.SqlQuery<Guid>($"""
                select id as "Value" from points_entries
                where tenant_id = {tenantId} and shopper_id = any({shoppers.ToArray()}) and remaining > 0 and expires_at <= {now}
                order by id
                for update
                """).ToListAsync(cancellationToken);
            var lots = await db.PointsEntries.Where(e => ids.Contains(e.Id)).OrderBy(e => e.ShopperId).ToListAsync(cancellationToken);
            var total = 0;
            foreach (var lot in lots)
            {
                var left = lot.Consume(lot.Remaining);
                await db.Database.ExecuteSqlAsync($"""
                    update member_accounts set points_balance = points_balance - least(points_balance, {left})
                    where tenant_id = {tenantId} and shopper_id = {lot.ShopperId}
                    """, cancellationToken);
                db.PointsEntries.Add(PointsEntry.Create(tenantId, lot.ShopperId, PointsEntryKind.Expired, -left, lot.OrderId, lot.Note, null, now));
                total += left;
            }

            log.LogInformation("{Points} points of {Lots} lots expired", total, lots.Count);
            return new Result(ids.Count, total);
        }
    }
}
