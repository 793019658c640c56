using Microsoft.EntityFrameworkCore;
using Storefront.Domain.Members;
using Storefront.Domain.Pricing;
using Storefront.Domain.Promotions;

namespace Storefront.Web.Tests.Infrastructure;

/// <summary>Rows for every promotions and members table of a store, written through the domain (the isolation tests look at them from another store).</summary>
public static class PromotionSeed
{
    public static Task EveryPromotionTableAsync(this StorefrontApp app, string store) => app.InStoreAsync(store, async db =>
    {
        var tenant = db.TenantId!.Value;
        var now = app.Clock.GetUtcNow();
        var shopper = await db.Shoppers.OrderBy(s => s.CreatedAt).FirstAsync();
        var sku = await db.Skus.OrderBy(s => s.Id).FirstAsync();
        db.ItemDiscounts.Add(ItemDiscount.Create(tenant, new ItemDiscountDraft("双十一", ItemDiscountKind.Rate, 0.8m, [sku.ProductId], [], now, now.AddDays(1)),
            now));
        db.OrderPromotions.Add(OrderPromotion.Create(tenant, new OrderPromotionDraft("满减", OrderPromotionKind.AmountOff, ThresholdKind.Amount,
            [new PromotionTier(200m, 50m)], ScopeKind.Store, null, true, now, now.AddDays(1)), now));
        var coupon = Coupon.Create(tenant, new CouponDraft("新人券", CouponKind.Amount, 10m, null, 100m, ScopeKind.Store, null, true,
            CouponValidity.DaysFromClaim, null, null, 7, 100, 1, true, true), now);
        db.Coupons.Add(coupon);
        db.ShopperCoupons.Add(coupon.IssueTo(shopper.Id, CouponSource.Claimed, now));
        var sale = FlashSale.Create(tenant, "整点秒杀", now, now.AddHours(1), now);
        sale.SetItem(sku.ProductId, new FlashSaleItemDraft(sku.Id, Math.Max(0.01m, sku.Price - 1m), 10, 1), sku.Price, now);
        db.FlashSales.Add(sale);
        var tier = MemberTier.Create(tenant, new MemberTierDraft("普通会员", 0m, 1m, false, 1m), now);
        db.MemberTiers.Add(tier);
        await db.SaveChangesAsync();
        var account = MemberAccount.Open(tenant, shopper.Id, now);
        account.Regrade(0m, [tier], now);
        db.MemberAccounts.Add(account);
        db.PointsEntries.Add(PointsEntry.Create(tenant, shopper.Id, PointsEntryKind.Adjusted, 10, null, "seed", MemberProgramme.Default.ExpiryFor(now), now));
        await db.SaveChangesAsync();
        await db.Database.ExecuteSqlAsync(
            $"insert into flash_purchases (tenant_id, item_id, shopper_id, quantity) values ({tenant}, {sale.Items[0].Id}, {shopper.Id}, 1)");
        return 0;
    });
}
