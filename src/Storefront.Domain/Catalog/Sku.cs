using Storefront.Domain.Common;

namespace Storefront.Domain.Catalog;

/// <summary>
/// One sellable variant of a product: one combination of its spec values, with its own code, price, market price
/// (划线价), stock and low-stock threshold. Available stock is on-hand minus reserved (held by unpaid orders).
/// </summary>
public sealed class Sku : ITenantOwned
{
    public const int CodeMaxLength = 64;

    private Sku()
    {
    }

    public Guid TenantId { get; private set; }

    public Guid Id { get; private set; }

    public Guid ProductId { get; private set; }

    public string Code { get; private set; } = "";

    /// <summary>One value per spec attribute of the product, in the product's attribute order.</summary>
    public List<string> SpecValues { get; private set; } = [];

    public decimal Price { get; private set; }

    public decimal? MarketPrice { get; private set; }

    public int OnHand { get; private set; }

    public int Reserved { get; private set; }

    public int LowStockThreshold { get; private set; }

    public int WeightGrams { get; private set; }

    public string? Image { get; private set; }

    public int Available => OnHand - Reserved;

    public bool IsLowStock => Available <= LowStockThreshold;

    public string SpecText => string.Join(" / ", SpecValues);

    internal static Sku Create(Guid tenantId, Guid productId, SkuDraft draft, DateTimeOffset now)
    {
        Check(draft, isNew: true);
        var sku = new Sku { TenantId = tenantId, Id = Guid.CreateVersion7(now), ProductId = productId, SpecValues = [.. draft.SpecValues] };
        sku.Update(draft);
        sku.OnHand = draft.Stock;
        return sku;
    }

    /// <summary>Refuses a draft that breaks a SKU rule; the opening stock counts only for a new SKU.</summary>
    internal static void Check(SkuDraft draft, bool isNew)
    {
        var code = draft.Code.Trim();
        if (code.Length is 0 or > CodeMaxLength)
        {
            throw new DomainException("sku.code", $"SKU 编码不能为空，且不超过 {CodeMaxLength} 个字符。");
        }

        CheckPrice(draft.Price, "sku.price", "SKU 价格");
        if (draft.MarketPrice is { } market)
        {
            CheckPrice(market, "sku.market-price", "划线价");
            if (market < draft.Price)
            {
                throw new DomainException("sku.market-price", "划线价不能低于售价。");
            }
        }

        if (draft.LowStockThreshold < 0 || draft.WeightGrams < 0)
        {
            throw new DomainException("sku.threshold", "库存预警值和重量不能为负数。");
        }

        if (isNew && draft.Stock < 0)
        {
            throw new DomainException("sku.stock", "库存不能为负数。");
        }
    }

    internal void Update(SkuDraft draft)
    {
        Check(draft, isNew: false);
        Code = draft.Code.Trim();
        Price = draft.Price;
        MarketPrice = draft.MarketPrice;
        LowStockThreshold = draft.LowStockThreshold;
        WeightGrams = draft.WeightGrams;
        Image = string.IsNullOrWhiteSpace(draft.Image) ? null : draft.Image;
    }

    /// <summary>The on-hand count after an adjustment; refused when it would drop below zero or below what is reserved.</summary>
    public int OnHandAfter(int delta)
    {
        var after = (long)OnHand + delta;
        if (delta == 0)
        {
            throw new DomainException("stock.zero", "调整数量不能为 0。");
        }

        if (after < Reserved || after > int.MaxValue)
        {
            throw new DomainException("stock.negative", $"调整后库存 ({after}) 不能低于已占用的 {Reserved} 件。");
        }

        return (int)after;
    }

    internal static void CheckPrice(decimal price, string code, string what)
    {
        if (price <= 0 || price > Money.MaxAmount || !Money.HasAtMostTwoDecimals(price))
        {
            throw new DomainException(code, $"{what}必须大于 0，且最多两位小数。");
        }
    }
}

/// <summary>What a merchant enters for one SKU.</summary>
public sealed record SkuDraft(
    IReadOnlyList<string> SpecValues,
    string Code,
    decimal Price,
    decimal? MarketPrice = null,
    int Stock = 0,
    int LowStockThreshold = 0,
    int WeightGrams = 0,
    string? Image = null);
