using Microsoft.EntityFrameworkCore;
using Storefront.Domain.Common;
using Storefront.Domain.Promotions;
using Storefront.Web.Features.Promotions.Coupons;
using Storefront.Web.Infrastructure.Data;

namespace Storefront.Web.Features.Members;

/// <summary>
/// A new shopper becomes a member on sign-up: the member account opens (base tier) and every enabled coupon marked for
/// new members (新人券) that can still be issued is handed over, each under the same quantity and per-shopper rules as a
/// claim (<see cref="ClaimCoupon.Issue"/>); one already gone is skipped, the sign-up goes on.
/// </summary>
internal static class WelcomeMember
{
    public static async Task GiveAsync(StorefrontDb db, Guid shopperId, DateTimeOffset now, CancellationToken ct)
    {
        await Membership.EnsureAccountAsync(db, shopperId, now, ct);
        var coupons = await db.Coupons.AsNoTracking().Where(c => c.ForNewMembers && c.IsEnabled).OrderBy(c => c.CreatedAt).ToListAsync(ct);
        foreach (var coupon in coupons.Where(c => c.CanIssueAt(now)))
        {
            try
            {
                await ClaimCoupon.Issue(db, coupon, shopperId, CouponSource.Welcome, now, ct);
            }
            catch (DomainException)
            {
                // All handed out (or this shopper already holds it): the welcome goes on without it.
            }
        }
    }
}
