using MediatR;
using Microsoft.EntityFrameworkCore;
using Storefront.Web.Infrastructure.Behaviors;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Tenancy;

namespace Storefront.Web.Features.Privacy;

/// <summary>
/// How long the store keeps what it need not keep for ever (issue 19, item 7), from Storefront:Retention: the record of
/// e-mails sent (recipient, subject, body) <see cref="SentMailDays"/> days after sending; tracked visit events and the links of
/// orders to visitors <see cref="VisitEventDays"/> days after they happened; the IP and address key a coupon was claimed
/// from (kept for the claim limits) <see cref="ClaimSourceDays"/> days after the claim. The privacy policy page states them.
/// </summary>
public sealed record RetentionPeriods(int SentMailDays, int VisitEventDays = 180, int ClaimSourceDays = 90)
{
    public static RetentionPeriods From(IConfiguration configuration) =>
        new(Math.Max(1, configuration.GetValue("Storefront:Retention:SentMailDays", 180)),
            Math.Max(1, configuration.GetValue("Storefront:Retention:VisitEventDays", 180)),
            Math.Max(1, configuration.GetValue("Storefront:Retention:ClaimSourceDays", 90)));
}

/// <summary>One batch of one store's expired data deleted (<see cref="RetentionJob"/>): sent e-mails past their period.</summary>
public static class PurgeExpiredData
{
    public const int BatchSize = 500;

    public sealed record Command : ICommand<int>;

    internal sealed class Handler(StorefrontDb db, TenantContext tenant, TimeProvider clock, IConfiguration configuration) : IRequestHandler<Command, int>
    {
        public async Task<int> Handle(Command request, CancellationToken cancellationToken)
        {
            var storeId = tenant.RequiredId;
            var cutoff = clock.GetUtcNow().AddDays(-RetentionPeriods.From(configuration).SentMailDays);
            // SKIP LOCKED: another instance's pass takes other rows; the outbox job never holds a sent row.
            return await db.Database.ExecuteSqlAsync(
                $"""
                delete from outbox_messages where tenant_id = {storeId} and id in (
                    select id from outbox_messages where tenant_id = {storeId} and sent_at < {cutoff} limit {BatchSize} for update skip locked)
                """, cancellationToken);
        }
    }
}
