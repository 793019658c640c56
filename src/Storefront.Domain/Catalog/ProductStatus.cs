namespace Storefront.Domain.Catalog;

/// <summary>上下架: draft (never shown), listed (on sale), delisted (off the shelf, old links say 已下架).</summary>
public enum ProductStatus
{
    Draft,
    Listed,
    Delisted,
}
