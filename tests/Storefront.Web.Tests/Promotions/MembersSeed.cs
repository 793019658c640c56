using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Storefront.Domain.Accounts;
using Storefront.Domain.Pricing;
using Storefront.Domain.Promotions;
using Storefront.Web.Tests.Infrastructure;

namespace Storefront.Web.Tests.Promotions;

/// <summary>Coupons and shoppers for the members helper's tests, written through the domain straight into a store.</summary>
public static class MembersSeed
{
    public const string Password = "Claim1234-long";

    public static Task<Guid> CouponAsync(this StorefrontApp app, string store, string name, int total, int perShopper,
        bool claimable = true, bool forNewMembers = false, decimal value = 10m, decimal minSpend = 100m, ScopeKind scope = ScopeKind.Store, IReadOnlyList<Guid>? scopeIds = null) =>
        app.InStoreAsync(store, async db =>
        {
            var coupon = Coupon.Create(db.TenantId!.Value, new CouponDraft(name, CouponKind.Amount, value, null, minSpend, scope, scopeIds, true,
                CouponValidity.DaysFromClaim, null, null, 30, total, perShopper, claimable, forNewMembers), app.Clock.GetUtcNow());
            db.Coupons.Add(coupon);
            await db.SaveChangesAsync();
            return coupon.Id;
        });

    /// <summary>Shoppers written straight into the store, all with the hash of <see cref="Password"/> computed once.</summary>
    public static Task<List<(Guid Id, string Email)>> ShoppersAsync(this StorefrontApp app, string store, int count) => app.InStoreAsync(store, async db =>
    {
        var hash = app.Services.GetRequiredService<IPasswordHasher<Shopper>>().HashPassword(new Shopper(), Password);
        var shoppers = Enumerable.Range(0, count).Select(_ =>
        {
            var shopper = Shopper.Create(db.TenantId!.Value, "placeholder@example.com", "领券人", app.Clock.GetUtcNow());
            shopper.Email = $"m-{shopper.Id:N}@example.com";
            shopper.NormalizedEmail = shopper.Email.ToUpperInvariant();
            shopper.PasswordHash = hash;
            shopper.SecurityStamp = Guid.NewGuid().ToString("N");
            shopper.LockoutEnabled = true;
            return shopper;
        }).ToList();
        db.Shoppers.AddRange(shoppers);
        await db.SaveChangesAsync();
        return shoppers.Select(s => (s.Id, s.Email!)).ToList();
    });
}
