using Microsoft.EntityFrameworkCore;
using Storefront.Domain.Members;
using Storefront.Domain.Pricing;
using Storefront.Domain.Promotions;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Tenancy;

namespace Storefront.Web.Features.Demo;

/// <summary>
/// Promotions for the demo store, seeded with the demo data when the app runs with Storefront:SeedDemoData (not in
/// the tests, whose prices must not change under them): 满200减50 / 满300减100 over the whole store for a year, a
/// claimable 满100减20 coupon, member tiers 普通/白银/黄金/钻石, and a flash sale on the first SKU starting in an hour.
/// Runs once: a store that already has member tiers or promotions is left alone.
/// </summary>
public static class DemoPromotions
{
    public static async Task SeedAsync(IServiceProvider services, CancellationToken ct = default)
    {
        StoreInfo? store;
        await using (var lookup = services.CreateAsyncScope())
        {
            store = await lookup.ServiceProvider.GetRequiredService<StoreDirectory>().FindBySlugAsync("demo", ct);
        }

        if (store is null)
        {
            return;
        }

        await using var scope = services.GetRequiredService<StoreScopes>().For(store);
        var db = scope.ServiceProvider.GetRequiredService<StorefrontDb>();
        if (await db.MemberTiers.AnyAsync(ct) || await db.OrderPromotions.AnyAsync(ct))
        {
            return;
        }

        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var tenant = store.Id;
        db.OrderPromotions.Add(OrderPromotion.Create(tenant, new OrderPromotionDraft("全场满减", OrderPromotionKind.AmountOff, ThresholdKind.Amount,
            [new PromotionTier(200m, 50m), new PromotionTier(300m, 100m)], ScopeKind.Store, null, true, now, now.AddYears(1)), now));
        db.Coupons.Add(Coupon.Create(tenant, new CouponDraft("满100减20", CouponKind.Amount, 20m, null, 100m, ScopeKind.Store, null, true,
            CouponValidity.DaysFromClaim, null, null, 30, 1000, 1, Claimable: true, ForNewMembers: false), now));
        foreach (var (name, growth, rate, free, multiplier) in new[]
        {
            ("普通", 0m, 1m, false, 1m), ("白银", 1000m, 0.98m, false, 1.2m), ("黄金", 5000m, 0.95m, true, 1.5m), ("钻石", 20000m, 0.9m, true, 2m),
        })
        {
            db.MemberTiers.Add(MemberTier.Create(tenant, new MemberTierDraft(name, growth, rate, free, multiplier), now));
        }

        var sku = await db.Skus.AsNoTracking().OrderBy(s => s.Id).FirstOrDefaultAsync(ct);
        if (sku is not null && sku.Price > 1m)
        {
            var start = now.AddHours(1);
            var sale = FlashSale.Create(tenant, "整点秒杀", start, start.AddHours(2), now);
            var item = sale.SetItem(sku.ProductId, new FlashSaleItemDraft(sku.Id, decimal.Round(sku.Price * 0.5m, 2), 20, 1), sku.Price, now);
            db.FlashSales.Add(sale);
            db.FlashSaleItems.Add(item);
        }

        await db.SaveChangesAsync(ct);
    }
}
