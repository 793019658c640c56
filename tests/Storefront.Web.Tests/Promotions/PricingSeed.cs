using Microsoft.EntityFrameworkCore;
using Storefront.Domain.Members;
using Storefront.Domain.Pricing;
using Storefront.Domain.Promotions;
using Storefront.Web.Tests.Infrastructure;

namespace Storefront.Web.Tests.Promotions;

/// <summary>
/// Promotions for checkout tests, written through the domain entities and the DbContext (not the admin API), each scoped
/// to the test's own products so tests of one class do not price each other's carts.
/// </summary>
public static class PricingSeed
{
    /// <summary>A product with one SKU; answers (SKU id, product id).</summary>
    public static async Task<(Guid SkuId, Guid ProductId)> PricedSkuAsync(this StorefrontApp app, string name, decimal price, int stock,
        Guid? categoryId = null)
    {
        var code = "PR-" + Guid.NewGuid().ToString("N")[..10];
        var sku = (await app.SeedProductAsync("demo", name, price, categoryId, list: true, (code, stock, 0)))[code];
        var product = await app.InStoreAsync("demo", db => db.Skus.Where(s => s.Id == sku).Select(s => s.ProductId).SingleAsync());
        return (sku, product);
    }

    /// <summary>满减 on some products (or categories), live for a month around the test clock.</summary>
    public static Task<Guid> FullReductionAsync(this StorefrontApp app, string name, ScopeKind scope, Guid[] ids,
        params (decimal Threshold, decimal Off)[] tiers) =>
        app.InStoreAsync("demo", async db =>
        {
            var now = app.Clock.GetUtcNow();
            var promotion = OrderPromotion.Create(db.TenantId!.Value, new OrderPromotionDraft(name, OrderPromotionKind.AmountOff, ThresholdKind.Amount,
                [.. tiers.Select(t => new PromotionTier(t.Threshold, t.Off))], scope, ids, true, now.AddDays(-1), now.AddDays(30)), now);
            db.OrderPromotions.Add(promotion);
            await db.SaveChangesAsync();
            return promotion.Id;
        });

    /// <summary>An amount-off coupon on some products with a minimum spend, claimed by the shopper; answers the shopper's coupon id.</summary>
    public static Task<Guid> CouponForAsync(this StorefrontApp app, Guid shopperId, string name, decimal off, decimal minSpend, Guid[] productIds,
        bool stackable = true) =>
        app.InStoreAsync("demo", async db =>
        {
            var now = app.Clock.GetUtcNow();
            var coupon = Coupon.Create(db.TenantId!.Value,
                new CouponDraft(name, CouponKind.Amount, off, null, minSpend, ScopeKind.Products, productIds, stackable,
                CouponValidity.DaysFromClaim, null, null, 30, 100, 5, true, false), now);
            db.Coupons.Add(coupon);
            var copy = coupon.IssueTo(shopperId, CouponSource.Claimed, now);
            db.ShopperCoupons.Add(copy);
            await db.SaveChangesAsync();
            await db.Database.ExecuteSqlAsync($"update coupons set issued = issued + 1 where id = {coupon.Id}");
            return copy.Id;
        });

    /// <summary>A 秒杀 session live for a day from an hour ago with one SKU; answers the flash item id.</summary>
    public static Task<Guid> FlashItemAsync(this StorefrontApp app, Guid skuId, decimal flashPrice, int quota, int perShopperLimit) =>
        app.InStoreAsync("demo", async db =>
        {
            var now = app.Clock.GetUtcNow();
            var sku = await db.Skus.SingleAsync(s => s.Id == skuId);
            var sale = FlashSale.Create(db.TenantId!.Value, "整点秒杀", now.AddHours(-1), now.AddDays(1), now);
            var item = sale.SetItem(sku.ProductId, new FlashSaleItemDraft(skuId, flashPrice, quota, perShopperLimit), sku.Price, now);
            db.FlashSales.Add(sale);
            await db.SaveChangesAsync();
            return item.Id;
        });

    /// <summary>Gives the shopper a member account holding <paramref name="points"/> earned points (one lot).</summary>
    public static Task GivePointsAsync(this StorefrontApp app, Guid shopperId, int points, DateTimeOffset? expiresAt = null) =>
        app.InStoreAsync("demo", async db =>
        {
            var now = app.Clock.GetUtcNow();
            var tenant = db.TenantId!.Value;
            if (!await db.MemberAccounts.AnyAsync(a => a.ShopperId == shopperId))
            {
                db.MemberAccounts.Add(MemberAccount.Open(tenant, shopperId, now));
            }

            db.PointsEntries.Add(PointsEntry.Create(tenant, shopperId, PointsEntryKind.Earned, points, null, "测试积分",
                expiresAt ?? MemberProgramme.Default.ExpiryFor(now), now));
            await db.SaveChangesAsync();
            await db.Database.ExecuteSqlAsync($"update member_accounts set points_balance = points_balance + {points} where shopper_id = {shopperId}");
            return 0;
        });

    public static Task<int> PointsBalanceAsync(this StorefrontApp app, Guid shopperId) =>
        app.InStoreAsync("demo", db => db.MemberAccounts.AsNoTracking().Where(a => a.ShopperId == shopperId).Select(a => a.PointsBalance).SingleAsync());

    public static Task<Guid?> CouponOrderAsync(this StorefrontApp app, Guid shopperCouponId) =>
        app.InStoreAsync("demo", db => db.ShopperCoupons.AsNoTracking().Where(c => c.Id == shopperCouponId).Select(c => c.UsedOrderId).SingleAsync());

    public static Task<(int Sold, int Bought)> FlashCountsAsync(this StorefrontApp app, Guid itemId, Guid shopperId) =>
        app.InStoreAsync("demo", async db =>
        {
            var sold = await db.FlashSaleItems.AsNoTracking().Where(i => i.Id == itemId).Select(i => i.Sold).SingleAsync();
            var bought = await db.Database.SqlQuery<int>(
                    $"select coalesce(sum(quantity), 0)::int as \"Value\" from flash_purchases where item_id = {itemId} and shopper_id = {shopperId}")
                .SingleAsync();
            return (sold, bought);
        });
}
