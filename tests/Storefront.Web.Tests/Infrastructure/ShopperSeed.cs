using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Storefront.Domain.Accounts;
using Storefront.Domain.Ordering;

namespace Storefront.Web.Tests.Infrastructure;

/// <summary>Shoppers written straight into a store: no registration (no rate limit), one password hash computed for all.</summary>
public static class ShopperSeed
{
    public const string Password = "Claim1234-long";

    /// <summary>
    /// <paramref name="count"/> shoppers signing in with <see cref="Password"/>; with <paramref name="cartSku"/>, each has
    /// one unit of that SKU in the cart (selected).
    /// </summary>
    public static Task<List<(Guid Id, string Email)>> ShoppersAsync(this StorefrontApp app, string store, int count, Guid? cartSku = null) =>
        app.InStoreAsync(store, async db =>
        {
            var hash = app.Services.GetRequiredService<IPasswordHasher<Shopper>>().HashPassword(new Shopper(), Password);
            var shoppers = Enumerable.Range(0, count).Select(_ =>
            {
                var shopper = Shopper.Create(db.TenantId!.Value, "placeholder@example.com", "顾客", app.Clock.GetUtcNow());
                shopper.Email = $"s-{shopper.Id:N}@example.com";
                shopper.NormalizedEmail = shopper.Email.ToUpperInvariant();
                shopper.PasswordHash = hash;
                shopper.SecurityStamp = Guid.NewGuid().ToString("N");
                shopper.LockoutEnabled = true;
                return shopper;
            }).ToList();
            db.Shoppers.AddRange(shoppers);
            if (cartSku is { } skuId)
            {
                var price = (await db.Skus.AsNoTracking().SingleAsync(s => s.Id == skuId)).Price;
                db.CartLines.AddRange(shoppers.Select(s => CartLine.Create(s.TenantId, s.Id, skuId, 1, price, app.Clock.GetUtcNow())));
            }

            await db.SaveChangesAsync();
            return shoppers.Select(s => (s.Id, s.Email!)).ToList();
        });
}
