using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Web;

namespace Storefront.Web.Features.Catalog;

/// <summary>
/// The store's listed products as compact arrays, for filtering, counting facets, sorting and paging in memory: per
/// product its category, brand, price, attribute (name, value) pairs as small integers, listing time, its place in each
/// keyword-free sort, and what its card shows (slug, name, image, price range, market price, whether any SKU is in
/// stock). Kept per store by <see cref="CatalogCache"/> (like <see cref="StoreCategories"/>): every catalog change
/// (price, listing, category, attributes, stock adjustment, a SKU selling out or coming back) drops it and the next
/// search reloads it; an order announces a change exactly when it sells a SKU out or brings one back (SkuStock), so
/// "in stock" is never stale either. Products are numbered in PostgreSQL's uuid order, so a product's number is the
/// search's last tie-breaker. PostgreSQL still matches keywords (<see cref="SearchProducts"/>).
/// </summary>
public sealed class StoreSearchIndex
{
    /// <summary>Prices at which the price facet's steps start (width_bucket's thresholds): step s holds prices from Ladder[s-1].</summary>
    private readonly decimal[] _ladder;
    private readonly Dictionary<Guid, int> _byId;
    private readonly Dictionary<Guid, int> _categoryNumber;
    private readonly Dictionary<string, int> _brandNumber;
    private readonly Dictionary<(string Name, string Value), int> _pairNumber;
    private readonly Dictionary<string, int> _nameNumber;

    // The orders of the sorts that do not depend on a keyword: product numbers, first to last (Order), and each
    // product's place in it (Rank).
    private readonly Dictionary<string, (int[] Order, int[] Rank)> _sorted = [];

    private StoreSearchIndex(List<Loaded> products, decimal[] ladder)
    {
        _ladder = ladder;
        var n = products.Count;
        Ids = new Guid[n];
        Category = new int[n];
        Brand = new int[n];
        Price = new decimal[n];
        PriceStep = new byte[n];
        Listed = new long[n];
        Cards = new Card[n];
        PairStart = new int[n + 1];
        _byId = new Dictionary<Guid, int>(n);
        _categoryNumber = [];
        _brandNumber = new Dictionary<string, int>(StringComparer.Ordinal);
        _pairNumber = [];
        _nameNumber = new Dictionary<string, int>(StringComparer.Ordinal);
        var categories = new List<Guid>();
        var brands = new List<string>();
        var pairs = new List<int>();
        var pairNames = new List<int>();
        var pairValues = new List<string>();
        var names = new List<string>();
        var mine = new List<int>();
        for (var i = 0; i < n; i++)
        {
            var p = products[i];
            Ids[i] = p.Id;
            _byId[p.Id] = i;
            Category[i] = p.CategoryId is { } c ? Number(_categoryNumber, categories, c) : -1;
            Brand[i] = p.Brand is { } b ? Number(_brandNumber, brands, b) : -1;
            Price[i] = p.MinPrice;
            PriceStep[i] = (byte)Step(p.MinPrice);
            Listed[i] = p.ListedAt;
            Cards[i] = p.Card;
            mine.Clear();
            foreach (var (name, value) in p.Attributes)
            {
                if (!_pairNumber.TryGetValue((name, value), out var pair))
                {
                    pair = _pairNumber[(name, value)] = pairNames.Count;
                    pairNames.Add(Number(_nameNumber, names, name));
                    pairValues.Add(value);
                }

                if (!mine.Contains(pair))
                {
                    mine.Add(pair);   // a product counts once per value, however often it lists it
                }
            }

            PairStart[i] = pairs.Count;
            pairs.AddRange(mine);
        }

        PairStart[n] = pairs.Count;
        Pairs = [.. pairs];
        PairName = [.. pairNames];
        PairValue = [.. pairValues];
        Names = [.. names];
        CategoryIds = [.. categories];
        Brands = [.. brands];

        // The keyword-free orders, as PostgreSQL ranked them (so ties and numeric comparisons are exactly as in SQL).
        foreach (var (sort, column) in SortNames)
        {
            var order = new int[n];
            var rank = new int[n];
            for (var i = 0; i < n; i++)
            {
                rank[i] = products[i].Ranks[column];
                order[rank[i]] = i;
            }

            _sorted[sort] = (order, rank);
        }
    }

