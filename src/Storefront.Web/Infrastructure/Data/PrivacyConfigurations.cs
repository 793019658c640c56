using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Storefront.Domain.Privacy;

namespace Storefront.Web.Infrastructure.Data;

internal sealed class PrivacyPolicyConfiguration : IEntityTypeConfiguration<PrivacyPolicy>
{
    public void Configure(EntityTypeBuilder<PrivacyPolicy> b)
    {
        b.ToTable("privacy_policies");
        b.HasKey(p => new { p.TenantId, p.Version });
        b.Property(p => p.Version).ValueGeneratedNever();
    }
}

internal sealed class ConsentRecordConfiguration : IEntityTypeConfiguration<ConsentRecord>
{
    public void Configure(EntityTypeBuilder<ConsentRecord> b)
    {
        b.ToTable("consent_records");
        b.HasKey(c => new { c.TenantId, c.Id });
        b.HasIndex(c => new { c.TenantId, c.ShopperId, c.At });
    }
}
