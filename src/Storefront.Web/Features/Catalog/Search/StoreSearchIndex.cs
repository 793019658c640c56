using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Web;

namespace Storefront.Web.Features.Catalog;

/// <summary>
/// The store's listed products as compact arrays, for filtering, counting facets, sorting and paging in memory: per
/// product its category, brand, price, attribute (name, value) pairs as small integers, listing time, sales, its place
/// in each keyword-free sort, and what its card shows (slug, name, image, price range, market price, whether any SKU is
/// in stock). Kept per store by <see cref="CatalogCache"/>: a change that names its products (a price edit, a stock
/// adjustment, a SKU selling out or coming back, a listing or delisting) patches it for those products only
/// (<see cref="PatchAsync"/>: their rows read by id, a new index built from the old one, which readers keep using
/// meanwhile); any other change (a CSV import, a category's) and a cold start load it whole (<see cref="ReadAsync"/>).
/// An order announces a change exactly when it sells a SKU out or brings one back (SkuStock), so "in stock" is never
/// stale either. Products are numbered in PostgreSQL's uuid order, so a product's number is the search's last
/// tie-breaker; the keyword-free sorts are ranked here exactly as PostgreSQL's order by ranked them (see
/// <see cref="Sorts"/>). PostgreSQL still matches keywords (<see cref="SearchProducts"/>).
/// </summary>
public sealed class StoreSearchIndex
{
    /// <summary>Prices at which the price facet's steps start (width_bucket's thresholds): step s holds prices from Ladder[s-1].</summary>
    private readonly decimal[] _ladder;
    private readonly Dictionary<Guid, int> _byId;
    private readonly Numbering<Guid> _categories;
    private readonly Numbering<string> _brands;
    private readonly Numbering<(string Name, string Value)> _pairs;
    private readonly Numbering<string> _names;
    private readonly List<int> _pairNames;

    // The orders of the sorts that do not depend on a keyword: product numbers, first to last (Order), and each
    // product's place in it (Rank).
    private readonly Dictionary<string, (int[] Order, int[] Rank)> _sorted = [];

    /// <summary>
    /// The keyword-free sorts as SearchProducts ranked them in SQL: its key, then best selling, newest, id (so ties and
    /// numeric comparisons are exactly as PostgreSQL's order by; the product number stands for the id).
    /// </summary>
    private static readonly (string Sort, Func<StoreSearchIndex, Comparison<int>> Compare)[] Sorts =
    [
        // order by min_price, sales_count desc, listed desc, id
        ("price_asc", x => (a, b) => Chain(x.Price[a].CompareTo(x.Price[b]), x, a, b)),
        // order by min_price desc, sales_count desc, listed desc, id
        ("price_desc", x => (a, b) => Chain(x.Price[b].CompareTo(x.Price[a]), x, a, b)),
        // order by listed desc, sales_count desc, id
        ("newest", x => (a, b) => x.Listed[a] != x.Listed[b] ? x.Listed[b].CompareTo(x.Listed[a])
            : x.Sales[a] != x.Sales[b] ? x.Sales[b].CompareTo(x.Sales[a]) : a.CompareTo(b)),
        // order by sales_count desc, listed desc, id
        ("best_selling", x => (a, b) => Chain(0, x, a, b)),
        // Relevance without a keyword: featured first. order by featured desc, sales_count desc, listed desc, id
        ("relevance", x => (a, b) => Chain(x.Featured[b].CompareTo(x.Featured[a]), x, a, b)),
    ];

    private static int Chain(int first, StoreSearchIndex x, int a, int b) =>
        first != 0 ? first
        : x.Sales[a] != x.Sales[b] ? x.Sales[b].CompareTo(x.Sales[a])
        : x.Listed[a] != x.Listed[b] ? x.Listed[b].CompareTo(x.Listed[a])
        : a.CompareTo(b);

    private StoreSearchIndex(decimal[] ladder, int n, Dictionary<Guid, int> byId, Numbering<Guid> categories, Numbering<string> brands,
        Numbering<(string, string)> pairs, List<int> pairNames, List<string> pairValues, Numbering<string> names)
    {
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
            async c => Build(ladder, await ReadAsync(db, null, c)),
            async (index, products, c) => index.Patch(products, await ReadAsync(db, products, c)),
            ct);

