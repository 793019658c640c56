using Storefront.Domain.Catalog;

namespace Storefront.Web.Features.Catalog.Admin.Csv;

/// <summary>The rows of one product (same slug), in file order.</summary>
internal sealed record CsvProductRows(string Slug, List<CsvRow> Rows)
{
    /// <summary>How SetVariants matches a row to an existing SKU: its spec values, in order.</summary>
    public static string Key(IEnumerable<string> values) => string.Join(" / ", values.Select(v => v.Trim()));

    /// <summary>The product's fields from its first row; what the file does not carry is kept from the product as it is.</summary>
    public ProductDraft Draft(CsvStoreState store)
    {
        var first = Rows[0];
        var existing = store.Products.GetValueOrDefault(Slug);
        Guid? category = first.Category.Length > 0 && store.Categories.TryGetValue(first.Category, out var id) ? id : null;
        var brand = first.Brand.Length > 0 ? first.Brand : null;
        return existing is null
            ? new ProductDraft(first.Name, Slug: Slug, Brand: brand, CategoryId: category)
            : new ProductDraft(first.Name, existing.Description, Slug, existing.Subtitle, brand, category, existing.SeoTitle,
                existing.SeoDescription, existing.Featured, existing.Attributes, existing.Images);
    }

    /// <summary>Spec names from the first row; each one's values in order of first appearance.</summary>
    public IReadOnlyList<SpecAttribute> Specs() => [.. Rows[0].SpecPairs
        .Select((pair, i) =>
            new SpecAttribute(pair.Name, [.. Rows.Select(r => i < r.SpecPairs.Count ? r.SpecPairs[i].Value : "").Distinct(StringComparer.Ordinal)]))];

    public IReadOnlyList<SkuDraft> SkuDrafts() => [.. Rows
        .Select(r => new SkuDraft(r.SpecValues, r.SkuCode, r.PriceValue, r.MarketPriceValue, r.StockValue, r.LowStockThresholdValue, r.WeightGramsValue))];
}
