using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Storefront.Domain.Catalog;

namespace Storefront.Web.Infrastructure.Data;

/// <summary>
/// Two columns of products that the database keeps, not the app: the sum of available stock over the product's SKUs
/// and how many of them are at or below their low-stock threshold (trigger skus_roll_up_stock, migration 0004). They
/// are shadow properties, read in queries as <c>EF.Property&lt;int&gt;(p, ProductStockRollup.Stock)</c> and never written
/// by EF, so no save can overwrite what the trigger counted.
/// </summary>
public static class ProductStockRollup
{
    public const string Stock = "Stock";
    public const string LowStockSkus = "LowStockSkus";
}

internal sealed class ProductStockRollupConfiguration : IEntityTypeConfiguration<Product>
{
    public void Configure(EntityTypeBuilder<Product> b)
    {
        foreach (var name in new[] { ProductStockRollup.Stock, ProductStockRollup.LowStockSkus })
        {
            var property = b.Property<int>(name).ValueGeneratedOnAddOrUpdate();
            property.Metadata.SetBeforeSaveBehavior(PropertySaveBehavior.Ignore);
            property.Metadata.SetAfterSaveBehavior(PropertySaveBehavior.Ignore);
        }
    }
}