    public int? Find(Guid id) => _byId.TryGetValue(id, out var i) ? i : null;

    public int? CategoryNumber(Guid id) => _categories.Find(id);

    public int? BrandNumber(string brand) => _brands.Find(brand);

    public int? NameNumber(string name) => _names.Find(name);

    public int? PairNumber(string name, string value) => _pairs.Find((name, value));

    /// <summary>Products in the order of a sort that needs no keyword, and each product's place in it.</summary>
    public (int[] Order, int[] Rank) Sorted(string sort) => _sorted[sort];

    /// <summary>The index of the products read whole (any order).</summary>
    internal static StoreSearchIndex Build(decimal[] ladder, List<Loaded> products)
    {
        products.Sort((a, b) => UuidOrder.Compare(a.Id, b.Id));
        var n = products.Count;
        var byId = new Dictionary<Guid, int>(n);
        var index = new StoreSearchIndex(ladder, n, byId, new(), new(StringComparer.Ordinal), new(), [], [], new(StringComparer.Ordinal));
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

    /// <summary>
    /// A new index: this one with <paramref name="changed"/> products as <paramref name="listed"/> now shows them (a
    /// changed product missing from it is no longer listed). This index is left as it is (readers may be using it):
    /// products are renumbered in uuid order, unchanged ones keep their relative place in every sort and changed ones
    /// are merged in.
    /// </summary>
    internal StoreSearchIndex Patch(IReadOnlyCollection<Guid> changed, List<Loaded> listed)
    {
        listed.Sort((a, b) => UuidOrder.Compare(a.Id, b.Id));
        var gone = new bool[Count];   // changed: delisted, or read again
        var goneCount = 0;
        foreach (var id in changed)
        {
            if (Find(id) is { } old && !gone[old])
            {
                gone[old] = true;
                goneCount++;
            }
        }

        if (goneCount == 0 && listed.Count == 0)
        {
            return this;   // nothing the index holds (a draft product, say)
        }

        var n = Count - goneCount + listed.Count;
        var sameProducts = listed.Count == goneCount && listed.All(p => _byId.ContainsKey(p.Id));
        if (sameProducts)
        {
            return PatchSameProducts(listed);
        }

        var byId = new Dictionary<Guid, int>(n);
        var index = new StoreSearchIndex(_ladder, n, byId, _categories.Copy(), _brands.Copy(), _pairs.Copy(), [.. _pairNames], [.. PairValues], _names.Copy());
        var pairs = new List<int>(Pairs.Length + (listed.Count * 8));
        var stillListed = listed.Select(p => p.Id).ToHashSet();
        var next = new int[Count];   // old number → new number (-1: no longer listed)
        var added = new int[listed.Count];   // listed[k]'s new number
        int i = 0, j = 0;
        for (var k = 0; k < n; k++)
        {
            while (i < Count && gone[i] && !stillListed.Contains(Ids[i]))
            {
                next[i++] = -1;   // delisted
            }

            var takeNew = j < listed.Count && (i >= Count || UuidOrder.Compare(listed[j].Id, Ids[i]) <= 0);
            if (takeNew)
            {
                if (i < Count && listed[j].Id == Ids[i])
                {
                    next[i++] = k;   // changed: read again
                }

                added[j] = k;
                index.Set(k, listed[j++], pairs);
            }
            else
            {
                next[i] = k;
                index.CopyFrom(this, i++, k, pairs);
            }

            byId[index.Ids[k]] = k;
        }

        while (i < Count)
        {
            next[i++] = -1;
        }

        index.Seal(pairs);
        var kept = new int[Count];   // old number → new number of the products not read again (-1: read again or delisted)
        for (var o = 0; o < Count; o++)
        {
            kept[o] = gone[o] ? -1 : next[o];
        }

        foreach (var (sort, compare) in Sorts)
        {
            var order = Merge(_sorted[sort].Order, kept, added, compare(index), n);
            index._sorted[sort] = (order, Ranks(order));
        }

        // Keywords' matches stay right when no product that is still listed changed what keywords are matched against
        // (and none came in): they are renumbered, delisted ones dropped.
        if (listed.All(p => Find(p.Id) is { } old && SearchKey[old] == p.SearchKey))
        {
            index.Keywords = Keywords.Renumbered(next);
        }

        return index;
    }

    /// <summary>
    /// The patch of changes that list and delist nothing (a price, stock, attributes): the same products with the same
    /// numbers, so only the changed products' entries are written (into copies), a sort is kept as it is when the
    /// changed products still sit between their neighbours, and the attribute pairs and the keywords' matches are shared
    /// when no changed product's attributes or searched text changed.
    /// </summary>
    private StoreSearchIndex PatchSameProducts(List<Loaded> listed)
    {
        var index = new StoreSearchIndex(this);
        var changed = new int[listed.Count];
        var newPairs = new Dictionary<int, List<int>>();
        var searchSame = true;
        for (var k = 0; k < listed.Count; k++)
        {
            var p = listed[k];
            var i = changed[k] = _byId[p.Id];
            searchSame &= SearchKey[i] == p.SearchKey;
            index.SetFields(i, p);
            var pairs = index.PairsOf(p);
            if (!pairs.SequenceEqual(Pairs[PairStart[i]..PairStart[i + 1]]))
            {
                newPairs[i] = pairs;
            }
        }

        if (newPairs.Count > 0)
        {
            var pairs = new List<int>(Pairs.Length + (newPairs.Count * 8));
            var starts = new int[Count + 1];
            for (var i = 0; i < Count; i++)
            {
                starts[i] = pairs.Count;
                if (newPairs.TryGetValue(i, out var mine))
                {
                    pairs.AddRange(mine);
                }
                else
                {
                    pairs.AddRange(Pairs.AsSpan(PairStart[i], PairStart[i + 1] - PairStart[i]));
                }
            }

            index.PairStart = starts;
            index.Seal(pairs);
        }
        else
        {
            index.Seal(null);
        }

        int[]? kept = null;   // the products that did not change, numbered as they are (-1: changed)
        foreach (var (sort, compare) in Sorts)
        {
            var comparison = compare(index);
            var (order, rank) = _sorted[sort];
            var inPlace = changed.All(i => (rank[i] == 0 || comparison(order[rank[i] - 1], i) < 0)
                && (rank[i] == Count - 1 || comparison(i, order[rank[i] + 1]) < 0));
            if (inPlace)
            {
                index._sorted[sort] = (order, rank);
                continue;
            }

            if (kept is null)
            {
                kept = Enumerable.Range(0, Count).ToArray();
                foreach (var i in changed)
                {
                    kept[i] = -1;
                }
            }

            var merged = Merge(order, kept, changed, comparison, Count);
            index._sorted[sort] = (merged, Ranks(merged));
        }

        if (searchSame)
        {
            index.Keywords = Keywords;   // the same products, numbers and searched text: the matches hold
        }

        return index;
    }

    /// <summary>
    /// A sort order after a patch: the entries of <paramref name="order"/> that stay, renumbered (<paramref name="kept"/>:
    /// old number → new number, -1 to leave out), merged with the <paramref name="fresh"/> ones in the order of <paramref name="comparison"/>.
    /// </summary>
    private static int[] Merge(int[] order, int[] kept, int[] fresh, Comparison<int> comparison, int length)
    {
        fresh = (int[])fresh.Clone();
        Array.Sort(fresh, comparison);
        var merged = new int[length];
        int at = 0, f = 0;
        foreach (var o in order)
        {
            var p = kept[o];
            if (p < 0)
            {
                continue;
            }

            while (f < fresh.Length && comparison(fresh[f], p) < 0)
            {
                merged[at++] = fresh[f++];
            }

            merged[at++] = p;
        }

        while (f < fresh.Length)
        {
            merged[at++] = fresh[f++];
        }

        return merged;
    }

    private static int[] Ranks(int[] order)
    {
        var rank = new int[order.Length];
        for (var i = 0; i < order.Length; i++)
        {
            rank[order[i]] = i;
        }

        return rank;
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
    }

    private int Step(decimal price)
    {
        var step = 0;
        while (step < _ladder.Length && _ladder[step] <= price)
        {
            step++;
        }

        return step;
    }

    /// <summary>Values numbered in the order first seen; a patch numbers new values after the old ones (on a copy).</summary>
    private sealed class Numbering<T> where T : notnull
    {
        private readonly Dictionary<T, int> _numbers;

        public Numbering(IEqualityComparer<T>? comparer = null) => _numbers = new Dictionary<T, int>(comparer);

        private Numbering(Numbering<T> other)
        {
            _numbers = new Dictionary<T, int>(other._numbers, other._numbers.Comparer);
            Values = [.. other.Values];
        }

        public List<T> Values { get; } = [];

        public int Count => Values.Count;

        public int? Find(T value) => _numbers.TryGetValue(value, out var n) ? n : null;

        public int Number(T value)
        {
            if (!_numbers.TryGetValue(value, out var number))
            {
                number = _numbers[value] = Values.Count;
                Values.Add(value);
            }

            return number;
        }

        public Numbering<T> Copy() => new(this);
    }

    /// <summary>
    /// The store's listed products (RLS limits it to the store too), or those of <paramref name="ids"/> that are listed.
    /// Per product its own columns, the roll-ups products keeps (min/max price; stock, kept by a trigger on skus: any
    /// SKU available exactly when their sum is above 0, since none is below 0) and the cheapest SKU's market price (the
    /// higher one on a tie; one pass over the store's SKUs, no sort: the smallest (price, -market price) array per
    /// product). The sorts are ranked in .NET (<see cref="Build"/>). The statement gets the memory to hash in memory,
    /// no parallel workers and a custom plan; those settings last until the connection is next opened, which resets
    /// them (TenantSessionInterceptor).
    /// </summary>
    private static async Task<List<Loaded>> ReadAsync(StorefrontDb db, IReadOnlyCollection<Guid>? ids, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        await using var batch = new NpgsqlBatch((NpgsqlConnection)db.Database.GetDbConnection());
        if (ids is null)
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand("set work_mem = '64MB'"));
            batch.BatchCommands.Add(new NpgsqlBatchCommand("set max_parallel_workers_per_gather = 0"));
            // Planned for this store every time: auto-prepared, PostgreSQL's generic plan reads every SKU through an
            // index (1.2 s instead of 0.4 s at 100,000 products).
            batch.BatchCommands.Add(new NpgsqlBatchCommand("set plan_cache_mode = force_custom_plan"));
        }

