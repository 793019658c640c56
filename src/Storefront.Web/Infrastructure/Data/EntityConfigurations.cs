using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Storefront.Domain.Accounts;
using Storefront.Domain.Catalog;
using Storefront.Domain.Common;
using Storefront.Domain.Tenancy;

namespace Storefront.Web.Infrastructure.Data;

// Table and key mapping. Column names are snake_case by convention (StorefrontDb); the SQL migrations are the
// schema of record, and a test checks that this model and the migrated schema agree.

internal sealed class StoreConfiguration : IEntityTypeConfiguration<Store>
{
    public void Configure(EntityTypeBuilder<Store> b)
    {
        b.ToTable("stores");
        b.HasKey(s => s.Id);
        b.HasIndex(s => s.Slug).IsUnique();
        b.Property(s => s.CustomDomains).HasColumnType("text[]");
        b.Ignore(s => s.IsOpen);
    }
}

internal sealed class StaffAccountConfiguration : IEntityTypeConfiguration<StaffAccount>
{
    public void Configure(EntityTypeBuilder<StaffAccount> b)
    {
        b.ToTable("staff_accounts");
        b.HasKey(s => s.Id);
        b.HasIndex(s => s.NormalizedEmail).IsUnique();
    }
}

internal sealed class StaffRoleConfiguration : IEntityTypeConfiguration<StaffRoleAssignment>
{
    public void Configure(EntityTypeBuilder<StaffRoleAssignment> b)
    {
        b.ToTable("staff_roles");
        b.HasKey(r => new { r.TenantId, r.StaffId, r.Role });
    }
}

internal sealed class ShopperConfiguration : IEntityTypeConfiguration<Shopper>
{
    public void Configure(EntityTypeBuilder<Shopper> b)
    {
        b.ToTable("shoppers");
        b.HasKey(s => new { s.TenantId, s.Id });
        b.HasIndex(s => new { s.TenantId, s.NormalizedEmail }).IsUnique();
    }
}

internal sealed class ProductConfiguration : IEntityTypeConfiguration<Product>
{
    public void Configure(EntityTypeBuilder<Product> b)
    {
        b.ToTable("products");
        b.HasKey(p => new { p.TenantId, p.Id });
        b.Property(p => p.Price).HasPrecision(12, 2);
    }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> b)
    {
        b.ToTable("audit_log");
        b.HasKey(a => new { a.TenantId, a.Id });
    }
}
