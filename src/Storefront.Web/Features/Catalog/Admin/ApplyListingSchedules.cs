using MediatR;
using Microsoft.EntityFrameworkCore;
using Storefront.Domain.Catalog;
using Storefront.Web.Infrastructure.Behaviors;
using Storefront.Web.Infrastructure.Data;

namespace Storefront.Web.Features.Catalog.Admin;

/// <summary>
/// One batch of the schedule job in the current store: claims products whose listing or delisting time has come
/// (<c>FOR UPDATE SKIP LOCKED</c>, so several app instances never take the same row), applies the plan at its
/// planned time, and writes each status change to the audit log. The claim holds until the command's transaction commits.
/// </summary>
public static class ApplyListingSchedules
{
    public const int BatchSize = 200;

    public sealed record Command : ICommand<Result>;

    /// <param name="Claimed">Due products taken in this batch; a full batch means there may be more.</param>
    /// <param name="Changed">Products whose status changed.</param>
    public sealed record Result(int Claimed, int Changed);

    internal sealed class Handler(StorefrontDb db, TimeProvider clock) : IRequestHandler<Command, Result>
    {
        public async Task<Result> Handle(Command request, CancellationToken cancellationToken)
        {
            var now = clock.GetUtcNow();
            var due = await db.Products.FromSql($"""
                select * from products
                where scheduled_list_at <= {now} or scheduled_delist_at <= {now}
                order by least(coalesce(scheduled_list_at, 'infinity'), coalesce(scheduled_delist_at, 'infinity'))
                limit {BatchSize}
                for update skip locked
                """).ToListAsync(cancellationToken);

            var changed = 0;
            foreach (var product in due)
            {
                if (product.ApplySchedule(now))
                {
                    changed++;
                    Listing.Audit(db, product, null, product.Status == ProductStatus.Listed ? "product.listed" : "product.delisted", now);
                }

                // A plan that came due but had nothing to do (delisting a product that was never listed) is dropped,
                // so it is not claimed again on every pass; plans still in the future stay.
                if (product.ScheduledListAt <= now || product.ScheduledDelistAt <= now)
                {
                    product.Schedule(
                        product.ScheduledListAt > now ? product.ScheduledListAt : null, product.ScheduledDelistAt > now ? product.ScheduledDelistAt : null,
                        now);
                }
            }

            return new Result(due.Count, changed);
        }
    }
}