        var load = new NpgsqlBatchCommand(ids is null ? $"""
            select {Columns}, nullif(-(m.cheapest[2]), 0)
            from products p
            left join (
                select s.product_id, min(array[s.price, -coalesce(s.market_price, 0)]) as cheapest
                from skus s where s.tenant_id = @tenant
                group by s.product_id
            ) m on m.product_id = p.id
            where p.tenant_id = @tenant and p.status = 'Listed'
            """ : $"""
            select {Columns},
                   (select s.market_price from skus s where s.tenant_id = p.tenant_id and s.product_id = p.id
                    order by s.price, s.market_price desc nulls last limit 1)
            from products p
            where p.tenant_id = @tenant and p.status = 'Listed' and p.id = any(@ids)
            """);
        load.Parameters.AddWithValue("tenant", db.TenantId!.Value);
        if (ids is not null)
        {
            load.Parameters.AddWithValue("ids", ids.ToArray());
        }

        batch.BatchCommands.Add(load);
        var products = new List<Loaded>();
        await using var reader = await batch.ExecuteReaderAsync(ct);
        while (reader.FieldCount == 0 && await reader.NextResultAsync(ct))
        {
            // past the settings, to the products
        }

        while (await reader.ReadAsync(ct))
        {
            products.Add(new Loaded(
                reader.GetGuid(0),
                reader.IsDBNull(1) ? null : reader.GetGuid(1),
                reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.GetDecimal(3),
                reader.IsDBNull(4) ? 0 : reader.GetFieldValue<DateTime>(4).Ticks - DateTime.UnixEpoch.Ticks,
                Attributes(reader.GetString(5)),
                reader.GetInt32(10),
                reader.GetBoolean(11),
                reader.GetInt64(13),
                new Card(reader.GetString(6), reader.GetString(7), reader.IsDBNull(8) ? null : reader.GetString(8), reader.GetDecimal(9),
                    reader.IsDBNull(14) ? null : reader.GetDecimal(14), reader.GetBoolean(12))));
        }

