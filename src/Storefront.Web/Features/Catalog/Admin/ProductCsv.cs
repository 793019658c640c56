using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using Microsoft.AspNetCore.WebUtilities;
using Storefront.Domain.Catalog;

namespace Storefront.Web.Features.Catalog.Admin;

/// <summary>
/// The product CSV that <see cref="ExportProductsCsv"/> writes and <see cref="Csv.ImportProductsCsv"/> reads: one row per
/// SKU, the product's columns repeated on each of its rows, specs as "颜色:红;尺码:S". Numbers are written with a dot
/// and no grouping whatever the interface language. UTF-8 with a byte order mark, so Excel shows Chinese right; a file
/// that is not UTF-8 is read as GB18030 (what Excel saves "CSV" as on a Chinese Windows).
/// </summary>
public static class ProductCsv
{
    public const string Slug = "slug";
    public const string Name = "name";
    public const string Brand = "brand";
    public const string Category = "category";
    public const string Status = "status";
    public const string Specs = "specs";
    public const string SkuCode = "sku_code";
    public const string Price = "price";
    public const string MarketPrice = "market_price";
    public const string Stock = "stock";
    public const string LowStockThreshold = "low_stock_threshold";
    public const string WeightGrams = "weight_grams";

    /// <summary>Largest file taken: about 50,000 SKU rows.</summary>
    public const int MaxBytes = 10 * 1024 * 1024;

    public static IReadOnlyList<string> Columns { get; } =
        [Slug, Name, Brand, Category, Status, Specs, SkuCode, Price, MarketPrice, Stock, LowStockThreshold, WeightGrams];

    /// <summary>Columns an import cannot do without.</summary>
    public static IReadOnlyList<string> RequiredColumns { get; } = [Slug, Name, SkuCode, Price];

    /// <summary>Header names a merchant may have typed in Chinese instead.</summary>
    private static readonly Dictionary<string, string> Aliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["商品标识"] = Slug,
        ["商品名称"] = Name,
        ["品牌"] = Brand,
        ["类目"] = Category,
        ["状态"] = Status,
        ["规格"] = Specs,
        ["sku编码"] = SkuCode,
        ["价格"] = Price,
        ["划线价"] = MarketPrice,
        ["库存"] = Stock,
        ["预警值"] = LowStockThreshold,
        ["库存预警值"] = LowStockThreshold,
        ["重量"] = WeightGrams,
        ["重量(克)"] = WeightGrams,
    };

    public static CsvConfiguration Configuration(Action<BadDataFoundArgs>? badData = null) => new(CultureInfo.InvariantCulture)
    {
        HasHeaderRecord = true,
        MissingFieldFound = null,
        HeaderValidated = null,
        IgnoreBlankLines = true,
        TrimOptions = TrimOptions.Trim,
        BadDataFound = badData is null ? null : args => badData(args),
    };

    /// <summary>The canonical column name of a header cell, or null when it is not one of ours.</summary>
    public static string? Canonical(string header)
    {
        var h = header.Trim().TrimStart('\uFEFF').Replace(" ", "", StringComparison.Ordinal);
        if (Columns.FirstOrDefault(c => string.Equals(c, h, StringComparison.OrdinalIgnoreCase)) is { } column)
        {
            return column;
        }

        return Aliases.GetValueOrDefault(h);
    }

    public static string FormatSpecs(IReadOnlyList<SpecAttribute> specs, IReadOnlyList<string> values) =>
        string.Join(";", specs.Select((s, i) => s.Name + ":" + (i < values.Count ? values[i] : "")));

    /// <summary>"颜色:红;尺码:S" (full-width ：； too) as name/value pairs in order; false when a part has no name or value.</summary>
    public static bool TryParseSpecs(string text, out List<(string Name, string Value)> pairs)
    {
        pairs = [];
        foreach (var part in text.Split([';', '；'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var colon = part.IndexOfAny([':', '：']);
            if (colon <= 0 || colon == part.Length - 1)
            {
                return false;
            }

            var name = part[..colon].Trim();
            var value = part[(colon + 1)..].Trim();
            if (name.Length == 0 || value.Length == 0)
            {
                return false;
            }

            pairs.Add((name, value));
        }

        return true;
    }

    public static string FormatMoney(decimal amount) => amount.ToString("0.00", CultureInfo.InvariantCulture);

    public static bool TryParseStatus(string text, out ProductStatus status)
    {
        foreach (var candidate in Enum.GetValues<ProductStatus>())
        {
            if (string.Equals(text, candidate.ToString(), StringComparison.OrdinalIgnoreCase)
                || text == CatalogLabels.ProductStatus(candidate)
                || text == StatusInChinese(candidate))
            {
                status = candidate;
                return true;
            }
        }

        status = default;
        return false;
    }

    private static string StatusInChinese(ProductStatus status) => status switch
    {
        ProductStatus.Listed => "已上架",
        ProductStatus.Delisted => "已下架",
        _ => "草稿",
    };

    /// <summary>The text of an uploaded file: UTF-8 (byte order mark or not), else GB18030.</summary>
    public static string Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            bytes = bytes[3..];
        }

        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
            return Encoding.GetEncoding("GB18030").GetString(bytes);
        }
    }

    /// <summary>Reads at most <see cref="MaxBytes"/> from a stream; null when it holds more.</summary>
    public static async Task<byte[]?> ReadLimitedAsync(Stream stream, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > MaxBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    /// <summary>The CSV of an API request: the first file of a multipart form, or the body itself (text/csv).</summary>
    internal static async Task<string> ReadUploadAsync(HttpRequest request, CancellationToken ct)
    {
        byte[]? bytes;
        if (request.ContentType?.StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase) == true)
        {
            var form = await request.ReadFormAsync(ct);
            var file = form.Files.FirstOrDefault() ?? throw new BadHttpRequestException(CatalogText.CsvChooseFile);
            await using var stream = file.OpenReadStream();
            bytes = file.Length > MaxBytes ? null : await ReadLimitedAsync(stream, ct);
        }
        else
        {
            bytes = await ReadLimitedAsync(request.Body, ct);
        }

        return bytes is null
            ? throw new BadHttpRequestException(string.Format(CatalogText.CsvTooLarge, MaxBytes / 1024 / 1024), StatusCodes.Status413PayloadTooLarge)
            : Decode(bytes);
    }

    /// <summary>Buffers the export (spilling to a temp file past 32 KB), so the database is read at full speed and then freed.</summary>
    internal static FileBufferingWriteStream ExportBuffer() => new();
}
