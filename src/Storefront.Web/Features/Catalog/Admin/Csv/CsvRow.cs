using Storefront.Domain.Catalog;

namespace Storefront.Web.Features.Catalog.Admin.Csv;

/// <summary>One data row as read, and its values once checked.</summary>
internal sealed class CsvRow(int number)
{
    public int Number { get; } = number;

    public string Slug { get; init; } = "";

    public string Name { get; init; } = "";

    public string Brand { get; init; } = "";

    public string Category { get; init; } = "";

    public string Status { get; init; } = "";

    public string Specs { get; init; } = "";

    public string SkuCode { get; init; } = "";

    public string Price { get; init; } = "";

    public string MarketPrice { get; init; } = "";

    public string Stock { get; init; } = "";

    public string LowStockThreshold { get; init; } = "";

    public string WeightGrams { get; init; } = "";

    public bool IsBlank =>
        new[] { Slug, Name, Brand, Category, Status, Specs, SkuCode, Price, MarketPrice, Stock, LowStockThreshold, WeightGrams }.All(f => f.Length == 0);

    public ProductStatus? StatusValue { get; set; }

    public List<(string Name, string Value)> SpecPairs { get; set; } = [];

    public IReadOnlyList<string> SpecValues => [.. SpecPairs.Select(p => p.Value)];

    public decimal PriceValue { get; set; }

    public decimal? MarketPriceValue { get; set; }

    public int StockValue { get; set; }

    public int LowStockThresholdValue { get; set; }

    public int WeightGramsValue { get; set; }
}
