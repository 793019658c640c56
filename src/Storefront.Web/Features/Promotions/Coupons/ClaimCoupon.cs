using MediatR;
using Microsoft.EntityFrameworkCore;
using Storefront.Domain.Common;
using Storefront.Domain.Promotions;
using Storefront.Web.Features.Ordering.Risk;
using Storefront.Web.Infrastructure;
using Storefront.Web.Infrastructure.Behaviors;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Identity;
using Storefront.Web.Infrastructure.Web;

namespace Storefront.Web.Features.Promotions.Coupons;

/// <summary>
/// 领券: the signed-in shopper claims one copy of a claimable coupon, in one transaction. The per-shopper limit is
/// counted under a transaction-scoped advisory lock of (shopper, coupon), so two claims of one shopper take turns; the
/// unit comes from the coupon's total with a conditional UPDATE (issued &lt; total_quantity), so parallel claims of
/// different shoppers never hand out more than exist. Gone, at the limit, stopped or expired: 409 problem+json.
/// </summary>
public static class ClaimCoupon
{
    public sealed record Command(Guid CouponId) : ICommand<Result>, IAccountRateLimited
    {
        string IAccountRateLimited.RateLimitPolicy => RateLimits.CouponClaim;

        string? IAccountRateLimited.RateLimitAccount => null;   // the signed-in shopper
    }

    /// <summary>The copy claimed, its validity, and how many of this coupon the shopper now holds.</summary>
    public sealed record Result(
        Guid ShopperCouponId, Guid CouponId, string Name, DateTimeOffset ValidFrom, DateTimeOffset ValidUntil, int Held, int PerShopperLimit);

    internal sealed class Handler(StorefrontDb db, CurrentUser user, TimeProvider clock, IHttpContextAccessor http) : IRequestHandler<Command, Result>
    {
        public async Task<Result> Handle(Command request, CancellationToken cancellationToken)
        {
            var shopperId = user.RequiredId;
            var now = clock.GetUtcNow();
            var coupon = await db.Coupons.AsNoTracking().SingleOrDefaultAsync(c => c.Id == request.CouponId && c.Claimable, cancellationToken)
                ?? throw new NotFoundException("coupon", PromotionsText.CouponNotFound);
            if (!coupon.CanIssueAt(now))
            {
                throw new DomainException("coupon.unavailable", PromotionsText.CouponUnavailable, isConflict: true);
            }

            // 风控: claims of this coupon from one IP or for one address, across accounts, are limited by the store (400 when reached).
            var ip = http.HttpContext?.Connection.RemoteIpAddress?.ToString();
            var addressKey = await RiskScoring.DefaultAddressKeyAsync(db, shopperId, cancellationToken);
            await RiskScoring.EnsureClaimAllowedAsync(db, coupon.Id, ip, addressKey, cancellationToken);
            var copy = await Issue(db, coupon, shopperId, CouponSource.Claimed, now, cancellationToken);
            copy.RecordClaimSource(ip, addressKey);
            var held = await db.ShopperCoupons.CountAsync(c => c.CouponId == coupon.Id && c.ShopperId == shopperId, cancellationToken);
            return new Result(copy.Id, coupon.Id, coupon.Name, copy.ValidFrom, copy.ValidUntil, held + 1, coupon.PerShopperLimit);
        }
    }

    /// <summary>
    /// Hands one copy of <paramref name="coupon"/> to a shopper inside the caller's transaction: the (shopper, coupon)
    /// advisory lock, the per-shopper limit, then the unit from the total by a conditional UPDATE. Used by claims and by
    /// the welcome coupons of sign-up. Throws 409 coupon.limit / coupon.gone; the copy is added to the context, not saved.
    /// </summary>
    internal static async Task<ShopperCoupon> Issue(
        StorefrontDb db, Coupon coupon, Guid shopperId, CouponSource source, DateTimeOffset now, CancellationToken ct)
    {
        var tenantId = db.TenantId!.Value;
        await db.Database.ExecuteSqlAsync(
            $"select pg_advisory_xact_lock(hashtext({"coupon-claim:" + shopperId}), hashtext({coupon.Id.ToString()}))", ct);
        var held = await db.ShopperCoupons.CountAsync(c => c.CouponId == coupon.Id && c.ShopperId == shopperId, ct);
        if (held >= coupon.PerShopperLimit)
        {
            throw new DomainException(
                "coupon.limit", string.Format(System.Globalization.CultureInfo.CurrentCulture, PromotionsText.CouponLimitReached, coupon.PerShopperLimit),
                isConflict: true);
        }

        var taken = await db.Database.ExecuteSqlAsync($"""
            update coupons set issued = issued + 1
            where tenant_id = {tenantId} and id = {coupon.Id} and is_enabled and issued < total_quantity
            """, ct);
        if (taken == 0)
        {
            throw new DomainException("coupon.gone", PromotionsText.CouponGone, isConflict: true);
        }

        var copy = coupon.IssueTo(shopperId, source, now);
        db.ShopperCoupons.Add(copy);
        return copy;
    }

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/coupons/{id:guid}/claim", async (Guid id, IMediator mediator, CancellationToken ct) =>
            TypedResults.Ok(await mediator.Send(new Command(id), ct)))
            .RequireAuthorization(Policies.Shopper).WithTags("Coupons")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
}