    /// <summary>The sorts kept in order, and the column of <see cref="Loaded.Ranks"/> each comes from.</summary>
    private static readonly (string Sort, int Column)[] SortNames = [("price_asc", 0), ("price_desc", 1), ("newest", 2), ("best_selling", 3), ("relevance", 4)];

    public int Count => Ids.Length;

    public Guid[] Ids { get; }

    /// <summary>The product's category as a number into <see cref="CategoryIds"/>, -1 for none.</summary>
    public int[] Category { get; }

    public Guid[] CategoryIds { get; }

    /// <summary>The product's brand as a number into <see cref="Brands"/>, -1 for none.</summary>
    public int[] Brand { get; }

    public string[] Brands { get; }

    /// <summary>The price shown (the lowest SKU price).</summary>
    public decimal[] Price { get; }

    /// <summary>The price's step on the ladder, as PostgreSQL's width_bucket numbers it.</summary>
    public byte[] PriceStep { get; }

    /// <summary>Listing time in ticks (0 when never listed).</summary>
    public long[] Listed { get; }

    /// <summary>What the product's card in the results shows.</summary>
    public Card[] Cards { get; }

    /// <summary>Product i's attribute pairs are Pairs[PairStart[i] .. PairStart[i+1]), each once.</summary>
    public int[] PairStart { get; }

    public int[] Pairs { get; }

    /// <summary>A pair's attribute name, as a number into <see cref="Names"/>.</summary>
    public int[] PairName { get; }

    public string[] PairValue { get; }

    public string[] Names { get; }

    /// <summary>
    /// Keywords' matches as PostgreSQL found them after this index was loaded, most recently used first, up to a number
    /// of matches in all. They live and die with the index: a catalog change drops both, so a kept match list is never
    /// older than the index it filters.
    /// </summary>
    public KeywordCache Keywords { get; } = new();

    /// <summary>The index of the store <paramref name="db"/> works for.</summary>
    public static Task<StoreSearchIndex> LoadAsync(StorefrontDb db, CatalogCache cache, decimal[] ladder, CancellationToken ct) =>
        cache.GetAsync(db.TenantId ?? throw new InvalidOperationException("No store: the search index belongs to a store."), nameof(StoreSearchIndex),
            async c => new StoreSearchIndex(await ReadAsync(db, c), ladder), ct);

    public int? Find(Guid id) => _byId.TryGetValue(id, out var i) ? i : null;

    public int? CategoryNumber(Guid id) => _categoryNumber.TryGetValue(id, out var c) ? c : null;

    public int? BrandNumber(string brand) => _brandNumber.TryGetValue(brand, out var b) ? b : null;

    public int? NameNumber(string name) => _nameNumber.TryGetValue(name, out var a) ? a : null;

    public int? PairNumber(string name, string value) => _pairNumber.TryGetValue((name, value), out var p) ? p : null;

    /// <summary>Products in the order of a sort that needs no keyword, and each product's place in it.</summary>
    public (int[] Order, int[] Rank) Sorted(string sort) => _sorted[sort];

    private int Step(decimal price)
    {
        var step = 0;
        while (step < _ladder.Length && _ladder[step] <= price)
        {
            step++;
        }

        return step;
    }

    private static int Number<T>(Dictionary<T, int> numbers, List<T> values, T value) where T : notnull
    {
        if (!numbers.TryGetValue(value, out var number))
        {
            number = numbers[value] = values.Count;
            values.Add(value);
        }

        return number;
    }

