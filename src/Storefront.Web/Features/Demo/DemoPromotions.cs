using Microsoft.EntityFrameworkCore;
using Storefront.Domain.Members;
using Storefront.Domain.Pricing;
using Storefront.Domain.Promotions;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Tenancy;

namespace Storefront.Web.Features.Demo;

/// <summary>
/// Promotions for the demo store, seeded with the demo shop when the app runs with Storefront:SeedDemoData (not in
/// the tests, whose prices must not change under them): 满200减50 / 满300减100 over the whole store for a year, three
/// claimable coupons (满100减20, 满300减50, 9折 capped at ¥50), member tiers 普通/白银/黄金/钻石, and a 秒杀 on four
/// well-stocked SKUs that started an hour before seeding and runs 90 days, so it is live when the demo is opened.
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
        foreach (var (name, kind, value, cap, minSpend) in new[]
        {
            ("满100减20", CouponKind.Amount, 20m, (decimal?)null, 100m), ("满300减50", CouponKind.Amount, 50m, null, 300m),
            ("全场9折券", CouponKind.Rate, 0.9m, 50m, 0m),
        })
        {
            db.Coupons.Add(Coupon.Create(tenant, new CouponDraft(name, kind, value, cap, minSpend, ScopeKind.Store, null, true,
                CouponValidity.DaysFromClaim, null, null, 30, 1000, 1, Claimable: true, ForNewMembers: false), now));
        }

        foreach (var (name, growth, rate, free, multiplier) in new[]
        {
            ("普通", 0m, 1m, false, 1m), ("白银", 1000m, 0.98m, false, 1.2m), ("黄金", 5000m, 0.95m, true, 1.5m), ("钻石", 20000m, 0.9m, true, 2m),
        })
        {
            db.MemberTiers.Add(MemberTier.Create(tenant, new MemberTierDraft(name, growth, rate, free, multiplier), now));
        }

        // Well-stocked SKUs of four products, featured ones first (the base demo's first SKUs when that is all there is).
        var skus = (await db.Skus.AsNoTracking()
                .Join(db.Products, s => s.ProductId, p => p.Id, (s, p) => new { Sku = s, p.Featured })
                .Where(x => x.Sku.OnHand - x.Sku.Reserved >= 20 && x.Sku.Price > 1m)
                .OrderByDescending(x => x.Featured).ThenBy(x => x.Sku.Code)
                .ToListAsync(ct))
            .Select(x => x.Sku).DistinctBy(s => s.ProductId).Take(4).ToList();
        if (skus.Count > 0)
        {
            var sale = FlashSale.Create(tenant, "限时秒杀", now.AddHours(-1), now.AddDays(90), now);
            db.FlashSales.Add(sale);
            foreach (var sku in skus)
            {
                db.FlashSaleItems.Add(sale.SetItem(sku.ProductId, new FlashSaleItemDraft(sku.Id, decimal.Round(sku.Price * 0.5m, 2), 50, 2), sku.Price, now));
            }
        }

        await db.SaveChangesAsync(ct);
    }
}
