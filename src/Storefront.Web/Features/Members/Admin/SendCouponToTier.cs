using System.Text.Json;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Storefront.Domain.Common;
using Storefront.Domain.Promotions;
using Storefront.Web.Infrastructure;
using Storefront.Web.Infrastructure.Behaviors;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Identity;

namespace Storefront.Web.Features.Members.Admin;

/// <summary>
/// An operator sends a coupon (定向发券) to every member of a tier: one copy each, taken from the coupon's total in one
/// conditional UPDATE (never more than are left: with too few left, the members first by id get one and the rest are
/// reported as missed). A shopper who already holds as many as the per-shopper limit gets none. Audited.
/// </summary>
public static class SendCouponToTier
{
    public const int MaxRecipients = 50_000;

    public sealed record Command(Guid CouponId, Guid TierId) : ICommand<Result>;

    /// <summary>Copies sent, members of the tier, and members missed because the coupon ran out.</summary>
    public sealed record Result(int Sent, int Members, int Missed);

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.CouponId).NotEmpty();
            RuleFor(c => c.TierId).NotEmpty().WithMessage(_ => MembersText.SendTierRequired);
        }
    }

    internal sealed class Handler(StorefrontDb db, CurrentUser user, TimeProvider clock, ILogger<Command> log) : IRequestHandler<Command, Result>
    {
        public async Task<Result> Handle(Command request, CancellationToken cancellationToken)
        {
            var tenantId = db.TenantId!.Value;
            var now = clock.GetUtcNow();
            var coupon = await IssuableAsync(db, request.CouponId, now, cancellationToken);
            if (!await db.MemberTiers.AnyAsync(t => t.Id == request.TierId, cancellationToken))
            {
                throw new NotFoundException("tier", MembersText.TierNotFound);
            }

            var members = await db.MemberAccounts.Where(a => a.TierId == request.TierId).CountAsync(cancellationToken);
            var (taken, eligible) = await IssueAsync(db, coupon, db.MemberAccounts.Where(a => a.TierId == request.TierId).Select(a => a.ShopperId), now,
                cancellationToken);
            db.AuditLog.Add(AuditEntry.Record(tenantId, user.Id, "coupon.sent", coupon.Id.ToString(),
                JsonSerializer.Serialize(new { coupon.Name, request.TierId, Sent = taken, Members = members }), now));
            log.LogInformation("Coupon {CouponId} sent to {Sent} members of tier {TierId}", coupon.Id, taken, request.TierId);
            return new Result(taken, members, eligible - taken);
        }
    }

    /// <summary>The coupon, if it can be issued now (enabled, in its validity); else 404 or 409.</summary>
    internal static async Task<Coupon> IssuableAsync(StorefrontDb db, Guid couponId, DateTimeOffset now, CancellationToken ct)
    {
        var coupon = await db.Coupons.AsNoTracking().SingleOrDefaultAsync(c => c.Id == couponId, ct)
            ?? throw new NotFoundException("coupon", PromotionsText.CouponNotFound);
        return coupon.CanIssueAt(now) ? coupon : throw new DomainException("coupon.unavailable", PromotionsText.CouponUnavailable, isConflict: true);
    }

    /// <summary>
    /// Issues one copy each to the shoppers given who may still hold one more (the per-shopper limit counts every copy they
    /// hold), as many as the coupon has left (one conditional UPDATE), first by id. Answers the copies issued and the eligible
    /// shoppers. Shared with the customer analysis's send to an RFM segment.
    /// </summary>
    internal static async Task<(int Taken, int Eligible)> IssueAsync(StorefrontDb db, Coupon coupon, IQueryable<Guid> shopperIds, DateTimeOffset now,
        CancellationToken ct)
    {
        var tenantId = db.TenantId!.Value;
        var recipients = await shopperIds
            .Where(id => db.ShopperCoupons.Count(s => s.CouponId == coupon.Id && s.ShopperId == id) < coupon.PerShopperLimit)
            .OrderBy(id => id).Take(MaxRecipients).ToListAsync(ct);
        var taken = recipients.Count == 0 ? 0 : (await db.Database.SqlQuery<int>($"""
            with c as (
                select least(total_quantity - issued, {recipients.Count}) as take from coupons
                where tenant_id = {tenantId} and id = {coupon.Id} and is_enabled for update)
            update coupons set issued = issued + c.take
            from c
            where coupons.tenant_id = {tenantId} and coupons.id = {coupon.Id}
            returning c.take as "Value"
            """).ToListAsync(ct)).SingleOrDefault();
        foreach (var shopperId in recipients.Take(taken))
        {
            db.ShopperCoupons.Add(coupon.IssueTo(shopperId, CouponSource.Sent, now));
        }

        return (taken, recipients.Count);
    }

    public sealed record Body(Guid TierId);

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/admin/promotions/coupons/{id:guid}/send", async (Guid id, [FromBody] Body body, IMediator mediator, CancellationToken ct) =>
            TypedResults.Ok(await mediator.Send(new Command(id, body.TierId), ct)))
            .RequireAuthorization(Policies.Marketing).WithTags("Admin members")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
}
