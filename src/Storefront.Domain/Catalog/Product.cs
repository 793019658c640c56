using System.Text.RegularExpressions;
using Storefront.Domain.Common;

namespace Storefront.Domain.Catalog;

/// <summary>
/// A product (SPU) of one store with its SKUs. 上下架: draft → listed ⇄ delisted, now or at a scheduled time.
/// Its price range, search text and stock summary are kept in step with its SKUs.
/// </summary>
public sealed partial class Product : ITenantOwned
{
    public const int NameMaxLength = 120;
    public const int SubtitleMaxLength = 200;
    public const int BrandMaxLength = 60;
    public const int DescriptionMaxLength = 20_000;
    public const int MaxImages = 12;

    private Product()
    {
    }

    public Guid TenantId { get; private set; }

    public Guid Id { get; private set; }

    public string Slug { get; private set; } = "";

    public string Name { get; private set; } = "";

    public string Subtitle { get; private set; } = "";

    public string? Brand { get; private set; }

    public Guid? CategoryId { get; private set; }

    /// <summary>Markdown; rendered with raw HTML disabled.</summary>
    public string Description { get; private set; } = "";

    public string? SeoTitle { get; private set; }

    public string? SeoDescription { get; private set; }

    public bool Featured { get; private set; }

    public ProductStatus Status { get; private set; }

    public List<SpecAttribute> Specs { get; private set; } = [];

    public List<ProductAttribute> Attributes { get; private set; } = [];

    /// <summary>Content-hash file names of the product's images, the first is the main one.</summary>
    public List<string> Images { get; private set; } = [];

    public List<Sku> Skus { get; private set; } = [];

    public decimal MinPrice { get; private set; }

    public decimal MaxPrice { get; private set; }

    public int SalesCount { get; private set; }

    /// <summary>What keyword search looks in: name, subtitle, brand and attribute values.</summary>
    public string SearchText { get; private set; } = "";

    public DateTimeOffset? ScheduledListAt { get; private set; }

    public DateTimeOffset? ScheduledDelistAt { get; private set; }

    public DateTimeOffset? ListedAt { get; private set; }

