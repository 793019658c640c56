using static Storefront.Web.Features.Catalog.Search.SearchProducts;
using Match = Storefront.Web.Features.Catalog.Search.StoreSearchIndex.KeywordMatch;

namespace Storefront.Web.Features.Catalog.Search;

/// <summary>
/// Filters, facet counts and the page, worked out over the index for one query: the candidates are the keyword's
/// matches (or every listed product), within the chosen category subtree. A facet's counts apply every filter but
/// its own; a product counts for an attribute value when it passes every attribute filter except the one on that
/// attribute (values of one attribute are alternatives, different attributes must all match).
/// </summary>
internal sealed class SearchEvaluation
{
    private readonly StoreSearchIndex _index;
    private readonly Match[]? _matches;
    private readonly int[] _categoryCounts;
    private readonly int[] _brandCounts;
    private readonly int[] _pairCounts;

    private SearchEvaluation(StoreSearchIndex index, Match[]? matches)
    {
        _index = index;
        _matches = matches;
        _categoryCounts = new int[index.CategoryIds.Length];
        _brandCounts = new int[index.Brands.Length];
        _pairCounts = new int[index.PairName.Length];
    }

    /// <summary>The products passing every filter: product numbers, or positions in the matches with a keyword.</summary>
    public List<int> Hits { get; } = [];

    /// <summary>Products per price step (width_bucket numbering), every filter but the price applied.</summary>
    public int[] StepCounts { get; } = new int[Ladder.Length + 1];

    public static SearchEvaluation Run(StoreSearchIndex index, Match[]? matches, IReadOnlyList<Guid>? categories,
        List<string> brands, List<(string Name, string Value)> attributes, decimal? min, decimal? max)
    {
        var e = new SearchEvaluation(index, matches);
        bool[]? inCategory = null;
        if (categories is not null)
        {
            inCategory = new bool[index.CategoryIds.Length];
            foreach (var c in categories.Select(index.CategoryNumber).OfType<int>())
            {
                inCategory[c] = true;
            }
        }

        bool[]? wantedBrand = null;
        if (brands.Count > 0)
        {
            wantedBrand = new bool[index.Brands.Length];
            foreach (var b in brands.Select(index.BrandNumber).OfType<int>())
            {
                wantedBrand[b] = true;
            }
        }

        // Bit i stands for the i-th attribute name filtered on: a pair's bit when it is one of the values wanted.
        var names = attributes.Select(a => a.Name).Distinct().ToList();
        var allBits = (1 << names.Count) - 1;
        int[]? pairBit = null;
        var nameBit = new int[index.Names.Length];
        if (names.Count > 0)
        {
            pairBit = new int[index.PairName.Length];
            for (var i = 0; i < names.Count; i++)
            {
                if (index.NameNumber(names[i]) is { } name)
                {
                    nameBit[name] = 1 << i;
                }

                foreach (var pair in attributes.Where(a => a.Name == names[i]).Select(a => index.PairNumber(a.Name, a.Value)).OfType<int>())
                {
                    pairBit[pair] = 1 << i;
                }
            }
        }

        var count = matches?.Length ?? index.Count;
        for (var m = 0; m < count; m++)
        {
            var p = matches is null ? m : matches[m].Product;
            var category = index.Category[p];
            if (inCategory is not null && (category < 0 || !inCategory[category]))
            {
                continue;
            }

            var brand = index.Brand[p];
            var inBrand = wantedBrand is null || (brand >= 0 && wantedBrand[brand]);
            var price = index.Price[p];
            var inPrice = (min is null || price >= min) && (max is null || price <= max);
            var missed = 0;
            if (pairBit is not null)
            {
                var matched = 0;
                for (var k = index.PairStart[p]; k < index.PairStart[p + 1]; k++)
                {
                    matched |= pairBit[index.Pairs[k]];
                }

                missed = allBits & ~matched;
            }

            if (inBrand && inPrice && missed == 0)
            {
                e.Hits.Add(m);
                if (category >= 0)
                {
                    e._categoryCounts[category]++;
                }
            }

            if (inPrice && missed == 0 && brand >= 0)
            {
                e._brandCounts[brand]++;
            }

            if (inBrand && missed == 0)
            {
                e.StepCounts[index.PriceStep[p]]++;
            }

            if (inBrand && inPrice)
            {
                for (var k = index.PairStart[p]; k < index.PairStart[p + 1]; k++)
                {
                    var pair = index.Pairs[k];
                    if (missed == 0 || missed == nameBit[index.PairName[pair]])
                    {
                        e._pairCounts[pair]++;
                    }
                }
            }
        }

        return e;
    }

