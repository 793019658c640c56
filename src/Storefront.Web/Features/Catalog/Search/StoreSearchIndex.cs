using Microsoft.EntityFrameworkCore;
using Storefront.Web.Infrastructure.Caching;
using Storefront.Web.Infrastructure.Data;

namespace Storefront.Web.Features.Catalog.Search;

/// <summary>
/// The store's listed products as compact arrays, for filtering, counting facets, sorting and paging in memory: per
/// product its category, brand, price, attribute (name, value) pairs as small integers, listing time, sales, its place
/// in each keyword-free sort, and what its card shows (slug, name, image, price range, market price, whether any SKU is
/// in stock). Kept per store by <see cref="CatalogCache"/>: a change that names its products (a price edit, a stock
/// adjustment, a SKU selling out or coming back, a listing or delisting) patches it for those products only
/// (<see cref="Patch"/>: their rows read by id, a new index built from the old one, which readers keep using
/// meanwhile); any other change (a CSV import, a category's) and a cold start load it whole (<see cref="SearchIndexRows.ReadAsync"/>).
/// An order announces a change exactly when it sells a SKU out or brings one back (SkuStock), so "in stock" is never
/// stale either. Products are numbered in PostgreSQL's uuid order, so a product's number is the search's last
/// tie-breaker; the keyword-free sorts are ranked here exactly as PostgreSQL's order by ranked them (see
/// <see cref="Sorts"/>). PostgreSQL still matches keywords (<see cref="SearchProducts"/>).
/// </summary>
public sealed partial class StoreSearchIndex
{
    /// <summary>Prices at which the price facet's steps start (width_bucket's thresholds): step s holds prices from Ladder[s-1].</summary>
    private readonly decimal[] _ladder;
    private readonly Dictionary<Guid, int> _byId;
    private readonly Numbering<Guid> _categories;
    private readonly Numbering<string> _brands;
    private readonly Numbering<(string Name, string Value)> _pairs;
    private readonly Numbering<string> _names;
    private readonly Numbering<string> _terms;
    private readonly List<int> _pairNames;

    // The orders of the sorts that do not depend on a keyword: product numbers, first to last (Order), and each
    // product's place in it (Rank).
    private readonly Dictionary<string, (int[] Order, int[] Rank)> _sorted = [];

    private StoreSearchIndex(decimal[] ladder, int n, Dictionary<Guid, int> byId, Numbering<Guid> categories, Numbering<string> brands,
        Numbering<(string, string)> pairs, List<int> pairNames, List<string> pairValues, Numbering<string> names, Numbering<string> terms)
    {
        _terms = terms;
        ProductTerms = new int[n][];
        _ladder = ladder;
        _byId = byId;
        _categories = categories;
        _brands = brands;
        _pairs = pairs;
        _pairNames = pairNames;
        _names = names;
        PairValues = pairValues;
        Ids = new Guid[n];
        Category = new int[n];
        Brand = new int[n];
        Price = new decimal[n];
        PriceStep = new byte[n];
        Listed = new long[n];
        Sales = new int[n];
        Featured = new bool[n];
        SearchKey = new long[n];
        Cards = new Card[n];
        PairStart = new int[n + 1];
    }

    /// <summary>A copy of <paramref name="old"/> to patch in place: same products and numbers; arrays a patch writes are copied, the rest shared.</summary>
    private StoreSearchIndex(StoreSearchIndex old)
    {
        _ladder = old._ladder;
        _byId = old._byId;
        _categories = old._categories.Copy();
        _brands = old._brands.Copy();
        _pairs = old._pairs.Copy();
        _pairNames = [.. old._pairNames];
        _names = old._names.Copy();
        _terms = old._terms.Copy();
        ProductTerms = (int[][])old.ProductTerms.Clone();
        PairValues = [.. old.PairValues];
        Ids = old.Ids;
        Category = (int[])old.Category.Clone();
        Brand = (int[])old.Brand.Clone();
        Price = (decimal[])old.Price.Clone();
        PriceStep = (byte[])old.PriceStep.Clone();
        Listed = (long[])old.Listed.Clone();
        Sales = (int[])old.Sales.Clone();
        Featured = (bool[])old.Featured.Clone();
        SearchKey = (long[])old.SearchKey.Clone();
        Cards = (Card[])old.Cards.Clone();
        Synonyms = old.Synonyms;
        PairStart = old.PairStart;
        Pairs = old.Pairs;
    }

    public int Count => Ids.Length;

    public Guid[] Ids { get; }

