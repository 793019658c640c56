using MediatR;
using Microsoft.EntityFrameworkCore;
using Storefront.Web.Infrastructure.Behaviors;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Tenancy;

namespace Storefront.Web.Features.Privacy;

/// <summary>
/// One batch of one store's tracked visit events and order-to-visitor links past <see cref="RetentionPeriods.VisitEventDays"/>
/// deleted (<see cref="RetentionJob"/>, issue 19 item 7). The visitors' day rows stay for the figures: they hold a random id only.
/// </summary>
public static class PurgeVisitEvents
{
    public sealed record Command : ICommand<int>;

    internal sealed class Handler(StorefrontDb db, TenantContext tenant, TimeProvider clock, IConfiguration configuration) : IRequestHandler<Command, int>
    {
        public async Task<int> Handle(Command request, CancellationToken cancellationToken)
        {
            var storeId = tenant.RequiredId;
            var cutoff = clock.GetUtcNow().AddDays(-RetentionPeriods.From(configuration).VisitEventDays);
            var batch = PurgeExpiredData.BatchSize;
            var events = await db.Database.ExecuteSqlAsync(
                $"""
                delete from visit_events where tenant_id = {storeId} and id in (
                    select id from visit_events where tenant_id = {storeId} and at < {cutoff} limit {batch} for update skip locked)
                """, cancellationToken);
            var links = await db.Database.ExecuteSqlAsync(
                $"""
                delete from visit_orders where tenant_id = {storeId} and order_id in (
                    select order_id from visit_orders where tenant_id = {storeId} and placed_at < {cutoff} limit {batch} for update skip locked)
                """, cancellationToken);
            return Math.Max(events, links);   // the job asks again while a batch came back full
        }
    }
}
