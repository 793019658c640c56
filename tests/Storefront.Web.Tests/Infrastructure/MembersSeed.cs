using Storefront.Domain.Pricing;
using Storefront.Domain.Promotions;

namespace Storefront.Web.Tests.Infrastructure;

/// <summary>Coupons and shoppers for the members helper's tests, written through the domain straight into a store.</summary>
public static class MembersSeed
{
    public static Task<Guid> CouponAsync(this StorefrontApp app, string store, string name, int total, int perShopper,
        bool claimable = true, bool forNewMembers = false, decimal value = 10m, decimal minSpend = 100m, ScopeKind scope = ScopeKind.Store,
            IReadOnlyList<Guid>? scopeIds = null) =>
        app.InStoreAsync(store, async db =>
        {
            var coupon = Coupon.Create(db.TenantId!.Value, new CouponDraft(name, CouponKind.Amount, value, null, minSpend, scope, scopeIds, true,
                CouponValidity.DaysFromClaim, null, null, 30, total, perShopper, claimable, forNewMembers), app.Clock.GetUtcNow());
            db.Coupons.Add(coupon);
            await db.SaveChangesAsync();
            return coupon.Id;
        });
}