    /// <summary>The product's category as a number into <see cref="CategoryIds"/>, -1 for none.</summary>
    public int[] Category { get; }

    public Guid[] CategoryIds { get; private set; } = [];

    /// <summary>The product's brand as a number into <see cref="Brands"/>, -1 for none.</summary>
    public int[] Brand { get; }

    public string[] Brands { get; private set; } = [];

    /// <summary>The price shown (the lowest SKU price).</summary>
    public decimal[] Price { get; }

    /// <summary>The price's step on the ladder, as PostgreSQL's width_bucket numbers it.</summary>
    public byte[] PriceStep { get; }

    /// <summary>Listing time in ticks (0 when never listed).</summary>
    public long[] Listed { get; }

    /// <summary>Units sold (products.sales_count).</summary>
    public int[] Sales { get; }

    public bool[] Featured { get; }

    /// <summary>A hash of what keywords are matched against (name and search text): a patch that leaves it keeps the keywords' matches.</summary>
    private long[] SearchKey { get; }

    /// <summary>The product's search terms (<see cref="SearchText.Terms"/> of its name and searched text), as numbers into the index's terms.</summary>
    internal int[][] ProductTerms { get; }

    /// <summary>What the product's card in the results shows.</summary>
    public Card[] Cards { get; }

    /// <summary>Product i's attribute pairs are Pairs[PairStart[i] .. PairStart[i+1]), each once.</summary>
    public int[] PairStart { get; private set; }

    public int[] Pairs { get; private set; } = [];

    /// <summary>A pair's attribute name, as a number into <see cref="Names"/>.</summary>
    public int[] PairName { get; private set; } = [];

    public string[] PairValue { get; private set; } = [];

    public string[] Names { get; private set; } = [];

    private List<string> PairValues { get; }

    /// <summary>
    /// Keywords' matches as PostgreSQL found them for this index, most recently used first, up to a number of matches
    /// in all. A patch that changes nothing a keyword is matched against (a price, stock, a delisting) carries them
    /// over to the new index; any other change drops them with the index, so a kept match list is never older than the
    /// index it filters.
    /// </summary>
    public KeywordCache Keywords { get; private set; } = new();

    /// <summary>The index of the store <paramref name="db"/> works for: kept, patched for the products changed since, or loaded.</summary>
    public static Task<StoreSearchIndex> LoadAsync(StorefrontDb db, CatalogCache cache, decimal[] ladder, CancellationToken ct) =>
        cache.GetPatchedAsync(db.TenantId ?? throw new InvalidOperationException("No store: the search index belongs to a store."), nameof(StoreSearchIndex),
            async c =>
            {
                var rows = await SearchIndexRows.ReadAsync(db, null, c);
                var synonyms = await db.SynonymGroups.AsNoTracking().Select(g => g.Terms).ToListAsync(c);
                return Build(ladder, rows, [.. synonyms.Select(t => t.ToArray())]);
            },
            async (index, products, c) => index.Patch(products, await SearchIndexRows.ReadAsync(db, products, c)),
            ct);

    public int? Find(Guid id) => _byId.TryGetValue(id, out var i) ? i : null;

    public int? CategoryNumber(Guid id) => _categories.Find(id);

    public int? BrandNumber(string brand) => _brands.Find(brand);

    public int? NameNumber(string name) => _names.Find(name);

    public int? PairNumber(string name, string value) => _pairs.Find((name, value));

    /// <summary>Products in the order of a sort that needs no keyword, and each product's place in it.</summary>
    public (int[] Order, int[] Rank) Sorted(string sort) => _sorted[sort];

    /// <summary>The index of the products read whole (any order).</summary>
    internal static StoreSearchIndex Build(decimal[] ladder, List<Loaded> products, string[][]? synonyms = null)
    {
        products.Sort((a, b) => UuidOrder.Compare(a.Id, b.Id));
        var n = products.Count;
        var byId = new Dictionary<Guid, int>(n);
        var index = new StoreSearchIndex(ladder, n, byId, new(), new(StringComparer.Ordinal), new(), [], [], new(StringComparer.Ordinal),
            new(StringComparer.Ordinal))
        {
            Synonyms = synonyms ?? [],
        };
        var pairs = new List<int>();
        for (var i = 0; i < n; i++)
        {
            byId[products[i].Id] = i;
            index.Set(i, products[i], pairs);
        }

        index.Seal(pairs);
        foreach (var (sort, compare) in Sorts)
        {
            var order = new int[n];
            for (var i = 0; i < n; i++)
            {
                order[i] = i;
            }

            Array.Sort(order, compare(index));
            index._sorted[sort] = (order, Ranks(order));
        }

        return index;
    }

