using Storefront.Domain.Common;

namespace Storefront.Domain.Catalog;

/// <summary>
/// The SKU combination rules: a product's spec attributes (at most 3, distinct names, distinct non-empty values)
/// span a grid, and there is exactly one SKU for each cell of it, with a code unique within the product.
/// A product without spec attributes has exactly one SKU.
/// </summary>
public static class Variants
{
    public const int MaxAttributes = 3;
    public const int MaxValuesPerAttribute = 30;
    public const int MaxSkus = 400;

    public static IReadOnlyList<SpecAttribute> Normalize(IReadOnlyList<SpecAttribute> specs)
    {
        if (specs.Count > MaxAttributes)
        {
            throw new DomainException("spec.count", $"规格最多 {MaxAttributes} 个。");
        }

        var result = specs.Select(s => new SpecAttribute(s.Name.Trim(), [.. s.Values.Select(v => v.Trim())])).ToList();
        foreach (var spec in result)
        {
            if (spec.Name.Length is 0 or > 20)
            {
                throw new DomainException("spec.name", "规格名称不能为空，且不超过 20 个字符。");
            }

            if (spec.Values.Count == 0 || spec.Values.Count > MaxValuesPerAttribute || spec.Values.Any(v => v.Length is 0 or > 30))
            {
                throw new DomainException("spec.values", $"规格“{spec.Name}”需要 1–{MaxValuesPerAttribute} 个非空的值（每个不超过 30 个字符）。");
            }

            if (spec.Values.Distinct(StringComparer.OrdinalIgnoreCase).Count() != spec.Values.Count)
            {
                throw new DomainException("spec.duplicate-value", $"规格“{spec.Name}”有重复的值。");
            }
        }

        if (result.Select(s => s.Name).Distinct(StringComparer.OrdinalIgnoreCase).Count() != result.Count)
        {
            throw new DomainException("spec.duplicate-name", "规格名称不能重复。");
        }

        return result;
    }

    /// <summary>Every combination of the spec values, in attribute order: what the SKU grid must hold.</summary>
    public static IReadOnlyList<IReadOnlyList<string>> Combinations(IReadOnlyList<SpecAttribute> specs)
    {
        IEnumerable<IReadOnlyList<string>> combos = [[]];
        foreach (var spec in specs)
        {
            combos = [.. combos.SelectMany(c => spec.Values.Select(v => (IReadOnlyList<string>)[.. c, v]))];
        }

        return [.. combos];
    }

    public static void Check(IReadOnlyList<SpecAttribute> specs, IReadOnlyList<SkuDraft> skus)
    {
        var expected = Combinations(specs);
        if (expected.Count > MaxSkus)
        {
            throw new DomainException("sku.too-many", $"规格组合最多 {MaxSkus} 个。");
        }

        foreach (var sku in skus)
        {
            if (sku.SpecValues.Count != specs.Count || sku.SpecValues.Where((v, i) => !specs[i].Values.Contains(v.Trim())).Any())
            {
                throw new DomainException("sku.spec", $"SKU {sku.Code} 的规格值与商品规格不符。");
            }
        }

        var keys = skus.Select(s => Key(s.SpecValues)).ToList();
        if (keys.Distinct().Count() != keys.Count)
        {
            throw new DomainException("sku.duplicate-combination", "同一规格组合只能有一个 SKU。");
        }

        var given = keys.ToHashSet();
        var missing = expected.Where(c => !given.Contains(Key(c))).Select(c => string.Join(" / ", c)).ToList();
        if (missing.Count > 0)
        {
            throw new DomainException("sku.missing-combination", $"缺少规格组合的 SKU：{string.Join("、", missing.Take(5))}");
        }

        var codes = skus.Select(s => s.Code.Trim().ToUpperInvariant()).ToList();
        if (codes.Distinct().Count() != codes.Count)
        {
            throw new DomainException("sku.duplicate-code", "SKU 编码不能重复。");
        }
    }

    /// <summary>
    /// What a shopper may still choose (the product page's selector per spec attribute): for each attribute, the values
    /// that some SKU in stock has together with every value chosen on the other attributes. <paramref name="choice"/>
    /// holds one entry per attribute, null where nothing is chosen yet; the attribute's own choice does not narrow it,
    /// so a shopper can always switch a chosen value to another one in stock with the rest.
    /// </summary>
    public static IReadOnlyList<IReadOnlySet<string>> AvailableValues(IReadOnlyList<VariantStock> skus, IReadOnlyList<string?> choice)
    {
        var result = new List<IReadOnlySet<string>>(choice.Count);
        for (var i = 0; i < choice.Count; i++)
        {
            var index = i;
            result.Add(skus.Where(s => s.InStock && s.Values.Count == choice.Count && MatchesExcept(s.Values, choice, index))
                .Select(s => s.Values[index]).ToHashSet(StringComparer.Ordinal));
        }

        return result;
    }

    /// <summary>
    /// The SKU a shopper gets by choosing <paramref name="value"/> for attribute <paramref name="index"/>: of the SKUs in
    /// stock with that value, the one that keeps most of the other chosen values (the first in the given order on a
    /// tie); null when no SKU with that value is in stock. It is where a value's link leads without script.
    /// </summary>
    public static VariantStock? Nearest(IReadOnlyList<VariantStock> skus, IReadOnlyList<string?> choice, int index, string value) =>
        skus.Where(s => s.InStock && s.Values.Count == choice.Count && s.Values[index] == value)
            .Select((s, order) => (Sku: s, Order: order, Kept: s.Values.Where((v, j) => j != index && v == choice[j]).Count()))
            .OrderByDescending(x => x.Kept).ThenBy(x => x.Order)
            .Select(x => x.Sku).FirstOrDefault();

    private static bool MatchesExcept(IReadOnlyList<string> values, IReadOnlyList<string?> choice, int index)
    {
        for (var j = 0; j < choice.Count; j++)
        {
            if (j != index && choice[j] is { } chosen && values[j] != chosen)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Identifies a combination. Length-prefixed, because values may themselves contain any separator:
    /// joined with " / ", ("a / b", "c") and ("a", "b / c") would be the same.
    /// </summary>
    internal static string Key(IEnumerable<string> values) => string.Concat(values.Select(v => v.Trim()).Select(v => $"{v.Length}:{v};"));
}

/// <summary>A SKU as the variant selector sees it: its spec values (in attribute order) and whether any can be bought.</summary>
public sealed record VariantStock(string Code, IReadOnlyList<string> Values, bool InStock);
