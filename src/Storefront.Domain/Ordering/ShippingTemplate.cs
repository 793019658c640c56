using Storefront.Domain.Common;

namespace Storefront.Domain.Ordering;

public enum ShippingFeeKind
{
    /// <summary>One fee per order.</summary>
    Flat,

    /// <summary>One fee per order, free when the goods come to at least <see cref="ShippingTemplate.FreeAbove"/>.</summary>
    FreeAbove,

    /// <summary>A fee for the first weight step and another for each further step (首重/续重).</summary>
    ByWeight,
}

/// <summary>
/// A store's shipping method (运费模板) and how it charges. The fee depends on the goods amount after discounts and on
/// the parcel's weight; any kind can also be made free above an amount.
/// </summary>
public sealed class ShippingTemplate : ITenantOwned
{
    public const int NameMaxLength = 40;

    private ShippingTemplate()
    {
    }

    public Guid TenantId { get; private set; }

    public Guid Id { get; private set; }

    public string Name { get; private set; } = "";

    public ShippingFeeKind Kind { get; private set; }

    /// <summary>The flat fee, or for <see cref="ShippingFeeKind.ByWeight"/> the fee of the first weight step.</summary>
    public decimal Fee { get; private set; }

    /// <summary>Goods amount at which shipping becomes free; null: never free.</summary>
    public decimal? FreeAbove { get; private set; }

    public int FirstWeightGrams { get; private set; }

    public int AdditionalWeightGrams { get; private set; }

    public decimal AdditionalFee { get; private set; }

    public bool IsDefault { get; private set; }

    public int Position { get; private set; }

    public bool IsActive { get; private set; } = true;

    /// <summary>
    /// Where this method delivers: official province (2-digit) or city (4-digit) codes; empty: everywhere. Checkout
    /// offers a method only for an address in one of them (docs/decisions/0025-addresses-by-division-code.md).
    /// </summary>
    public string[] RegionCodes { get; private set; } = [];

    public static ShippingTemplate Create(Guid tenantId, ShippingTemplateDraft draft, DateTimeOffset now)
    {
        var template = new ShippingTemplate { TenantId = tenantId, Id = Guid.CreateVersion7(now) };
        template.Update(draft);
        return template;
    }

    public void Update(ShippingTemplateDraft draft)
    {
        var name = (draft.Name ?? "").Trim();
        if (name.Length is 0 or > NameMaxLength)
        {
            throw new DomainException("shipping.name", $"配送方式名称不能为空，且不超过 {NameMaxLength} 个字符。");
        }

        CheckAmount(draft.Fee, "shipping.fee", "运费");
        CheckAmount(draft.AdditionalFee, "shipping.fee", "续重运费");
        if (draft.FreeAbove is { } free)
        {
            CheckAmount(free, "shipping.free-above", "包邮门槛");
        }

        if (draft.Kind == ShippingFeeKind.FreeAbove && draft.FreeAbove is null)
        {
            throw new DomainException("shipping.free-above", "满额包邮需要填写包邮门槛。");
        }

        if (draft.Kind == ShippingFeeKind.ByWeight && (draft.FirstWeightGrams <= 0 || draft.AdditionalWeightGrams <= 0))
        {
            throw new DomainException("shipping.weight", "按重量计费需要填写首重和续重（克，大于 0）。");
        }

        var regions = (draft.RegionCodes ?? []).Select(c => (c ?? "").Trim()).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        if (regions.FirstOrDefault(c => AdministrativeDivisions.Official.Find(c) is not { Code.Length: 2 or 4 }) is { } unknown)
        {
            throw new DomainException("shipping.region", $"配送地区 {unknown} 不是省或市的行政区划代码。");
        }

        Name = name;
        RegionCodes = regions;
        Kind = draft.Kind;
        Fee = draft.Fee;
        FreeAbove = draft.FreeAbove;
        FirstWeightGrams = draft.Kind == ShippingFeeKind.ByWeight ? draft.FirstWeightGrams : 0;
        AdditionalWeightGrams = draft.Kind == ShippingFeeKind.ByWeight ? draft.AdditionalWeightGrams : 0;
        AdditionalFee = draft.Kind == ShippingFeeKind.ByWeight ? draft.AdditionalFee : 0;
        IsDefault = draft.IsDefault;
        Position = draft.Position;
        IsActive = draft.IsActive;
    }

    public void SetDefault(bool isDefault) => IsDefault = isDefault;

    /// <summary>
    /// Whether this method delivers to <paramref name="address"/>: it has no regions, or the address's province or city
    /// is one of them. An address saved before codes is placed by its names.
    /// </summary>
    public bool DeliversTo(ShippingAddress? address)
    {
        if (RegionCodes.Length == 0)
        {
            return true;
        }

        if (address is null)
        {
            return false;
        }

        var divisions = AdministrativeDivisions.Official;
        var (province, city) = address.ProvinceCode is not null
            ? (address.ProvinceCode, address.CityCode)
            : divisions.FromNames(address.Province, address.City, address.District) is { } r
                ? (r.ProvinceCode, r.CityCode)
                : (divisions.ProvinceCodeOf(address.Province), null);
        return (province is not null && RegionCodes.Contains(province)) || (city is not null && RegionCodes.Contains(city));
    }

    /// <summary>The fee for goods worth <paramref name="goodsAmount"/> (after discounts) weighing <paramref name="weightGrams"/>.</summary>
    public decimal FeeFor(decimal goodsAmount, int weightGrams)
    {
        if (FreeAbove is { } free && goodsAmount >= free)
        {
            return 0m;
        }

        if (Kind != ShippingFeeKind.ByWeight || weightGrams <= FirstWeightGrams)
        {
            return Fee;
        }

        var steps = (weightGrams - FirstWeightGrams + AdditionalWeightGrams - 1) / AdditionalWeightGrams;
        return Money.RoundToCent(Fee + steps * AdditionalFee);
    }

    private static void CheckAmount(decimal amount, string code, string what)
    {
        if (amount < 0 || amount > Money.MaxAmount || !Money.HasAtMostTwoDecimals(amount))
        {
            throw new DomainException(code, $"{what}不能为负数，且最多两位小数。");
        }
    }
}

/// <summary>What a merchant enters for a shipping method.</summary>
public sealed record ShippingTemplateDraft(
    string Name,
    ShippingFeeKind Kind,
    decimal Fee,
    decimal? FreeAbove = null,
    int FirstWeightGrams = 0,
    int AdditionalWeightGrams = 0,
    decimal AdditionalFee = 0,
    bool IsDefault = false,
    int Position = 0,
    bool IsActive = true,
    IReadOnlyList<string>? RegionCodes = null);
