using Storefront.Domain.Catalog;

namespace Storefront.Web.Features.Catalog.Admin;

/// <summary>
/// What the product editor holds while a merchant works: the details, the spec attributes as typed, and the SKU
/// grid, regenerated from every combination of the spec values whenever they change (rows of combinations that
/// stay keep what was entered). Property names match the commands', so refusals land beside their fields.
/// </summary>
public sealed class ProductEditorModel
{
    private static readonly char[] Separators = [',', '，', '、', ';', '；', '\n', '\r'];

    public string Name { get; set; } = "";

    public string Subtitle { get; set; } = "";

    public string? Slug { get; set; }

    public string? Brand { get; set; }

    public Guid? CategoryId { get; set; }

    public string Description { get; set; } = "";

    public string? SeoTitle { get; set; }

    public string? SeoDescription { get; set; }

    public bool Featured { get; set; }

    /// <summary>For a new product: list it at once instead of keeping a draft.</summary>
    public bool ListNow { get; set; }

    public List<AttributeRow> Attributes { get; set; } = [];

    public List<string> Images { get; set; } = [];

    public List<SpecRow> Specs { get; set; } = [];

    public List<SkuRow> Skus { get; set; } = [];

    /// <summary>Why the grid was not regenerated (too many combinations), if it was not.</summary>
    public string? GridMessage { get; private set; }

    /// <summary>The stem of made-up SKU codes, e.g. SKU-3F9A1C-2.</summary>
    public string CodeBase { get; set; } = "SKU-" + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();

    public static ProductEditorModel New()
    {
        var model = new ProductEditorModel();
        model.Regenerate();
        return model;
    }

    public static ProductEditorModel From(GetProduct.Details d) => new()
    {
        Name = d.Name,
        Subtitle = d.Subtitle,
        Slug = d.Slug,
        Brand = d.Brand,
        CategoryId = d.CategoryId,
        Description = d.Description,
        SeoTitle = d.SeoTitle,
        SeoDescription = d.SeoDescription,
        Featured = d.Featured,
        Attributes = [.. d.Attributes.Select(a => new AttributeRow { Name = a.Name, Value = a.Value })],
        Images = [.. d.Images],
        Specs = [.. d.Specs.Select(s => new SpecRow { Name = s.Name, ValuesText = string.Join(", ", s.Values) })],
        Skus = [.. d.Skus.Select(s => new SkuRow
        {
            Id = s.Id,
            SpecValues = [.. s.SpecValues],
            Code = s.Code,
            Price = s.Price,
            MarketPrice = s.MarketPrice,
            Stock = s.OnHand,
            OnHand = s.OnHand,
            Reserved = s.Reserved,
            LowStockThreshold = s.LowStockThreshold,
            WeightGrams = s.WeightGrams,
            Image = s.Image,
        })],
    };

    /// <summary>Values as typed, split at commas (，、; or new lines), trimmed, blanks dropped.</summary>
    public static List<string> ParseValues(string? text) =>
        [.. (text ?? "").Split(Separators, StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)];

    /// <summary>The spec attributes to save: every row with a name or values (an incomplete row is refused with a reason, not dropped).</summary>
    public List<SpecAttribute> SpecAttributes() =>
        [.. Specs.Where(s => !string.IsNullOrWhiteSpace(s.Name) || ParseValues(s.ValuesText).Count > 0)
            .Select(s => new SpecAttribute(s.Name.Trim(), ParseValues(s.ValuesText)))];

    /// <summary>The spec names heading the grid's columns, for the rows that take part in it.</summary>
    public IReadOnlyList<string> GridSpecNames() =>
        [.. Specs.Where(s => ParseValues(s.ValuesText).Count > 0).Select(s => s.Name.Trim())];

