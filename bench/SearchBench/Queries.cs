using Storefront.Generator;
using Loaded = Storefront.Web.Features.Catalog.Search.StoreSearchIndex.Loaded;

namespace SearchBench;

/// <summary>
/// The searches of bench/catalog.sh, chosen from the data the same way its SQL chooses them: the third-level category
/// with the most listed products searched by name with its most common brand and that brand's most common attribute;
/// the 250 most common words of product names (2+ characters), each with the brand most common among the products
/// whose name has it and that brand's most common attribute (not 产地); and the first one and two characters of each
/// of those words as suggest prefixes.
/// </summary>
internal sealed record Queries(Queries.Search One, List<Queries.Search> Keywords, List<string> Prefixes)
{
    public sealed record Search(string Q, List<string> Brands, List<(string Name, string Value)> Attributes);

    public static Queries From(List<Loaded> rows, CatalogGenerator.Plan plan)
    {
        var top = rows.Where(r => r.CategoryId is not null).GroupBy(r => r.CategoryId).MaxBy(g => g.Count())!;
        var leafName = plan.Leaves.First(l => l.Category.Id == top.Key).Category.Name;
        var one = Filtered(leafName.ToLowerInvariant(), [.. top]);

        var withBrand = rows.Where(r => r.Brand is not null && r.Attributes.Any(a => a.Name != "产地")).ToList();
        var byWord = withBrand
            .SelectMany(r => r.Card.Name.ToLowerInvariant().Split(' ').Where(t => t.Length >= 2).Distinct().Select(t => (Word: t, Row: r)))
            .GroupBy(x => x.Word, StringComparer.Ordinal)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Take(250)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => Filtered(g.Key, [.. g.Select(x => x.Row)]))
            .ToList();
        var prefixes = byWord.SelectMany(k => new[] { k.Q[..1], k.Q[..2] }).ToList();
        return new Queries(one, byWord, prefixes);
    }

    /// <summary>The keyword with the brand most common among <paramref name="rows"/> and that brand's most common attribute (not 产地).</summary>
    private static Search Filtered(string q, List<Loaded> rows)
    {
        var brand = rows.Where(r => r.Brand is not null).GroupBy(r => r.Brand!, StringComparer.Ordinal)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).First();
        var attribute = brand.SelectMany(r => r.Attributes).Where(a => a.Name != "产地")
            .GroupBy(a => a).OrderByDescending(g => g.Count()).ThenBy(g => g.Key.Name, StringComparer.Ordinal)
            .ThenBy(g => g.Key.Value, StringComparer.Ordinal).First().Key;
        return new Search(q, [brand.Key], [attribute]);
    }
}
