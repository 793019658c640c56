namespace Storefront.Domain.Catalog;

/// <summary>A spec attribute of a product (e.g. 颜色: 红/蓝): every combination of the values is one SKU.</summary>
public sealed record SpecAttribute(string Name, IReadOnlyList<string> Values);

/// <summary>A filterable attribute of a product (e.g. 材质: 棉), shown as a facet on the storefront.</summary>
public sealed record ProductAttribute(string Name, string Value);
