using MediatR;
using Microsoft.EntityFrameworkCore;
using Storefront.Web.Infrastructure.Behaviors;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Tenancy;

namespace Storefront.Web.Features.Members;

/// <summary>
/// One batch of the daily regrade in the current store: claims member accounts not regraded for a day
/// (<c>FOR UPDATE SKIP LOCKED</c>, so several instances share the work), recomputes their growth over the rolling window
/// (orders age out of it) and moves their tier to match. Tier changes on completion and refund happen at once elsewhere
/// (<see cref="Membership"/>); this catches the ones time alone makes.
/// </summary>
public static class RegradeMembers
{
    public const int BatchSize = 200;

    public sealed record Command : ICommand<Result>;

    public sealed record Result(int Claimed, int Changed);

    internal sealed class Handler(StorefrontDb db, TenantContext tenant, TimeProvider clock, ILogger<Command> log) : IRequestHandler<Command, Result>
    {
        public async Task<Result> Handle(Command request, CancellationToken cancellationToken)
        {
            var now = clock.GetUtcNow();
            var stale = now.AddDays(-1);
            var ids = await db.Database.SqlQuery<Guid>($"""
                select shopper_id as "Value" from member_accounts
                where tenant_id = {tenant.RequiredId} and updated_at <= {stale}
                order by shopper_id
                limit {BatchSize}
                for update skip locked
                """).ToListAsync(cancellationToken);
            if (ids.Count == 0)
            {
                return new Result(0, 0);
            }

            var programme = await Membership.ProgrammeAsync(db, cancellationToken);
            var growth = await Membership.GrowthAsync(db, ids, programme, now, cancellationToken);
            var tiers = await db.MemberTiers.AsNoTracking().ToListAsync(cancellationToken);
            var accounts = await db.MemberAccounts.Where(a => ids.Contains(a.ShopperId)).ToListAsync(cancellationToken);
            var changed = 0;
            foreach (var account in accounts)
            {
                if (account.Regrade(growth.GetValueOrDefault(account.ShopperId), tiers, now))
                {
                    changed++;
                    log.LogInformation("Member {ShopperId} regraded to tier {TierId} (growth {Growth})", account.ShopperId, account.TierId, account.Growth);
                }
            }

            return new Result(ids.Count, changed);
        }
    }
}
