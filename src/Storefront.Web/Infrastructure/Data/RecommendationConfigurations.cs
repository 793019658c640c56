using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Storefront.Domain.Catalog;

namespace Storefront.Web.Infrastructure.Data;

internal sealed class RecommendationSettingsConfiguration : IEntityTypeConfiguration<RecommendationSettings>
{
    public void Configure(EntityTypeBuilder<RecommendationSettings> b)
    {
        b.ToTable("recommendation_settings");
        b.HasKey(s => s.TenantId);
        b.Property(s => s.MinSupport).HasPrecision(9, 6);
        b.Property(s => s.MinConfidence).HasPrecision(9, 6);
        b.Property(s => s.MinLift).HasPrecision(10, 4);
        b.Ignore(s => s.Thresholds);
    }
}

internal sealed class ProductRecommendationConfiguration : IEntityTypeConfiguration<ProductRecommendation>
{
    public void Configure(EntityTypeBuilder<ProductRecommendation> b)
    {
        b.ToTable("product_recommendations");
        b.HasKey(r => new { r.TenantId, r.Kind, r.ProductId, r.OtherProductId });
        b.Property(r => r.Support).HasPrecision(9, 6);
        b.Property(r => r.Confidence).HasPrecision(9, 6);
        b.Property(r => r.Lift).HasPrecision(12, 4);
    }
}