        return products;
    }

    private const string Columns = """
        p.id, p.category_id, p.brand, p.min_price, p.listed_at, p.attributes::text, p.slug, p.name, p.images[1], p.max_price,
        p.sales_count, p.featured, p.stock > 0, hashtextextended(p.name || chr(1) || coalesce(p.search_text, ''), 0)
        """;

    /// <summary>
    /// The (name, value) pairs of a product's attributes column (a JSON array of objects), skipping any without both as
    /// strings (as the SQL facets did). Read token by token: a JsonDocument per product was a good part of a whole load.
    /// </summary>
    private static List<(string Name, string Value)> Attributes(string json)
    {
        var pairs = new List<(string, string)>();
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
        {
            return pairs;
        }

        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                continue;
            }

            string? name = null, value = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isName = reader.ValueTextEquals("name"u8);
                var isValue = !isName && reader.ValueTextEquals("value"u8);
                reader.Read();
                if (reader.TokenType == JsonTokenType.String && (isName || isValue))
                {
                    if (isName)
                    {
                        name = reader.GetString();
                    }
                    else
                    {
                        value = reader.GetString();
                    }
                }
                else
                {
                    if (isName)
                    {
                        name = null;
                    }
                    else if (isValue)
                    {
                        value = null;
                    }

                    reader.Skip();
                }
            }

            if (name is not null && value is not null)
            {
                pairs.Add((name, value));
            }
        }

        return pairs;
    }

    /// <summary>A product a keyword matched (its number in the index), with its relevance class and score (lower first).</summary>
    public readonly record struct KeywordMatch(int Product, int Class, double Score);

    /// <summary>A small LRU of keyword → matches, bounded by the number of matches it holds.</summary>
    public sealed class KeywordCache
    {
        private readonly Dictionary<string, LinkedListNode<(string Keyword, KeywordMatch[] Matches)>> _byKeyword = new(StringComparer.Ordinal);
        private readonly LinkedList<(string Keyword, KeywordMatch[] Matches)> _recent = new();
        private readonly Lock _lock = new();
        private long _held;

        /// <summary>A copy for a patched index: products renumbered by <paramref name="next"/>, those it maps to -1 (no longer listed) dropped.</summary>
        public KeywordCache Renumbered(int[] next)
        {
            var copy = new KeywordCache();
            lock (_lock)
            {
                foreach (var (keyword, matches) in _recent)
                {
                    var kept = new List<KeywordMatch>(matches.Length);
                    foreach (var m in matches)
                    {
                        if (next[m.Product] >= 0)
                        {
                            kept.Add(m with { Product = next[m.Product] });
                        }
                    }

                    copy._held += kept.Count + 1;
                    copy._byKeyword[keyword] = copy._recent.AddLast((keyword, kept.ToArray()));
                }
            }

            return copy;
        }

        public KeywordMatch[]? Find(string keyword)
        {
            lock (_lock)
            {
                if (!_byKeyword.TryGetValue(keyword, out var node))
                {
                    return null;
                }

                _recent.Remove(node);
                _recent.AddFirst(node);
                return node.Value.Matches;
            }
        }

        /// <summary>Keeps the matches unless they alone exceed a tenth of <paramref name="maxMatches"/>; drops the least recently used to make room.</summary>
        public void Keep(string keyword, KeywordMatch[] matches, long maxMatches)
        {
            if (matches.Length > maxMatches / 10)
            {
                return;
            }

            lock (_lock)
            {
                if (_byKeyword.ContainsKey(keyword))
                {
                    return;
                }

                _held += matches.Length + 1;
                _byKeyword[keyword] = _recent.AddFirst((keyword, matches));
                while (_held > maxMatches && _recent.Last is { } oldest)
                {
                    _recent.RemoveLast();
                    _byKeyword.Remove(oldest.Value.Keyword);
                    _held -= oldest.Value.Matches.Length + 1;
                }
            }
        }
    }

    /// <summary>A product card's own fields (the price shown is <see cref="Price"/>); Image is the stored name, MarketPrice the cheapest SKU's.</summary>
    public sealed record Card(string Slug, string Name, string? Image, decimal MaxPrice, decimal? MarketPrice, bool Available);

    internal sealed record Loaded(Guid Id, Guid? CategoryId, string? Brand, decimal MinPrice, long ListedAt,
        List<(string Name, string Value)> Attributes, int Sales, bool Featured, long SearchKey, Card Card);
}
