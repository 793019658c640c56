using System.Globalization;
using System.Text.Json;
using CsvHelper;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Storefront.Domain.Catalog;
using Storefront.Domain.Common;
using Storefront.Web.Infrastructure.Behaviors;
using Storefront.Web.Infrastructure.Web;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Identity;
using Storefront.Web.Infrastructure.Tenancy;

namespace Storefront.Web.Features.Catalog.Admin;

/// <summary>
/// Creates or updates products from a CSV (<see cref="ProductCsv"/>), matched by slug, rows grouped by product.
/// All or nothing: every row is checked first (its fields, against the other rows, against the store, and each
/// product through the domain's own rules on a throwaway copy), and any error anywhere means nothing is changed and
/// the answer is the list of errors by row and column. Only a clean file is applied, through Product.Create / Edit /
/// SetVariants, in the command's one transaction. A changed stock of an existing SKU is booked as a stock adjustment.
/// </summary>
public static partial class ImportProductsCsv
{
    public const int MaxRows = 50_000;

    public const int MaxErrors = 500;

    public sealed record Command(string Csv) : ICommand<Result>, IChangesCatalog;

    /// <summary>What happened: imported, or not at all with <see cref="Errors"/> (the first <see cref="MaxErrors"/>).</summary>
    public sealed record Result(bool Imported, int Rows, int ProductsCreated, int ProductsUpdated, int Skus, int StockChanges,
        IReadOnlyList<RowError> Errors, int ErrorCount);

