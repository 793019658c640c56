using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Storefront.Domain.AfterSales;
using Storefront.Domain.Reviews;

namespace Storefront.Web.Infrastructure.Data;

// Mapping of the after-sales and reviews tables (migration 0019_aftersales.sql). Money columns are numeric(12, 2).

internal sealed class AfterSalesCaseConfiguration : IEntityTypeConfiguration<AfterSalesCase>
{
    public void Configure(EntityTypeBuilder<AfterSalesCase> b)
    {
        b.ToTable("aftersales_cases");
        b.HasKey(c => new { c.TenantId, c.Id });
        foreach (var money in new[] { nameof(AfterSalesCase.RefundGoods), nameof(AfterSalesCase.RefundShipping), nameof(AfterSalesCase.RefundClawBack),
                nameof(AfterSalesCase.RefundAmount) })
        {
            b.Property(money).HasPrecision(12, 2);
        }

        b.Property(c => c.Version).IsConcurrencyToken();
        b.HasMany(c => c.Events).WithOne().HasForeignKey(e => new { e.TenantId, e.CaseId }).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class AfterSalesEventConfiguration : IEntityTypeConfiguration<AfterSalesEvent>
{
    public void Configure(EntityTypeBuilder<AfterSalesEvent> b)
    {
        b.ToTable("aftersales_events");
        b.HasKey(e => new { e.TenantId, e.Id });
    }
}

internal sealed class ComplaintConfiguration : IEntityTypeConfiguration<Complaint>
{
    public void Configure(EntityTypeBuilder<Complaint> b)
    {
        b.ToTable("complaints");
        b.HasKey(c => new { c.TenantId, c.Id });
        b.Property(c => c.Replies)
            .HasColumnType("jsonb")
            .HasConversion(JsonColumn.Converter<List<ComplaintReply>>(), JsonColumn.Comparer<List<ComplaintReply>>());
        b.Property(c => c.Version).IsConcurrencyToken();
    }
}

internal sealed class ReviewConfiguration : IEntityTypeConfiguration<Review>
{
    public void Configure(EntityTypeBuilder<Review> b)
    {
        b.ToTable("reviews");
        b.HasKey(r => new { r.TenantId, r.Id });
        b.Property(r => r.Version).IsConcurrencyToken();
    }
}