    /// <summary>
    /// The product numbers of one page. Relevance with a keyword: class, score, newest listing, product number.
    /// Every other sort has its order kept in the index: a few hits are sorted by their place in it, many are
    /// picked out of it in order until the page is full.
    /// </summary>
    public List<int> Page(string sort, int skip, int take)
    {
        if (skip >= Hits.Count)
        {
            return [];
        }

        if (_matches is not null && sort == Sorts[0])
        {
            var matches = _matches;
            var listed = _index.Listed;
            var relevance = Comparer<int>.Create((a, b) =>
            {
                var (x, y) = (matches[a], matches[b]);
                return x.Relevance != y.Relevance ? x.Relevance.CompareTo(y.Relevance)
                    : listed[x.Product] != listed[y.Product] ? listed[y.Product].CompareTo(listed[x.Product])
                    : x.Product.CompareTo(y.Product);
            });
            return [.. Top(Hits, skip + take, relevance).Skip(skip).Select(h => matches[h].Product)];
        }

        var (order, rank) = _index.Sorted(sort);
        var products = _matches is null ? Hits : [.. Hits.Select(h => _matches[h].Product)];
        if (products.Count == order.Length)
        {
            return [.. order.Skip(skip).Take(take)];
        }

        if (products.Count * 16L < order.Length)
        {
            var keys = products.Select(p => rank[p]).ToArray();
            var sorted = products.ToArray();
            Array.Sort(keys, sorted);
            return [.. sorted.Skip(skip).Take(take)];
        }

        var hit = new bool[order.Length];
        foreach (var p in products)
        {
            hit[p] = true;
        }

        var page = new List<int>(take);
        for (int i = 0, seen = 0; i < order.Length && page.Count < take; i++)
        {
            if (hit[order[i]] && seen++ >= skip)
            {
                page.Add(order[i]);
            }
        }

        return page;
    }

    /// <summary>The first <paramref name="count"/> hits in order: a full sort when that is most of them, else a bounded heap.</summary>
    private static List<int> Top(List<int> hits, int count, IComparer<int> comparer)
    {
        if (count * 4L >= hits.Count)
        {
            var all = hits.ToArray();
            Array.Sort(all, comparer);
            return [.. all.Take(count)];
        }

        // The heap's root is the last of the best so far (a max-heap: priorities compared the other way round).
        var best = new PriorityQueue<int, int>(count + 1, Comparer<int>.Create((a, b) => comparer.Compare(b, a)));
        foreach (var hit in hits)
        {
            if (best.Count < count)
            {
                best.Enqueue(hit, hit);
            }
            else if (comparer.Compare(hit, best.Peek()) < 0)
            {
                best.EnqueueDequeue(hit, hit);
            }
        }

        var top = new int[best.Count];
        for (var i = top.Length - 1; i >= 0; i--)
        {
            top[i] = best.Dequeue();
        }

        return [.. top];
    }

    /// <summary>Products per category (their own category; the facet adds descendants up the tree).</summary>
    public Dictionary<Guid, int> CategoryCounts() =>
        Enumerable.Range(0, _categoryCounts.Length).Where(c => _categoryCounts[c] > 0).ToDictionary(c => _index.CategoryIds[c], c => _categoryCounts[c]);

    public List<(string Value, int Count)> BrandCounts() =>
        [.. Enumerable.Range(0, _brandCounts.Length).Where(b => _brandCounts[b] > 0).Select(b => (_index.Brands[b], _brandCounts[b]))];

    public List<(string Name, string Value, int Count)> AttributeCounts() =>
        [.. Enumerable.Range(0, _pairCounts.Length).Where(p => _pairCounts[p] > 0)
            .Select(p => (_index.Names[_index.PairName[p]], _index.PairValue[p], _pairCounts[p]))];
}
