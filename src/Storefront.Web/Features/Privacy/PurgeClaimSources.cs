using MediatR;
using Microsoft.EntityFrameworkCore;
using Storefront.Web.Infrastructure.Behaviors;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Tenancy;

namespace Storefront.Web.Features.Privacy;

/// <summary>
/// One batch of one store's coupon claims past <see cref="RetentionPeriods.ClaimSourceDays"/> made anonymous
/// (<see cref="RetentionJob"/>, issue 19 item 7): the client IP and address key the claim limits count are cleared; the
/// claim itself stays, it is the shopper's coupon. Claims older than the period no longer count towards a limit.
/// </summary>
public static class PurgeClaimSources
{
    public sealed record Command : ICommand<int>;

    internal sealed class Handler(StorefrontDb db, TenantContext tenant, TimeProvider clock, IConfiguration configuration) : IRequestHandler<Command, int>
    {
        public async Task<int> Handle(Command request, CancellationToken cancellationToken)
        {
            var storeId = tenant.RequiredId;
            var cutoff = clock.GetUtcNow().AddDays(-RetentionPeriods.From(configuration).ClaimSourceDays);
            var batch = PurgeExpiredData.BatchSize;
            return await db.Database.ExecuteSqlAsync(
                $"""
                update shopper_coupons set claim_ip = null, claim_address_key = null where tenant_id = {storeId} and id in (
                    select id from shopper_coupons where tenant_id = {storeId} and claimed_at < {cutoff}
                        and (claim_ip is not null or claim_address_key is not null)
                    limit {batch} for update skip locked)
                """, cancellationToken);
        }
    }
}
