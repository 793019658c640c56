using static Storefront.Web.Features.Catalog.Search.SearchProducts;

namespace Storefront.Web.Features.Catalog.Search;

/// <summary>The facets shown beside the results, from the counts a <see cref="SearchEvaluation"/> made: most common values first, chosen ones kept
/// visible.</summary>
internal static class SearchFacets
{
    private const int MaxPriceBuckets = 5;
    private const int MaxFacetValues = 20;
    private const int MaxAttributeFacets = 8;

    public static List<CategoryFacet> CategoryFacets(Dictionary<Guid, int> perCategory, StoreCategories categories, StoreCategories.Node? selected)
    {
        // Counts are per product's own category; a category counts its descendants' products too.
        var counts = new Dictionary<Guid, int>();
        foreach (var (id, count) in perCategory)
        {
            for (var node = categories.Find(id); node is not null; node = categories.Find(node.ParentId))
            {
                counts[node.Id] = counts.GetValueOrDefault(node.Id) + count;
            }
        }

        return [.. categories.ChildrenOf(selected)
            .Where(c => counts.GetValueOrDefault(c.Id) > 0)
            .Select(c => new CategoryFacet(c.Slug, c.Name, counts[c.Id]))];
    }

    public static List<ValueFacet> ValueFacets(IReadOnlyCollection<(string Value, int Count)> counted, IReadOnlyCollection<string> selected)
    {
        var list = counted.OrderByDescending(c => c.Count).ThenBy(c => c.Value, StringComparer.Ordinal)
            .Take(MaxFacetValues)
            .Select(c => new ValueFacet(c.Value, c.Count, selected.Contains(c.Value)))
            .ToList();
        var all = counted.ToDictionary(c => c.Value, c => c.Count);
        foreach (var value in selected.Where(s => list.All(f => f.Value != s)))
        {
            list.Add(new ValueFacet(value, all.GetValueOrDefault(value), true));   // a chosen value stays visible, so it can be unchosen
        }

        return list;
    }

    public static List<AttributeFacet> AttributeFacets(
        List<(string Name, string Value, int Count)> counted, IReadOnlyList<(string Name, string Value)> selected)
    {
        var byName = counted.GroupBy(c => c.Name).ToDictionary(g => g.Key, g => g.Select(c => (c.Value, c.Count)).ToList());
        var names = byName.OrderByDescending(g => g.Value.Sum(c => c.Count)).ThenBy(g => g.Key, StringComparer.Ordinal).Select(g => g.Key)
            .Take(MaxAttributeFacets).ToList();
        names.AddRange(selected.Select(s => s.Name).Distinct().Where(n => !names.Contains(n)));
        return [.. names.Select(name => new AttributeFacet(name, ValueFacets(
                byName.GetValueOrDefault(name, []),
                [.. selected.Where(s => s.Name == name).Select(s => s.Value)])))];
    }

    public static List<PriceFacet> PriceFacets(int[] steps, decimal? min, decimal? max)
    {
        // Steps as width_bucket numbers them, from 1; step i holds prices from Ladder[i-1] up to (not including) Ladder[i].
        var buckets = Enumerable.Range(0, steps.Length).Where(step => steps[step] > 0)
            .Select(step => (From: Ladder[Math.Max(step, 1) - 1], To: step < Ladder.Length ? Ladder[step] : (decimal?)null, Count: steps[step]))
            .ToList();
        while (buckets.Count > MaxPriceBuckets)
        {
            var i = Enumerable.Range(0, buckets.Count - 1).MinBy(i => buckets[i].Count + buckets[i + 1].Count);
            buckets[i] = (buckets[i].From, buckets[i + 1].To, buckets[i].Count + buckets[i + 1].Count);
            buckets.RemoveAt(i + 1);
        }

        return [.. buckets.Select(b => new PriceFacet(b.From, b.To, b.Count,
                (min ?? 0) == b.From && max == b.To - 0.01m && (min is not null || max is not null)))];
    }
}
