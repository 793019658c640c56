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
        b.Ignore(s => s.PaymentTimeout);
        b.Ignore(s => s.AutoConfirmAfter);
        b.Property(s => s.RfmMonetaryAmount).HasPrecision(14, 2);
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
        b.HasIndex(p => new { p.TenantId, p.Slug }).IsUnique();
        b.Property(p => p.MinPrice).HasPrecision(12, 2);
        b.Property(p => p.MaxPrice).HasPrecision(12, 2);
        b.Property(p => p.Subtitle).HasMaxLength(Product.SubtitleMaxLength);
        b.Property(p => p.Brand).HasMaxLength(Product.BrandMaxLength);
        b.Property(p => p.Specs).HasColumnType("jsonb").HasConversion(JsonColumn.Converter<List<SpecAttribute>>(), JsonColumn.Comparer<List<SpecAttribute>>());
        b.Property(p => p.Attributes)
            .HasColumnType("jsonb")
            .HasConversion(JsonColumn.Converter<List<ProductAttribute>>(), JsonColumn.Comparer<List<ProductAttribute>>());
        b.Property(p => p.Images).HasColumnType("text[]");
        b.Ignore(p => p.TotalAvailable);
        b.Property<string[]>("SearchBigrams").HasColumnType("text[]").HasComputedColumnSql("text_bigrams(search_text)", stored: true);
        b.HasMany(p => p.Skus).WithOne().HasForeignKey(s => new { s.TenantId, s.ProductId }).OnDelete(DeleteBehavior.Cascade);
        b.Navigation(p => p.Skus).AutoInclude(false);
    }
}

internal sealed class SkuConfiguration : IEntityTypeConfiguration<Sku>
{
    public void Configure(EntityTypeBuilder<Sku> b)
    {
        b.ToTable("skus");
        b.HasKey(s => new { s.TenantId, s.Id });
        b.HasIndex(s => new { s.TenantId, s.Code }).IsUnique();
        b.Property(s => s.Price).HasPrecision(12, 2);
        b.Property(s => s.MarketPrice).HasPrecision(12, 2);
        b.Property(s => s.SpecValues).HasColumnType("text[]");
        b.Ignore(s => s.Available);
        b.Ignore(s => s.IsLowStock);
        b.Ignore(s => s.SpecText);
    }
}

internal sealed class CategoryConfiguration : IEntityTypeConfiguration<Category>
{
    public void Configure(EntityTypeBuilder<Category> b)
    {
        b.ToTable("categories");
        b.HasKey(c => new { c.TenantId, c.Id });
        b.HasIndex(c => new { c.TenantId, c.Slug }).IsUnique();
    }
}

internal sealed class CategorySlugRedirectConfiguration : IEntityTypeConfiguration<CategorySlugRedirect>
{
    public void Configure(EntityTypeBuilder<CategorySlugRedirect> b)
    {
        b.ToTable("category_slug_redirects");
        b.HasKey(r => new { r.TenantId, r.OldSlug });
    }
}

internal sealed class StockAdjustmentConfiguration : IEntityTypeConfiguration<StockAdjustment>
{
    public void Configure(EntityTypeBuilder<StockAdjustment> b)
    {
        b.ToTable("stock_adjustments");
        b.HasKey(a => new { a.TenantId, a.Id });
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