    public DateTimeOffset? DelistedAt { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public int TotalAvailable => Skus.Sum(s => s.Available);

    public static Product Create(Guid tenantId, ProductDraft draft, IReadOnlyList<SpecAttribute> specs, IReadOnlyList<SkuDraft> skus, DateTimeOffset now)
    {
        var product = new Product { TenantId = tenantId, Id = Guid.CreateVersion7(now), Status = ProductStatus.Draft, CreatedAt = now };
        product.Edit(draft, now);
        product.SetVariants(specs, skus, now);
        return product;
    }

    public void Edit(ProductDraft draft, DateTimeOffset now)
    {
        var name = draft.Name.Trim();
        if (name.Length is 0 or > NameMaxLength)
        {
            throw new DomainException("product.name", $"商品名称不能为空，且不超过 {NameMaxLength} 个字符。");
        }

        if (draft.Description.Trim().Length > DescriptionMaxLength)
        {
            throw new DomainException("product.description", $"商品描述不超过 {DescriptionMaxLength} 个字符。");
        }

        var slug = string.IsNullOrWhiteSpace(draft.Slug) ? (Slug.Length > 0 ? Slug : "p" + Id.ToString("N")[20..]) : draft.Slug.Trim().ToLowerInvariant();
        if (!IsValidSlug(slug))
        {
            throw new DomainException("product.slug", "商品链接标识只能包含小写字母、数字和连字符（1–80 位）。");
        }

        if (draft.Images.Count > MaxImages)
        {
            throw new DomainException("product.images", $"商品图片最多 {MaxImages} 张。");
        }

        var attributes = draft.Attributes
            .Select(a => new ProductAttribute(a.Name.Trim(), a.Value.Trim()))
            .Where(a => a.Name.Length > 0 && a.Value.Length > 0)
            .ToList();
        if (attributes.Any(a => a.Name.Length > 20 || a.Value.Length > 40))
        {
            throw new DomainException("product.attributes", "属性名不超过 20 个字符，属性值不超过 40 个字符。");
        }

        Name = name;
        Slug = slug;
        Subtitle = draft.Subtitle.Trim();
        Brand = string.IsNullOrWhiteSpace(draft.Brand) ? null : draft.Brand.Trim();
        CategoryId = draft.CategoryId;
        Description = draft.Description.Trim();
        SeoTitle = string.IsNullOrWhiteSpace(draft.SeoTitle) ? null : draft.SeoTitle.Trim();
        SeoDescription = string.IsNullOrWhiteSpace(draft.SeoDescription) ? null : draft.SeoDescription.Trim();
        Featured = draft.Featured;
        Attributes = attributes;
        Images = [.. draft.Images];
        UpdatedAt = now;
        Refresh();
    }

    /// <summary>
    /// Sets the spec attributes and the SKU grid. A SKU whose combination already exists keeps its id and stock;
    /// a combination that disappears takes its SKU with it, unless units of it are reserved by orders.
    /// </summary>
    public void SetVariants(IReadOnlyList<SpecAttribute> specs, IReadOnlyList<SkuDraft> skus, DateTimeOffset now)
    {
        var normalized = Variants.Normalize(specs);
        Variants.Check(normalized, skus);
        var existing = Skus.ToDictionary(s => Variants.Key(s.SpecValues));
        var wanted = skus.Select(d => Variants.Key(d.SpecValues)).ToHashSet();
        foreach (var draft in skus)
        {
            Sku.Check(draft, isNew: !existing.ContainsKey(Variants.Key(draft.SpecValues)));
        }

        if (existing.Where(e => !wanted.Contains(e.Key)).Select(e => e.Value).FirstOrDefault(s => s.Reserved > 0) is { } held)
        {
            throw new DomainException("sku.reserved", $"SKU {held.Code} 有未完成订单占用的库存，不能删除。");
        }

        // Nothing is refused past this point, so a refusal above leaves every SKU as it was.
        var kept = new List<Sku>();
        foreach (var draft in skus)
        {
            var values = draft.SpecValues.Select(v => v.Trim()).ToList();
            if (existing.Remove(Variants.Key(values), out var sku))
            {
                sku.Update(draft);
            }
            else
            {
                sku = Sku.Create(TenantId, Id, draft with { SpecValues = values }, now);
            }

            kept.Add(sku);
        }

        Specs = [.. normalized];
        Skus = kept;
        UpdatedAt = now;
        Refresh();
    }

    public void List(DateTimeOffset now)
    {
        if (Status == ProductStatus.Listed)
        {
            throw new DomainException("product.listed", "商品已上架。");
        }

        Status = ProductStatus.Listed;
        ListedAt = now;
        ScheduledListAt = null;
        if (ScheduledDelistAt <= now)
        {
            // A delisting that came due while the product was not listed must not take down this listing.
            ScheduledDelistAt = null;
        }

        UpdatedAt = now;
    }

    public void Delist(DateTimeOffset now)
    {
        if (Status != ProductStatus.Listed)
        {
            throw new DomainException("product.not-listed", "只有已上架的商品可以下架。");
        }

        Status = ProductStatus.Delisted;
        DelistedAt = now;
        ScheduledDelistAt = null;
        UpdatedAt = now;
    }

    /// <summary>Plans listing and/or delisting at future times (null clears a plan).</summary>
    public void Schedule(DateTimeOffset? listAt, DateTimeOffset? delistAt, DateTimeOffset now)
    {
        if (listAt <= now || delistAt <= now)
        {
            throw new DomainException("product.schedule-past", "定时上下架的时间必须晚于现在。");
        }

        if (listAt is not null && delistAt is not null && delistAt <= listAt)
        {
            throw new DomainException("product.schedule-order", "定时下架时间必须晚于定时上架时间。");
        }

        if (listAt is not null && Status == ProductStatus.Listed)
        {
            throw new DomainException("product.listed", "商品已上架。");
        }

        ScheduledListAt = listAt;
        ScheduledDelistAt = delistAt;
        UpdatedAt = now;
    }

    /// <summary>Carries out whatever plan has come due by <paramref name="now"/>; true when the status changed.</summary>
    public bool ApplySchedule(DateTimeOffset now)
    {
        var changed = false;
        if (ScheduledListAt is { } listAt && listAt <= now && Status != ProductStatus.Listed)
        {
            List(listAt);
            changed = true;
        }

        if (ScheduledDelistAt is { } delistAt && delistAt <= now && Status == ProductStatus.Listed)
        {
            Delist(delistAt);
            changed = true;
        }

        return changed;
    }

    private void Refresh()
    {
        if (Skus.Count > 0)
        {
            MinPrice = Skus.Min(s => s.Price);
            MaxPrice = Skus.Max(s => s.Price);
        }

        SearchText = string.Join(' ', new[] { Name, Subtitle, Brand ?? "" }.Concat(Attributes.Select(a => a.Value)).Concat(Specs.SelectMany(s => s.Values))
            .Where(s => s.Length > 0)).ToLowerInvariant();
    }

    /// <summary>A product slug as kept: 1–80 lowercase letters, digits and inner hyphens (the one definition; the CSV import uses it too).</summary>
    public static bool IsValidSlug(string slug) => SlugPattern().IsMatch(slug);

    [GeneratedRegex(@"^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?\z")]
    private static partial Regex SlugPattern();
}

/// <summary>What a merchant enters for a product, apart from its variants.</summary>
public sealed record ProductDraft(
    string Name,
    string Description = "",
    string? Slug = null,
    string Subtitle = "",
    string? Brand = null,
    Guid? CategoryId = null,
    string? SeoTitle = null,
    string? SeoDescription = null,
    bool Featured = false,
    IReadOnlyList<ProductAttribute>? AttributeList = null,
    IReadOnlyList<string>? ImageList = null)
{
    public IReadOnlyList<ProductAttribute> Attributes => AttributeList ?? [];

    public IReadOnlyList<string> Images => ImageList ?? [];
}