    /// <summary>One problem: the spreadsheet row (the header is row 1), the column, and what is wrong.</summary>
    public sealed record RowError(int Row, string Column, string Message);

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Csv).NotEmpty().WithMessage(_ => CatalogText.CsvEmpty)
                .MaximumLength(ProductCsv.MaxBytes).WithMessage(_ => string.Format(CatalogText.CsvTooLarge, ProductCsv.MaxBytes / 1024 / 1024));
        }
    }

    internal sealed class Handler(StorefrontDb db, TenantContext tenant, CurrentUser user, TimeProvider clock)
        : IRequestHandler<Command, Result>
    {
        public async Task<Result> Handle(Command request, CancellationToken cancellationToken)
        {
            var tenantId = tenant.RequiredId;
            var now = clock.GetUtcNow();
            var report = new Report();

            var rows = Read(request.Csv, report);
            if (rows is null)
            {
                return report.Refused(0);
            }

            foreach (var row in rows)
            {
                CheckFields(row, report);
            }

            var groups = rows.GroupBy(r => r.Slug).Select(g => new ProductRows(g.Key, [.. g])).ToList();
            CheckAcrossRows(rows, groups, report);
            var store = await StoreState.LoadAsync(db, rows, cancellationToken);
            foreach (var group in groups)
            {
                CheckAgainstStore(group, store, report);
                if (!group.Rows.Any(report.Has))
                {
                    DryRun(group, store, tenantId, now, report);
                }
            }

            if (report.Count > 0)
            {
                return report.Refused(rows.Count);
            }

            return await ApplyAsync(rows.Count, groups, store, tenantId, now, cancellationToken);
        }

        private static List<CsvRow>? Read(string text, Report report)
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

                if (rows.Count == MaxRows)
                {
                    report.Add(number, "", string.Format(CatalogText.CsvTooManyRows, MaxRows));
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

        private static void CheckFields(CsvRow row, Report report)
        {
            if (row.Slug.Length == 0)
            {
                report.Add(row, ProductCsv.Slug, CatalogText.CsvRequired);
            }
            else if (!ProductSlug().IsMatch(row.Slug))
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

        /// <summary>Rules between rows: unique SKU codes in the file, one name/brand/category/status and one set of spec names per product, one row per combination.</summary>
        private static void CheckAcrossRows(List<CsvRow> rows, List<ProductRows> groups, Report report)
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
                        Same(row, ProductCsv.Status, row.StatusValue?.ToString() ?? row.Status, first.StatusValue?.ToString() ?? first.Status, first.Number, report);
                        if (!row.SpecPairs.Select(p => p.Name).SequenceEqual(first.SpecPairs.Select(p => p.Name), StringComparer.OrdinalIgnoreCase))
                        {
                            report.Add(row, ProductCsv.Specs, string.Format(CatalogText.CsvSpecNamesDiffer, first.Number));
                        }
                    }

                    if (!combinations.TryAdd(Key(row.SpecValues), row.Number))
                    {
                        report.Add(row, ProductCsv.Specs, string.Format(CatalogText.CsvDuplicateCombination, combinations[Key(row.SpecValues)]));
                    }
                }
            }
        }

        private static void CheckAgainstStore(ProductRows group, StoreState store, Report report)
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
                var sku = existing.Skus.FirstOrDefault(s => Key(s.SpecValues) == Key(row.SpecValues));
                if (sku is not null)
                {
                    kept.Add(Key(sku.SpecValues));
                    if (row.StockValue < sku.Reserved)
                    {
                        report.Add(row, ProductCsv.Stock, string.Format(CatalogText.CsvStockBelowReserved, sku.Reserved));
                    }
                }
            }

            foreach (var dropped in existing.Skus.Where(s => s.Reserved > 0 && !kept.Contains(Key(s.SpecValues))))
            {
                report.Add(group.Rows[0], ProductCsv.Specs, string.Format(CatalogText.CsvReservedSkuRemoved, dropped.Code));
            }
        }

        /// <summary>The domain's own rules (combinations, codes, prices, slug…) on a throwaway product built from the rows.</summary>
        private static void DryRun(ProductRows group, StoreState store, Guid tenantId, DateTimeOffset now, Report report)
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

        private async Task<Result> ApplyAsync(int rowCount, List<ProductRows> groups, StoreState store, Guid tenantId, DateTimeOffset now, CancellationToken ct)
        {
            int created = 0, updated = 0, skus = 0;
            var stockChanges = new List<object>();
            foreach (var group in groups)
            {
                var target = group.Rows[0].StatusValue;
                if (store.Products.GetValueOrDefault(group.Slug) is not { } product)
                {
                    product = Product.Create(tenantId, group.Draft(store), group.Specs(), group.SkuDrafts(), now);
                    MoveTo(product, target ?? ProductStatus.Draft, now);
                    db.Products.Add(product);
                    created++;
                }
                else
                {
                    // Kept SKUs keep their id and stock through SetVariants; a different stock in the file is a stock-take.
                    var counts = group.Rows
                        .Select(r => (Row: r, Sku: product.Skus.FirstOrDefault(s => Key(s.SpecValues) == Key(r.SpecValues))))
                        .Where(x => x.Sku is not null && x.Sku.OnHand != x.Row.StockValue)
                        .Select(x => (x.Sku!.Id, Counted: x.Row.StockValue))
                        .ToList();
                    product.Edit(group.Draft(store), now);
                    product.SetVariants(group.Specs(), group.SkuDrafts(), now);
                    MoveTo(product, target ?? product.Status, now);
                    foreach (var (skuId, counted) in counts)
                    {
                        var outcome = await AdjustStock.SetCountedAsync(db, tenantId, skuId, counted, ct)
                            ?? throw new DomainException("stock.moved", CatalogText.StockMovedRetry, isConflict: true);
                        db.StockAdjustments.Add(StockAdjustment.Record(tenantId, skuId, outcome.Delta, outcome.OnHand, StockReason.Correction,
                            CatalogText.CsvImportNote, user.Id, now));
                        stockChanges.Add(new { outcome.Code, outcome.Delta, OnHandAfter = outcome.OnHand });
                    }

                    updated++;
                }

                skus += product.Skus.Count;
            }

            db.AuditLog.Add(AuditEntry.Record(tenantId, user.Id, "products.imported", "", JsonSerializer.Serialize(new
            {
                Rows = rowCount,
                Created = created,
                Updated = updated,
                Skus = skus,
                Products = groups.Take(100).Select(g => g.Slug),
                StockChanges = stockChanges.Take(200),
            }), now));
            return new Result(true, rowCount, created, updated, skus, stockChanges.Count, [], 0);
        }

        private static void MoveTo(Product product, ProductStatus target, DateTimeOffset now)
        {
            if (target != ProductStatus.Draft && product.Status == ProductStatus.Draft)
            {
                product.List(now);
            }

            if (target == ProductStatus.Listed && product.Status == ProductStatus.Delisted)
            {
                product.List(now);
            }

            if (target == ProductStatus.Delisted && product.Status == ProductStatus.Listed)
            {
                product.Delist(now);
            }
        }

        private static void Same(CsvRow row, string column, string value, string expected, int firstRow, Report report)
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

        private static int WholeNumber(CsvRow row, string column, string text, int max, Report report)
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

    /// <summary>How SetVariants matches a row to an existing SKU: its spec values, in order.</summary>
    private static string Key(IEnumerable<string> values) => string.Join(" / ", values.Select(v => v.Trim()));

    [System.Text.RegularExpressions.GeneratedRegex(@"^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?\z")]
    private static partial System.Text.RegularExpressions.Regex ProductSlug();

    /// <summary>One data row as read, and its values once checked.</summary>
    private sealed class CsvRow(int number)
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

        public bool IsBlank => new[] { Slug, Name, Brand, Category, Status, Specs, SkuCode, Price, MarketPrice, Stock, LowStockThreshold, WeightGrams }.All(f => f.Length == 0);

        public ProductStatus? StatusValue { get; set; }

        public List<(string Name, string Value)> SpecPairs { get; set; } = [];

        public IReadOnlyList<string> SpecValues => SpecPairs.Select(p => p.Value).ToList();

        public decimal PriceValue { get; set; }

        public decimal? MarketPriceValue { get; set; }

        public int StockValue { get; set; }

        public int LowStockThresholdValue { get; set; }

        public int WeightGramsValue { get; set; }
    }

    /// <summary>The rows of one product (same slug), in file order.</summary>
    private sealed record ProductRows(string Slug, List<CsvRow> Rows)
    {
        /// <summary>The product's fields from its first row; what the file does not carry is kept from the product as it is.</summary>
        public ProductDraft Draft(StoreState store)
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
        public IReadOnlyList<SpecAttribute> Specs() => Rows[0].SpecPairs
            .Select((pair, i) => new SpecAttribute(pair.Name, Rows.Select(r => i < r.SpecPairs.Count ? r.SpecPairs[i].Value : "").Distinct(StringComparer.Ordinal).ToList()))
            .ToList();

        public IReadOnlyList<SkuDraft> SkuDrafts() => Rows
            .Select(r => new SkuDraft(r.SpecValues, r.SkuCode, r.PriceValue, r.MarketPriceValue, r.StockValue, r.LowStockThresholdValue, r.WeightGramsValue))
            .ToList();
    }

    /// <summary>What the store already holds that the file refers to: its products by slug (tracked, with SKUs), categories, SKU codes.</summary>
    private sealed record StoreState(
        Dictionary<string, Product> Products,
        Dictionary<string, Guid> Categories,
        Dictionary<string, (Guid ProductId, string Slug)> CodeOwners)
    {
        private const int Chunk = 1000;

        public static async Task<StoreState> LoadAsync(StorefrontDb db, List<CsvRow> rows, CancellationToken ct)
        {
            var products = new Dictionary<string, Product>();
            foreach (var slugs in rows.Select(r => r.Slug).Where(s => s.Length > 0).Distinct().Chunk(Chunk))
            {
                foreach (var product in await db.Products.Include(p => p.Skus).Where(p => slugs.Contains(p.Slug)).ToListAsync(ct))
                {
                    products[product.Slug] = product;
                }
            }

            var categorySlugs = rows.Select(r => r.Category).Where(s => s.Length > 0).Distinct().ToList();
            var categories = categorySlugs.Count == 0
                ? []
                : await db.Categories.AsNoTracking().Where(c => categorySlugs.Contains(c.Slug)).ToDictionaryAsync(c => c.Slug, c => c.Id, ct);

            var owners = new Dictionary<string, (Guid, string)>(StringComparer.Ordinal);
            foreach (var codes in rows.Select(r => r.SkuCode).Where(c => c.Length > 0).Distinct().Chunk(Chunk))
            {
                var found = await (from s in db.Skus.AsNoTracking()
                                   join p in db.Products.AsNoTracking() on s.ProductId equals p.Id
                                   where codes.Contains(s.Code)
                                   select new { s.Code, s.ProductId, p.Slug }).ToListAsync(ct);
                foreach (var sku in found)
                {
                    owners[sku.Code] = (sku.ProductId, sku.Slug);
                }
            }

            return new StoreState(products, categories, owners);
        }
    }

    /// <summary>The errors found so far, and which rows have any.</summary>
    private sealed class Report
    {
        private readonly List<RowError> _errors = [];
        private readonly HashSet<int> _rows = [];

        public int Count { get; private set; }

        public void Add(CsvRow row, string column, string message) => Add(row.Number, column, message);

        public void Add(int row, string column, string message)
        {
            Count++;
            _rows.Add(row);
            if (_errors.Count < MaxErrors)
            {
                _errors.Add(new RowError(row, column, message));
            }
        }

        public bool Has(CsvRow row) => _rows.Contains(row.Number);

        public Result Refused(int rows) =>
            new(false, rows, 0, 0, 0, 0, [.. _errors.OrderBy(e => e.Row)], Count);
    }

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/admin/catalog/products/import", async (HttpRequest http, IMediator mediator, CancellationToken ct) =>
            {
                var result = await mediator.Send(new Command(await ProductCsv.ReadUploadAsync(http, ct)), ct);
                return result.Imported
                    ? Results.Ok(result)
                    : Results.Problem(
                        title: string.Format(CatalogText.CsvRefused, result.ErrorCount),
                        statusCode: StatusCodes.Status400BadRequest,
                        type: "urn:storefront:csv-import",
                        extensions: new Dictionary<string, object?> { ["rowErrors"] = result.Errors, ["errorCount"] = result.ErrorCount, ["rows"] = result.Rows });
            })
            .RequireAuthorization(Policies.Catalog).WithTags("Admin catalog").DisableAntiforgery()
            .WithDescription("The CSV as a multipart/form-data file, or as the request body (text/csv).")
            .Produces<Result>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status413PayloadTooLarge);
}