    /// <summary>
    /// Rebuilds the SKU grid: one row per combination of the spec values. A combination already in the grid keeps its
    /// row (and, for a saved SKU, its id and stock); a new one starts from the prices of the row it grew from.
    /// </summary>
    public void Regenerate()
    {
        var specs = Specs.Select(s => ParseValues(s.ValuesText).Distinct(StringComparer.OrdinalIgnoreCase).ToList())
            .Where(v => v.Count > 0)
            .Select((v, i) => new SpecAttribute(i.ToString(System.Globalization.CultureInfo.InvariantCulture), v))
            .ToList();
        var size = specs.Aggregate(1L, (n, s) => n * s.Values.Count);
        if (size > Variants.MaxSkus)
        {
            GridMessage = string.Format(System.Globalization.CultureInfo.CurrentCulture, CatalogText.TooManyCombinations, size, Variants.MaxSkus);
            return;
        }

        GridMessage = null;
        var old = Skus.GroupBy(s => Key(s.SpecValues)).ToDictionary(g => g.Key, g => g.First());
        var rows = new List<SkuRow>();
        foreach (var combination in Variants.Combinations(specs))
        {
            if (old.TryGetValue(Key(combination), out var kept))
            {
                rows.Add(kept);
                continue;
            }

            var from = Skus.FirstOrDefault(s => s.SpecValues.All(combination.Contains) || combination.All(s.SpecValues.Contains));
            rows.Add(new SkuRow
            {
                SpecValues = [.. combination],
                Price = from?.Price,
                MarketPrice = from?.MarketPrice,
                LowStockThreshold = from?.LowStockThreshold ?? 0,
                WeightGrams = from?.WeightGrams ?? 0,
                Image = from?.Image,
            });
        }

        Skus = rows;
        foreach (var row in Skus.Where(r => r.Code.Length == 0))
        {
            row.Code = NextCode();
        }
    }

    /// <summary>Sets a field on every row of the grid (batch fill); stock only on rows that are not saved SKUs yet.</summary>
    public void Fill(decimal? price, decimal? marketPrice, int? stock, int? threshold, int? weight)
    {
        foreach (var row in Skus)
        {
            row.Price = price ?? row.Price;
            row.MarketPrice = marketPrice ?? row.MarketPrice;
            row.Stock = row.IsSaved ? row.Stock : stock ?? row.Stock;
            row.LowStockThreshold = threshold ?? row.LowStockThreshold;
            row.WeightGrams = weight ?? row.WeightGrams;
        }
    }

    public CreateProduct.Command ToCreate() => WithDetails(new CreateProduct.Command { Skus = SkuInputs(), List = ListNow });

    public UpdateProduct.Command ToUpdate(Guid id) => WithDetails(new UpdateProduct.Command { Id = id, Skus = SkuInputs() });

    private T WithDetails<T>(T command) where T : ProductDetails
    {
        command.Name = Name;
        command.Subtitle = Subtitle;
        command.Slug = Blank(Slug);
        command.Brand = Blank(Brand);
        command.CategoryId = CategoryId;
        command.Description = Description;
        command.SeoTitle = Blank(SeoTitle);
        command.SeoDescription = Blank(SeoDescription);
        command.Featured = Featured;
        command.Attributes = AttributeList();
        command.Images = [.. Images];
        command.Specs = SpecAttributes();
        return command;
    }

    private List<ProductAttribute> AttributeList() =>
        [.. Attributes.Where(a => !string.IsNullOrWhiteSpace(a.Name) || !string.IsNullOrWhiteSpace(a.Value))
            .Select(a => new ProductAttribute(a.Name.Trim(), a.Value.Trim()))];

    private List<CreateProduct.SkuInput> SkuInputs() => [.. Skus.Select(s => new CreateProduct.SkuInput
    {
        SpecValues = [.. s.SpecValues],
        Code = s.Code.Trim(),
        Price = s.Price ?? 0,
        MarketPrice = s.MarketPrice,
        Stock = s.Stock,
        LowStockThreshold = s.LowStockThreshold,
        WeightGrams = s.WeightGrams,
        Image = Blank(s.Image),
    })];

    private string NextCode()
    {
        for (var n = 1; ; n++)
        {
            var code = $"{CodeBase}-{n}";
            if (!Skus.Any(s => string.Equals(s.Code, code, StringComparison.OrdinalIgnoreCase)))
            {
                return code;
            }
        }
    }

    private static string Key(IEnumerable<string> values) => string.Join('\u001f', values.Select(v => v.Trim()));

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}

public sealed class SpecRow
{
    public string Name { get; set; } = "";

    /// <summary>The values as typed: 红, 蓝.</summary>
    public string ValuesText { get; set; } = "";
}

public sealed class AttributeRow
{
    public string Name { get; set; } = "";

    public string Value { get; set; } = "";
}

public sealed class SkuRow
{
    /// <summary>Set for a SKU already saved: its stock is shown, not edited (stock adjustments change it).</summary>
    public Guid? Id { get; set; }

    public List<string> SpecValues { get; set; } = [];

    public string Code { get; set; } = "";

    public decimal? Price { get; set; }

    public decimal? MarketPrice { get; set; }

    /// <summary>The initial stock of a new SKU.</summary>
    public int Stock { get; set; }

    public int OnHand { get; set; }

    public int Reserved { get; set; }

    public int LowStockThreshold { get; set; }

    public int WeightGrams { get; set; }

    public string? Image { get; set; }

    public bool IsSaved => Id is not null;
}
