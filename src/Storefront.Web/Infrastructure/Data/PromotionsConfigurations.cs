using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Storefront.Domain.Members;
using Storefront.Domain.Pricing;
using Storefront.Domain.Promotions;

namespace Storefront.Web.Infrastructure.Data;

// Mapping of the promotions and members tables (migration 0015_promotions.sql). Money columns are numeric(12, 2).

internal sealed class ItemDiscountConfiguration : IEntityTypeConfiguration<ItemDiscount>
{
    public void Configure(EntityTypeBuilder<ItemDiscount> b)
    {
        b.ToTable("item_discounts");
        b.HasKey(d => new { d.TenantId, d.Id });
        b.Property(d => d.Value).HasPrecision(12, 2);
    }
}

internal sealed class OrderPromotionConfiguration : IEntityTypeConfiguration<OrderPromotion>
{
    public void Configure(EntityTypeBuilder<OrderPromotion> b)
    {
        b.ToTable("order_promotions");
        b.HasKey(p => new { p.TenantId, p.Id });
        b.Property(p => p.Tiers).HasColumnType("jsonb").HasConversion(JsonColumn.Converter<List<PromotionTier>>(), JsonColumn.Comparer<List<PromotionTier>>());
    }
}

internal sealed class CouponConfiguration : IEntityTypeConfiguration<Coupon>
{
    public void Configure(EntityTypeBuilder<Coupon> b)
    {
        b.ToTable("coupons");
        b.HasKey(c => new { c.TenantId, c.Id });
        b.Property(c => c.Value).HasPrecision(12, 2);
        b.Property(c => c.Cap).HasPrecision(12, 2);
        b.Property(c => c.MinSpend).HasPrecision(12, 2);
        b.Ignore(c => c.Left);
    }
}

internal sealed class ShopperCouponConfiguration : IEntityTypeConfiguration<ShopperCoupon>
{
    public void Configure(EntityTypeBuilder<ShopperCoupon> b)
    {
        b.ToTable("shopper_coupons");
        b.HasKey(c => new { c.TenantId, c.Id });
    }
}

internal sealed class FlashSaleConfiguration : IEntityTypeConfiguration<FlashSale>
{
    public void Configure(EntityTypeBuilder<FlashSale> b)
    {
        b.ToTable("flash_sales");
        b.HasKey(s => new { s.TenantId, s.Id });
        b.HasMany(s => s.Items).WithOne().HasForeignKey(i => new { i.TenantId, i.FlashSaleId }).OnDelete(DeleteBehavior.Cascade);
        b.Navigation(s => s.Items).AutoInclude();
    }
}

internal sealed class FlashSaleItemConfiguration : IEntityTypeConfiguration<FlashSaleItem>
{
    public void Configure(EntityTypeBuilder<FlashSaleItem> b)
    {
        b.ToTable("flash_sale_items");
        b.HasKey(i => new { i.TenantId, i.Id });
        b.Property(i => i.FlashPrice).HasPrecision(12, 2);
        b.Ignore(i => i.Left);
    }
}

internal sealed class MemberTierConfiguration : IEntityTypeConfiguration<MemberTier>
{
    public void Configure(EntityTypeBuilder<MemberTier> b)
    {
        b.ToTable("member_tiers");
        b.HasKey(t => new { t.TenantId, t.Id });
        b.Property(t => t.GrowthThreshold).HasPrecision(12, 2);
        b.Property(t => t.DiscountRate).HasPrecision(4, 2);
        b.Property(t => t.PointsMultiplier).HasPrecision(4, 1);
    }
}

internal sealed class MemberAccountConfiguration : IEntityTypeConfiguration<MemberAccount>
{
    public void Configure(EntityTypeBuilder<MemberAccount> b)
    {
        b.ToTable("member_accounts");
        b.HasKey(a => new { a.TenantId, a.ShopperId });
        b.Property(a => a.Growth).HasPrecision(12, 2);
    }
}

internal sealed class PointsEntryConfiguration : IEntityTypeConfiguration<PointsEntry>
{
    public void Configure(EntityTypeBuilder<PointsEntry> b)
    {
        b.ToTable("points_entries");
        b.HasKey(e => new { e.TenantId, e.Id });
    }
}
