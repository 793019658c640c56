using Storefront.Domain.Common;

namespace Storefront.Domain.Catalog;

/// <summary>A product (SPU) of one store.</summary>
public sealed class Product : ITenantOwned
{
    public const int NameMaxLength = 120;
    public const int DescriptionMaxLength = 20_000;

    private Product()
    {
    }

    public Guid TenantId { get; private set; }

    public Guid Id { get; private set; }

    public string Name { get; private set; } = "";

    public string Description { get; private set; } = "";

    public decimal Price { get; private set; }

    public ProductStatus Status { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public DateTimeOffset? ListedAt { get; private set; }

    public static Product Create(Guid tenantId, string name, string description, decimal price, DateTimeOffset now)
    {
        var product = new Product
        {
            TenantId = tenantId,
            Id = Guid.CreateVersion7(now),
            Status = ProductStatus.Draft,
            CreatedAt = now,
        };
        product.Edit(name, description, price, now);
        return product;
    }

    public void Edit(string name, string description, decimal price, DateTimeOffset now)
    {
        name = name.Trim();
        if (name.Length == 0 || name.Length > NameMaxLength)
        {
            throw new DomainException("product.name", $"商品名称不能为空，且不超过 {NameMaxLength} 个字符。");
        }

        if (description.Trim().Length > DescriptionMaxLength)
        {
            throw new DomainException("product.description", $"商品描述不超过 {DescriptionMaxLength} 个字符。");
        }

        if (price <= 0 || price > Money.MaxAmount || !Money.HasAtMostTwoDecimals(price))
        {
            throw new DomainException("product.price", "价格必须大于 0，且最多两位小数。");
        }

        Name = name;
        Description = description.Trim();
        Price = price;
        UpdatedAt = now;
    }

    public void List(DateTimeOffset now)
    {
        if (Status == ProductStatus.Listed)
        {
            throw new DomainException("product.listed", "商品已上架。");
        }

        Status = ProductStatus.Listed;
        ListedAt = now;
        UpdatedAt = now;
    }

    public void Delist(DateTimeOffset now)
    {
        if (Status != ProductStatus.Listed)
        {
            throw new DomainException("product.not-listed", "只有已上架的商品可以下架。");
        }

        Status = ProductStatus.Delisted;
        UpdatedAt = now;
    }
}
