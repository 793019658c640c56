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