    private void Set(int i, Loaded p, List<int> pairs)
    {
        Ids[i] = p.Id;
        SetFields(i, p);
        PairStart[i] = pairs.Count;
        pairs.AddRange(PairsOf(p));
    }

    private void SetFields(int i, Loaded p)
    {
        Category[i] = p.CategoryId is { } c ? _categories.Number(c) : -1;
        Brand[i] = p.Brand is { } b ? _brands.Number(b) : -1;
        Price[i] = p.MinPrice;
        PriceStep[i] = (byte)Step(p.MinPrice);
        Listed[i] = p.ListedAt;
        Sales[i] = p.Sales;
        Featured[i] = p.Featured;
        if (SearchKey[i] != p.SearchKey || ProductTerms[i] is null)
        {
            ProductTerms[i] = [.. SearchText.Terms(p.Card.Name + " " + p.SearchText).Select(_terms.Number)];
        }

        SearchKey[i] = p.SearchKey;
        Cards[i] = p.Card;
    }

    /// <summary>The product's attribute pairs as numbers (new pairs numbered after the others), each once.</summary>
    private List<int> PairsOf(Loaded p)
    {
        var mine = new List<int>(p.Attributes.Count);
        foreach (var (name, value) in p.Attributes)
        {
            var count = _pairs.Count;
            var pair = _pairs.Number((name, value));
            if (pair == count)
            {
                _pairNames.Add(_names.Number(name));
                PairValues.Add(value);
            }

            if (!mine.Contains(pair))
            {
                mine.Add(pair);   // a product counts once per value, however often it lists it
            }
        }

        return mine;
    }

    private void CopyFrom(StoreSearchIndex old, int from, int i, List<int> pairs)
    {
        Ids[i] = old.Ids[from];
        Category[i] = old.Category[from];
        Brand[i] = old.Brand[from];
        Price[i] = old.Price[from];
        PriceStep[i] = old.PriceStep[from];
        Listed[i] = old.Listed[from];
        Sales[i] = old.Sales[from];
        Featured[i] = old.Featured[from];
        SearchKey[i] = old.SearchKey[from];
        ProductTerms[i] = old.ProductTerms[from];
        Cards[i] = old.Cards[from];
        PairStart[i] = pairs.Count;
        for (var k = old.PairStart[from]; k < old.PairStart[from + 1]; k++)
        {
            pairs.Add(old.Pairs[k]);   // same numbers: the numberings were copied
        }
    }

    /// <summary>Sets the pairs (null: kept as they are) and the value lists from the numberings.</summary>
    private void Seal(List<int>? pairs)
    {
        if (pairs is not null)
        {
            PairStart[Count] = pairs.Count;
            Pairs = [.. pairs];
        }

        PairName = [.. _pairNames];
        PairValue = [.. PairValues];
        Names = [.. _names.Values];
        CategoryIds = [.. _categories.Values];
        Brands = [.. _brands.Values];
        Terms = [.. _terms.Values];
    }

    /// <summary>The store's synonym groups (normalised terms), read with the index: changing them reloads it.</summary>
    internal string[][] Synonyms { get; private set; } = [];

    private Lazy<SearchMatcher>? _matcher;

    /// <summary>Keyword matching over this index, built on first use (and shared by a patch that changes no product's searched text).</summary>
    internal SearchMatcher Matcher =>
        LazyInitializer.EnsureInitialized(ref _matcher, () => new Lazy<SearchMatcher>(() => new SearchMatcher(this, Synonyms))).Value;

    /// <summary>The search terms, by number (<see cref="ProductTerms"/>).</summary>
    internal string[] Terms { get; private set; } = [];

    private int Step(decimal price)
    {
        var step = 0;
        while (step < _ladder.Length && _ladder[step] <= price)
        {
            step++;
        }

        return step;
    }

    /// <summary>A product card's own fields (the price shown is <see cref="Price"/>); Image is the stored name, MarketPrice the cheapest SKU's.</summary>
    public sealed record Card(string Slug, string Name, string? Image, decimal MaxPrice, decimal? MarketPrice, bool Available);

    internal sealed record Loaded(Guid Id, Guid? CategoryId, string? Brand, decimal MinPrice, long ListedAt,
        List<(string Name, string Value)> Attributes, int Sales, bool Featured, long SearchKey, Card Card, string SearchText);
}