    /// <summary>
    /// One query over the store's listed products (RLS limits it to the store too). The sorts are ranked over narrow rows
    /// and the wide rows come back unsorted, each with its number in uuid order (sorting the wide rows spilled to disk);
    /// the statement gets the memory to sort and hash in memory, no parallel workers (each built the SKUs' hash
    /// again) and a custom plan. Those settings last until the connection goes back to the pool, which resets them.
    /// </summary>
    private static async Task<List<Loaded>> ReadAsync(StorefrontDb db, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        await using var batch = new NpgsqlBatch((NpgsqlConnection)db.Database.GetDbConnection());
        batch.BatchCommands.Add(new NpgsqlBatchCommand("set work_mem = '64MB'"));
        batch.BatchCommands.Add(new NpgsqlBatchCommand("set max_parallel_workers_per_gather = 0"));
        // Planned for this store every time: auto-prepared, PostgreSQL's generic plan reads every SKU through an index
        // (1.2 s instead of 0.4 s at 100,000 products).
        batch.BatchCommands.Add(new NpgsqlBatchCommand("set plan_cache_mode = force_custom_plan"));
        var load = new NpgsqlBatchCommand("""
            with listed as materialized (
                select p.id, p.min_price, p.sales_count, coalesce(p.listed_at, 'epoch') as listed, p.featured
                from products p
                where p.tenant_id = @tenant and p.status = 'Listed'
            ),
            ranked as (
                select l.id,
                       row_number() over (order by l.id) - 1 as number,
                       -- The keyword-free sorts, each as SearchProducts ranked them in SQL: its key, then best selling, newest, id.
                       row_number() over (order by l.min_price, l.sales_count desc, l.listed desc, l.id) - 1 as price_asc,
                       row_number() over (order by l.min_price desc, l.sales_count desc, l.listed desc, l.id) - 1 as price_desc,
                       row_number() over (order by l.listed desc, l.sales_count desc, l.id) - 1 as newest,
                       row_number() over (order by l.sales_count desc, l.listed desc, l.id) - 1 as best_selling,
                       -- Relevance without a keyword: featured first.
                       row_number() over (order by l.featured desc, l.sales_count desc, l.listed desc, l.id) - 1 as relevance
                from listed l
            ),
            stock as (
                -- The market price shown is the cheapest SKU's (the higher one on a tie).
                select s.product_id, (array_agg(s.market_price order by s.price, s.market_price desc nulls last))[1] as market_price,
                       max(s.on_hand - s.reserved) > 0 as available
                from skus s where s.tenant_id = @tenant
                group by s.product_id
            )
            select r.number, p.id, p.category_id, p.brand, p.min_price, p.listed_at, p.attributes::text,
                   p.slug, p.name, p.images[1], p.max_price, s.market_price, s.available,
                   r.price_asc, r.price_desc, r.newest, r.best_selling, r.relevance
            from products p
            join ranked r on r.id = p.id
            left join stock s on s.product_id = p.id
            where p.tenant_id = @tenant and p.status = 'Listed'
            """);
        load.Parameters.AddWithValue("tenant", db.TenantId!.Value);
        batch.BatchCommands.Add(load);
        var rows = new List<(int Number, Loaded Product)>();
        await using var reader = await batch.ExecuteReaderAsync(ct);
        while (reader.FieldCount == 0 && await reader.NextResultAsync(ct))
        {
            // past the settings, to the products
        }

        while (await reader.ReadAsync(ct))
        {
            rows.Add(((int)reader.GetInt64(0), new Loaded(
                reader.GetGuid(1),
                reader.IsDBNull(2) ? null : reader.GetGuid(2),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.GetDecimal(4),
                reader.IsDBNull(5) ? 0 : reader.GetFieldValue<DateTime>(5).Ticks - DateTime.UnixEpoch.Ticks,
                Attributes(reader.GetString(6)),
                new Card(reader.GetString(7), reader.GetString(8), reader.IsDBNull(9) ? null : reader.GetString(9), reader.GetDecimal(10),
                    reader.IsDBNull(11) ? null : reader.GetDecimal(11), !reader.IsDBNull(12) && reader.GetBoolean(12)),
                [(int)reader.GetInt64(13), (int)reader.GetInt64(14), (int)reader.GetInt64(15), (int)reader.GetInt64(16), (int)reader.GetInt64(17)])));
        }

        var products = new Loaded[rows.Count];
        foreach (var (number, product) in rows)
        {
            products[number] = product;
        }

        return [.. products];
    }

    /// <summary>The (name, value) pairs of a product's attributes column, skipping any without both (as the SQL facets did).</summary>
    private static List<(string Name, string Value)> Attributes(string json)
    {
        var pairs = new List<(string, string)>();
        using var doc = JsonDocument.Parse(json);
        foreach (var element in doc.RootElement.EnumerateArray())
        {
            if (element.ValueKind == JsonValueKind.Object
                && element.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String
                && element.TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.String)
            {
                pairs.Add((name.GetString()!, value.GetString()!));
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

    /// <param name="Ranks">The product's place in each keyword-free sort (see <see cref="SortNames"/>), from 0.</param>
    private sealed record Loaded(Guid Id, Guid? CategoryId, string? Brand, decimal MinPrice, long ListedAt,
        List<(string Name, string Value)> Attributes, Card Card, int[] Ranks);
}
