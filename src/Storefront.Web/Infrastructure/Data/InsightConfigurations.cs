using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Storefront.Domain.Insight;

namespace Storefront.Web.Infrastructure.Data;

// Mapping of the dashboard's rollups (migration 0030): kept by triggers, only read by the app.
internal sealed class InsightDayConfiguration : IEntityTypeConfiguration<InsightDay>
{
    public void Configure(EntityTypeBuilder<InsightDay> b)
    {
        b.ToTable("insight_days");
        b.HasKey(d => new { d.TenantId, d.Day });
        b.Property(d => d.PaidAmount).HasPrecision(14, 2);
        b.Property(d => d.RefundedAmount).HasPrecision(14, 2);
    }
}

// Visit tracking (migrations 0041 and 0042): the visitors' day rows are written by SQL (VisitWriter, triggers), only read here.
internal sealed class VisitorDayConfiguration : IEntityTypeConfiguration<VisitorDay>
{
    public void Configure(EntityTypeBuilder<VisitorDay> b)
    {
        b.ToTable("visit_visitor_days");
        b.HasKey(d => new { d.TenantId, d.Day, d.VisitorId });
    }
}

internal sealed class VisitOrderConfiguration : IEntityTypeConfiguration<VisitOrder>
{
    public void Configure(EntityTypeBuilder<VisitOrder> b)
    {
        b.ToTable("visit_orders");
        b.HasKey(o => new { o.TenantId, o.OrderId });
    }
}

internal sealed class InsightBuyerDayConfiguration : IEntityTypeConfiguration<InsightBuyerDay>
{
    public void Configure(EntityTypeBuilder<InsightBuyerDay> b)
    {
        b.ToTable("insight_buyer_days");
        b.HasKey(d => new { d.TenantId, d.Day, d.ShopperId });
        b.Property(d => d.PaidAmount).HasPrecision(14, 2);
    }
}

// Product and promotion analysis (migrations 0044 and 0045): kept by triggers, only read here.
internal sealed class ProductDayConfiguration : IEntityTypeConfiguration<ProductDay>
{
    public void Configure(EntityTypeBuilder<ProductDay> b)
    {
        b.ToTable("product_days");
        b.HasKey(d => new { d.TenantId, d.Day, d.ProductId, d.SkuId });
        b.Property(d => d.Amount).HasPrecision(14, 2);
    }
}

internal sealed class ProductBuyerDayConfiguration : IEntityTypeConfiguration<ProductBuyerDay>
{
    public void Configure(EntityTypeBuilder<ProductBuyerDay> b)
    {
        b.ToTable("product_buyer_days");
        b.HasKey(d => new { d.TenantId, d.Day, d.ProductId, d.ShopperId });
    }
}

internal sealed class ProductVisitorDayConfiguration : IEntityTypeConfiguration<ProductVisitorDay>
{
    public void Configure(EntityTypeBuilder<ProductVisitorDay> b)
    {
        b.ToTable("product_visitor_days");
        b.HasKey(d => new { d.TenantId, d.Day, d.ProductSlug, d.VisitorId });
    }
}

internal sealed class PromotionDayConfiguration : IEntityTypeConfiguration<PromotionDay>
{
    public void Configure(EntityTypeBuilder<PromotionDay> b)
    {
        b.ToTable("promotion_days");
        b.HasKey(d => new { d.TenantId, d.Day, d.Kind, d.PromotionId });
        b.Property(d => d.Gmv).HasPrecision(14, 2);
        b.Property(d => d.Discount).HasPrecision(14, 2);
    }
}
