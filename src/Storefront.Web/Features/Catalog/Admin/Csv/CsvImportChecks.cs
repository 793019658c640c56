using System.Globalization;
using Storefront.Domain.Catalog;
using Storefront.Domain.Common;

namespace Storefront.Web.Features.Catalog.Admin.Csv;

/// <summary>
/// Every check an import runs before it writes anything: each row's fields, the rules between rows, the rows against the
/// store, and each product through the domain's own rules on a throwaway copy. Problems go into the report by row and column.
/// </summary>
internal static class CsvImportChecks
{
    public static void CheckFields(CsvRow row, CsvImportReport report)
    {
        if (row.Slug.Length == 0)
        {
            report.Add(row, ProductCsv.Slug, CatalogText.CsvRequired);
        }
        else if (!Product.IsValidSlug(row.Slug))
        {
            report.Add(row, ProductCsv.Slug, CatalogText.CsvBadSlug);
        }

        if (row.Name.Length == 0)
        {
            report.Add(row, ProductCsv.Name, CatalogText.CsvRequired);
        }
        else if (row.Name.Length > Product.NameMaxLength)
        {
            report.Add(row, ProductCsv.Name, string.Format(CatalogText.CsvTooLong, Product.NameMaxLength));
        }

        if (row.Brand.Length > Product.BrandMaxLength)
        {
            report.Add(row, ProductCsv.Brand, string.Format(CatalogText.CsvTooLong, Product.BrandMaxLength));
        }

        if (row.Status.Length > 0)
        {
            if (ProductCsv.TryParseStatus(row.Status, out var status))
            {
                row.StatusValue = status;
            }
            else
            {
                report.Add(row, ProductCsv.Status, CatalogText.CsvBadStatus);
            }
        }

        if (ProductCsv.TryParseSpecs(row.Specs, out var pairs))
        {
            row.SpecPairs = pairs;
        }
        else
        {
            report.Add(row, ProductCsv.Specs, CatalogText.CsvBadSpecs);
        }

        if (row.SkuCode.Length == 0)
        {
            report.Add(row, ProductCsv.SkuCode, CatalogText.CsvRequired);
        }
        else if (row.SkuCode.Length > Sku.CodeMaxLength)
        {
            report.Add(row, ProductCsv.SkuCode, string.Format(CatalogText.CsvTooLong, Sku.CodeMaxLength));
        }

        if (row.Price.Length == 0)
        {
            report.Add(row, ProductCsv.Price, CatalogText.CsvRequired);
        }
        else if (ParseMoney(row.Price) is { } price)
        {
            row.PriceValue = price;
        }
        else
        {
            report.Add(row, ProductCsv.Price, CatalogText.CsvBadPrice);
        }

        if (row.MarketPrice.Length > 0)
        {
            row.MarketPriceValue = ParseMoney(row.MarketPrice);
            if (row.MarketPriceValue is null)
            {
                report.Add(row, ProductCsv.MarketPrice, CatalogText.CsvBadPrice);
            }
        }

        row.StockValue = WholeNumber(row, ProductCsv.Stock, row.Stock, AdjustStock.MaxQuantity, report);
        row.LowStockThresholdValue = WholeNumber(row, ProductCsv.LowStockThreshold, row.LowStockThreshold, AdjustStock.MaxQuantity, report);
        row.WeightGramsValue = WholeNumber(row, ProductCsv.WeightGrams, row.WeightGrams, 1_000_000_000, report);
    }

    /// <summary>Rules between rows: unique SKU codes in the file, one name/brand/category/status and one set of spec names per product, one row per
    /// combination.</summary>
    public static void CheckAcrossRows(List<CsvRow> rows, List<CsvProductRows> groups, CsvImportReport report)
    {
        var codes = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var row in rows.Where(r => r.SkuCode.Length > 0))
        {
            if (!codes.TryAdd(row.SkuCode, row.Number))
            {
                report.Add(row, ProductCsv.SkuCode, string.Format(CatalogText.CsvDuplicateSku, row.SkuCode, codes[row.SkuCode]));
            }
        }

