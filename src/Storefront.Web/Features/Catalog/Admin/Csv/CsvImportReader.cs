using CsvHelper;

namespace Storefront.Web.Features.Catalog.Admin.Csv;

/// <summary>Parses the uploaded text into rows by the header's columns (<see cref="ProductCsv"/>): a refusal when the file has no usable header.</summary>
internal static class CsvImportReader
{
    public static List<CsvRow>? Read(string text, CsvImportReport report)
    {
        var badQuotes = new HashSet<int>();
        using var reader = new StringReader(text.TrimStart('\uFEFF'));
        using var csv = new CsvReader(reader, ProductCsv.Configuration(args => badQuotes.Add(args.Context.Parser!.Row)));
        if (!csv.Read() || !csv.ReadHeader() || csv.HeaderRecord is not { Length: > 0 } header)
        {
            report.Add(1, "", CatalogText.CsvEmpty);
            return null;
        }

        var columns = new Dictionary<string, int>();
        for (var i = 0; i < header.Length; i++)
        {
            if (ProductCsv.Canonical(header[i]) is { } column)
            {
                columns.TryAdd(column, i);
            }
        }

        foreach (var missing in ProductCsv.RequiredColumns.Where(c => !columns.ContainsKey(c)))
        {
            report.Add(1, missing, string.Format(CatalogText.CsvMissingColumn, missing));
        }

        if (report.Count > 0)
        {
            return null;
        }

        var rows = new List<CsvRow>();
        while (csv.Read())
        {
            var number = csv.Parser.Row;
            string Field(string column) => columns.TryGetValue(column, out var i) && csv.TryGetField(i, out string? value) ? value?.Trim() ?? "" : "";
            var row = new CsvRow(number)
            {
                Slug = Field(ProductCsv.Slug).ToLowerInvariant(),
                Name = Field(ProductCsv.Name),
                Brand = Field(ProductCsv.Brand),
                Category = Field(ProductCsv.Category).ToLowerInvariant(),
                Status = Field(ProductCsv.Status),
                Specs = Field(ProductCsv.Specs),
                SkuCode = Field(ProductCsv.SkuCode),
                Price = Field(ProductCsv.Price),
                MarketPrice = Field(ProductCsv.MarketPrice),
                Stock = Field(ProductCsv.Stock),
                LowStockThreshold = Field(ProductCsv.LowStockThreshold),
                WeightGrams = Field(ProductCsv.WeightGrams),
            };
            if (row.IsBlank)
            {
                continue;
            }

            if (rows.Count == ImportProductsCsv.MaxRows)
            {
                report.Add(number, "", string.Format(CatalogText.CsvTooManyRows, ImportProductsCsv.MaxRows));
                break;
            }

            if (badQuotes.Contains(number))
            {
                report.Add(number, "", CatalogText.CsvBadQuotes);
            }

            rows.Add(row);
        }

        if (rows.Count == 0 && report.Count == 0)
        {
            report.Add(2, "", CatalogText.CsvNoRows);
        }

        return rows;
    }
}