        foreach (var group in groups.Where(g => g.Slug.Length > 0))
        {
            var first = group.Rows[0];
            var combinations = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
            foreach (var row in group.Rows)
            {
                if (row != first)
                {
                    Same(row, ProductCsv.Name, row.Name, first.Name, first.Number, report);
                    Same(row, ProductCsv.Brand, row.Brand, first.Brand, first.Number, report);
                    Same(row, ProductCsv.Category, row.Category, first.Category, first.Number, report);
                    Same(row, ProductCsv.Status, row.StatusValue?.ToString() ?? row.Status, first.StatusValue?.ToString() ?? first.Status, first.Number,
                        report);
                    if (!row.SpecPairs.Select(p => p.Name).SequenceEqual(first.SpecPairs.Select(p => p.Name), StringComparer.OrdinalIgnoreCase))
                    {
                        report.Add(row, ProductCsv.Specs, string.Format(CatalogText.CsvSpecNamesDiffer, first.Number));
                    }
                }

                if (!combinations.TryAdd(CsvProductRows.Key(row.SpecValues), row.Number))
                {
                    report.Add(row, ProductCsv.Specs, string.Format(CatalogText.CsvDuplicateCombination, combinations[CsvProductRows.Key(row.SpecValues)]));
                }
            }
        }
    }

    public static void CheckAgainstStore(CsvProductRows group, CsvStoreState store, CsvImportReport report)
    {
        var existing = store.Products.GetValueOrDefault(group.Slug);
        foreach (var row in group.Rows)
        {
            if (row.Category.Length > 0 && !store.Categories.ContainsKey(row.Category))
            {
                report.Add(row, ProductCsv.Category, string.Format(CatalogText.CsvCategoryNotFound, row.Category));
            }

            if (store.CodeOwners.TryGetValue(row.SkuCode, out var owner) && owner.ProductId != existing?.Id)
            {
                report.Add(row, ProductCsv.SkuCode, string.Format(CatalogText.CsvSkuCodeUsed, row.SkuCode, owner.Slug));
            }
        }

        if (existing is null)
        {
            return;
        }

        if (group.Rows[0].StatusValue == ProductStatus.Draft && existing.Status != ProductStatus.Draft)
        {
            report.Add(group.Rows[0], ProductCsv.Status, CatalogText.CsvCannotReturnToDraft);
        }

        var kept = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in group.Rows)
        {
            var sku = existing.Skus.FirstOrDefault(s => CsvProductRows.Key(s.SpecValues) == CsvProductRows.Key(row.SpecValues));
            if (sku is not null)
            {
                kept.Add(CsvProductRows.Key(sku.SpecValues));
                if (row.StockValue < sku.Reserved)
                {
                    report.Add(row, ProductCsv.Stock, string.Format(CatalogText.CsvStockBelowReserved, sku.Reserved));
                }
            }
        }

        foreach (var dropped in existing.Skus.Where(s => s.Reserved > 0 && !kept.Contains(CsvProductRows.Key(s.SpecValues))))
        {
            report.Add(group.Rows[0], ProductCsv.Specs, string.Format(CatalogText.CsvReservedSkuRemoved, dropped.Code));
        }
    }

    /// <summary>The domain's own rules (combinations, codes, prices, slug…) on a throwaway product built from the rows.</summary>
    public static void DryRun(CsvProductRows group, CsvStoreState store, Guid tenantId, DateTimeOffset now, CsvImportReport report)
    {
        try
        {
            Product.Create(tenantId, group.Draft(store), group.Specs(), group.SkuDrafts(), now);
        }
        catch (DomainException refused)
        {
            report.Add(group.Rows[0], ColumnOf(refused.Code), refused.Message);
        }
    }

    private static void Same(CsvRow row, string column, string value, string expected, int firstRow, CsvImportReport report)
    {
        if (!string.Equals(value, expected, StringComparison.Ordinal))
        {
            report.Add(row, column, string.Format(CatalogText.CsvInconsistent, firstRow));
        }
    }

    private static decimal? ParseMoney(string text) =>
        decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount)
        && amount > 0 && amount <= Money.MaxAmount && Money.HasAtMostTwoDecimals(amount)
            ? amount
            : null;

    private static int WholeNumber(CsvRow row, string column, string text, int max, CsvImportReport report)
    {
        if (text.Length == 0)
        {
            return 0;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value <= max)
        {
            return value;
        }

        report.Add(row, column, string.Format(CatalogText.CsvBadWholeNumber, max));
        return 0;
    }

    private static string ColumnOf(string code) => code switch
    {
        "product.slug" => ProductCsv.Slug,
        "product.name" => ProductCsv.Name,
        "sku.code" or "sku.duplicate-code" => ProductCsv.SkuCode,
        "sku.price" => ProductCsv.Price,
        "sku.market-price" => ProductCsv.MarketPrice,
        "sku.stock" => ProductCsv.Stock,
        "sku.threshold" => ProductCsv.LowStockThreshold,
        _ when code.StartsWith("spec.", StringComparison.Ordinal) || code.StartsWith("sku.", StringComparison.Ordinal) => ProductCsv.Specs,
        _ => "",
    };
}
