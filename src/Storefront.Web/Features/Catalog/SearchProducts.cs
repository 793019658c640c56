using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using Storefront.Domain.Common;
using Storefront.Web.Infrastructure;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Tenancy;
using Storefront.Web.Infrastructure.Web;
using Match = Storefront.Web.Features.Catalog.StoreSearchIndex.KeywordMatch;

namespace Storefront.Web.Features.Catalog;

/// <summary>
/// What a shopper finds: the store's listed products matching a keyword and filters (category with its
/// descendants, brands, attribute values, price range), sorted and paged, with facet counts. A facet's counts
/// apply every filter but its own, so choosing a brand still shows how many products the other brands have.
/// The category facet drills down: it counts the children of the chosen category (or the top-level ones).
/// </summary>
/// <remarks>
/// Keyword search runs in PostgreSQL over products.search_text (lower-cased name, subtitle, brand, attribute and
/// spec values): a substring match (LIKE, trigram-indexed, which also finds part of a Chinese word such as 蓝牙 in
/// 无线蓝牙耳机), a trigram word-similarity match for typos (<c>&lt;%</c>, same index; queries of 3+ characters),
/// and a full-text match for queries of several words (FTS index). Ranking: exact name, then name prefix, then
/// substring, then typo, each by similarity. PostgreSQL returns only the matches' ids and relevance (a narrow,
/// index-backed, prepared statement); filters, facet counts, sorting and paging are worked out in memory over the
/// store's <see cref="StoreSearchIndex"/> (see <see cref="Evaluation"/>), which also holds the product cards. The store's
/// category tree and search index come from memory: the tree is read again after every catalog change, the index is
/// patched for the products a change names (loaded whole only after a change that names none); a search whose keyword's
/// matches are kept with the index does not touch the database at all.
/// </remarks>
public static class SearchProducts
{
    public const int MaxQueryLength = 100;
    public const int MaxPageSize = 60;
    public const int MaxPage = 1000;
    public const int DefaultPageSize = 24;

    public static readonly IReadOnlyList<string> Sorts = ["relevance", "price_asc", "price_desc", "newest", "best_selling"];

    /// <summary>The price ladder facet buckets are cut from (then merged down to a few).</summary>
    private static readonly decimal[] Ladder = [0, 10, 20, 50, 100, 200, 300, 500, 1000, 2000, 3000, 5000, 10000, 20000, 50000, 100000];

    private const int MaxPriceBuckets = 5;
    private const int MaxFacetValues = 20;
    private const int MaxAttributeFacets = 8;

    public sealed record Query : IRequest<Result>
    {
        public string? Q { get; init; }

        /// <summary>A category slug: products of it and of its descendants.</summary>
        public string? Category { get; init; }

        /// <summary>Any of these brands.</summary>
        public IReadOnlyList<string> Brands { get; init; } = [];

        /// <summary>"name=value" pairs: values of one attribute are alternatives, different attributes must all match.</summary>
        public IReadOnlyList<string> Attributes { get; init; } = [];

        public decimal? MinPrice { get; init; }

        public decimal? MaxPrice { get; init; }

        public string? Sort { get; init; }

        public int Page { get; init; } = 1;

        public int PageSize { get; init; } = DefaultPageSize;
    }

    public sealed record Result(
        IReadOnlyList<Item> Items,
        int Total,
        int Page,
        int PageSize,
        string Sort,
        IReadOnlyList<CategoryRef> CategoryPath,
        Facets Facets)
    {
        public int PageCount => Total == 0 ? 0 : (Total + PageSize - 1) / PageSize;

        /// <summary>The chosen category (after following an old slug), or null.</summary>
        public CategoryRef? Category => CategoryPath.Count > 0 ? CategoryPath[^1] : null;
    }

    public sealed record Item(string Slug, string Name, string? Image, decimal MinPrice, decimal MaxPrice, decimal? MarketPrice, bool Available);

    public sealed record Facets(
        IReadOnlyList<CategoryFacet> Categories,
        IReadOnlyList<ValueFacet> Brands,
        IReadOnlyList<AttributeFacet> Attributes,
        IReadOnlyList<PriceFacet> Prices);

    public sealed record CategoryFacet(string Slug, string Name, int Count);

    public sealed record ValueFacet(string Value, int Count, bool Selected);

    public sealed record AttributeFacet(string Name, IReadOnlyList<ValueFacet> Values);

    /// <summary>Products whose price is at least <see cref="From"/> and below <see cref="To"/> (no upper end when null).</summary>
    public sealed record PriceFacet(decimal From, decimal? To, int Count, bool Selected)
    {
        /// <summary>The maxPrice filter value that selects this bucket (prices have cents, so just below To).</summary>
        public decimal? MaxPrice => To - 0.01m;
    }

    internal sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            RuleFor(q => q.Q).MaximumLength(MaxQueryLength).WithMessage(_ => string.Format(Text.ShopSearchTooLong, MaxQueryLength));
            RuleFor(q => q.Category).MaximumLength(80);
            RuleFor(q => q.Brands).Must(b => b.Count <= 20 && b.All(x => x.Length <= 100)).WithMessage(_ => Text.ShopSearchBadFilter);
            RuleFor(q => q.Attributes).Must(a => a.Count <= 20 && a.All(x => x.Length <= 100 && ParseAttribute(x) is not null)).WithMessage(_ => Text.ShopSearchBadFilter);
            RuleFor(q => q.MinPrice).InclusiveBetween(0, Money.MaxAmount).WithMessage(_ => Text.ShopSearchBadPrice);
            RuleFor(q => q.MaxPrice).InclusiveBetween(0, Money.MaxAmount).WithMessage(_ => Text.ShopSearchBadPrice);
            RuleFor(q => q.MaxPrice).GreaterThanOrEqualTo(q => q.MinPrice).When(q => q.MinPrice is not null && q.MaxPrice is not null).WithMessage(_ => Text.ShopSearchBadPrice);
            RuleFor(q => q.Sort).Must(s => s is null || Sorts.Contains(s)).WithMessage(_ => Text.ShopSearchBadSort);
            RuleFor(q => q.Page).InclusiveBetween(1, MaxPage);
            RuleFor(q => q.PageSize).InclusiveBetween(1, MaxPageSize);
        }
    }

    /// <summary>"材质=棉" → (材质, 棉); null when it is not a pair.</summary>
    public static (string Name, string Value)? ParseAttribute(string pair)
    {
        var eq = pair.IndexOf('=', StringComparison.Ordinal);
        if (eq <= 0)
        {
            return null;
        }

        var name = pair[..eq].Trim();
        var value = pair[(eq + 1)..].Trim();
        return name.Length == 0 || value.Length == 0 ? null : (name, value);
    }

    /// <summary>The keyword as it is matched: trimmed, blanks collapsed, lower case (search_text is lower case).</summary>
    public static string? NormalizeKeyword(string? q)
    {
        if (string.IsNullOrWhiteSpace(q))
        {
            return null;
        }

        return string.Join(' ', q.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).ToLowerInvariant();
    }

    /// <summary>The character pairs of the keyword, as text_bigrams() (migration 0007) gives them for search_text.</summary>
    internal static string[] Bigrams(string q) => Enumerable.Range(0, q.Length - 1).Select(i => q.Substring(i, 2)).Distinct().ToArray();

    internal sealed class Handler(StorefrontDb db, TenantContext tenant, CatalogCache cache, IConfiguration configuration, Infrastructure.Telemetry.StorefrontMetrics metrics)
        : IRequestHandler<Query, Result>
    {
        /// <summary>How many keyword matches a store's index keeps (Storefront:SearchKeywordCacheMatches; 0: none).</summary>
        private long KeywordCacheMatches => configuration.GetValue("Storefront:SearchKeywordCacheMatches", 500_000L);

        public async Task<Result> Handle(Query request, CancellationToken cancellationToken)
        {
            using var timing = metrics.TimeSearch();
            var sort = request.Sort ?? Sorts[0];
            var q = NormalizeKeyword(request.Q);
            var brands = request.Brands.Select(b => b.Trim()).Where(b => b.Length > 0).Distinct().ToList();
            var attributes = request.Attributes.Select(a => ParseAttribute(a)!.Value).Distinct().ToList();

            var categories = await StoreCategories.LoadAsync(db, cache, cancellationToken);
            var category = await ResolveCategoryAsync(categories, request.Category, cancellationToken);
            var index = await StoreSearchIndex.LoadAsync(db, cache, Ladder, cancellationToken);
            var matches = q is null ? null : await MatchAsync(index, q, cancellationToken);

            var found = Evaluation.Run(index, matches, category is null ? null : categories.SubtreeIds(category), brands, attributes, request.MinPrice, request.MaxPrice);
            var page = found.Page(sort, (request.Page - 1) * request.PageSize, request.PageSize);
            var items = page.Select(i => (Price: index.Price[i], Card: index.Cards[i]))
                .Select(p => new Item(p.Card.Slug, p.Card.Name, ProductImages.Url(p.Card.Image), p.Price, p.Card.MaxPrice,
                    p.Card.MarketPrice > p.Price ? p.Card.MarketPrice : null, p.Card.Available))
                .ToList();

            var facets = new Facets(
                CategoryFacets(found.CategoryCounts(), categories, category),
                ValueFacets(found.BrandCounts(), brands),
                AttributeFacets(found.AttributeCounts(), attributes),
                PriceFacets(found.StepCounts, request.MinPrice, request.MaxPrice));
            return new Result(items, found.Hits.Count, request.Page, request.PageSize, sort, categories.PathTo(category).Select(CategoryRef.From).ToList(), facets);
        }

        private async Task<StoreCategories.Node?> ResolveCategoryAsync(StoreCategories categories, string? slug, CancellationToken ct)
        {
            if (string.IsNullOrWhiteSpace(slug))
            {
                return null;
            }

            slug = slug.Trim().ToLowerInvariant();
            if (categories.Find(slug) is { } found)
            {
                return found;
            }

            var moved = await db.CategoryRedirects.AsNoTracking().Where(r => r.OldSlug == slug).Select(r => (Guid?)r.CategoryId).FirstOrDefaultAsync(ct);
            return categories.Find(moved) ?? throw new NotFoundException("category", Text.CategoryNotFound);
        }

        /// <summary>
        /// The store's listed products matching the keyword, with their relevance: only (id, class, score) rows come back
        /// from PostgreSQL, every filter and facet is then worked out in memory. Products the index does not know (listed a
        /// moment ago, its reload not yet asked for) are left out, as if the search had run a moment earlier. The matches
        /// are kept with the index (see <see cref="StoreSearchIndex.Keywords"/>), so another filter or page of the same
        /// keyword does not ask again until the catalog changes.
        /// </summary>
        private async Task<Match[]> MatchAsync(StoreSearchIndex index, string q, CancellationToken ct)
        {
            var keep = KeywordCacheMatches;
            if (keep > 0 && index.Keywords.Find(q) is { } kept)
            {
                return kept;
            }

            var parameters = new List<NpgsqlParameter>
            {
                Param("tenant", NpgsqlDbType.Uuid, tenant.RequiredId),
                Param("q", NpgsqlDbType.Text, q),
                Param("contains", NpgsqlDbType.Text, "%" + EscapeLike(q) + "%"),
                Param("prefix", NpgsqlDbType.Text, EscapeLike(q) + "%"),
            };
            if (q.Length == 2)
            {
                parameters.Add(Param("bigrams", NpgsqlDbType.Array | NpgsqlDbType.Text, Bigrams(q)));
            }

            var matches = new List<Match>();
            await using (var reader = await ExecuteAsync(KeywordSql(q), parameters, ct))
            {
                while (await reader.ReadAsync(ct))
                {
                    if (index.Find(reader.GetGuid(0)) is { } product)
                    {
                        matches.Add(new Match(product, reader.GetInt32(1), reader.GetDouble(2)));
                    }
                }
            }

            var found = matches.ToArray();
            if (keep > 0)
            {
                index.Keywords.Keep(q, found, keep);
            }

            return found;
        }

        /// <summary>
        /// Runs the keyword statement on the context's connection (which carries the store's setting for row-level
        /// security), prepared and with its generic plan: planned once per connection rather than on every request
        /// (planning took as long as running). One plan fits every keyword of a shape because only the shape's own
        /// condition is in its SQL. The setting lasts until the connection is next opened, which resets it (TenantSessionInterceptor).
        /// </summary>
        private async Task<NpgsqlDataReader> ExecuteAsync(string sql, List<NpgsqlParameter> parameters, CancellationToken ct)
        {
            await db.Database.OpenConnectionAsync(ct);
            var batch = new NpgsqlBatch((NpgsqlConnection)db.Database.GetDbConnection());
            batch.BatchCommands.Add(new NpgsqlBatchCommand("set plan_cache_mode = force_generic_plan"));

            var command = new NpgsqlBatchCommand(sql);
            command.Parameters.AddRange(parameters.ToArray());
            batch.BatchCommands.Add(command);
            await batch.PrepareAsync(ct);
            var reader = await batch.ExecuteReaderAsync(ct);
            while (reader.FieldCount == 0 && await reader.NextResultAsync(ct))
            {
                // past the setting, to the statement's rows
            }

            return reader;
        }
    }

    private static NpgsqlParameter Param(string name, NpgsqlDbType type, object? value) =>
        new(name, type) { Value = value ?? DBNull.Value };

    private static string EscapeLike(string s) =>
        s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);

    /// <summary>
    /// The keyword statement of one shape: only the shape's match condition is in its SQL (so the plan kept for the
    /// prepared statement fits every keyword of that shape). Class: exact name -3, name prefix -2, substring -1, typo 0;
    /// score within a class: where the substring starts, or minus the word similarity.
    /// </summary>
    private static string KeywordSql(string q) => $"""
        select p.id,
               case when lower(p.name) = @q then -3
                    when lower(p.name) like @prefix then -2
                    when p.search_text like @contains then -1
                    else 0
               end,
               (case when p.search_text like @contains then strpos(p.search_text, @q)::numeric
                     else -word_similarity(@q, p.search_text)::numeric
                end)::float8
        from products p
        where p.tenant_id = @tenant and p.status = 'Listed'
          {q switch
          {
              // One or two characters have no trigram: a substring test (strpos, which no trigram index claims), for
              // two after the bigram index narrowed the candidates to products holding the pair.
              { Length: 1 } => "and strpos(p.search_text, @q) > 0",
              { Length: 2 } => "and p.search_bigrams @> @bigrams and strpos(p.search_text, @q) > 0",
              // Substring and typo match, both on the trigram index; several words also by full text.
              _ when q.Contains(' ', StringComparison.Ordinal) =>
                  "and (p.search_text like @contains or @q <% p.search_text or to_tsvector('simple', p.search_text) @@ plainto_tsquery('simple', @q))",
              _ => "and (p.search_text like @contains or @q <% p.search_text)",
          }}
        """;

    /// <summary>
    /// Filters, facet counts and the page, worked out over the index for one query: the candidates are the keyword's
    /// matches (or every listed product), within the chosen category subtree. A facet's counts apply every filter but
    /// its own; a product counts for an attribute value when it passes every attribute filter except the one on that
    /// attribute (values of one attribute are alternatives, different attributes must all match).
    /// </summary>
    private sealed class Evaluation
    {
        private readonly StoreSearchIndex _index;
        private readonly Match[]? _matches;
        private readonly int[] _categoryCounts;
        private readonly int[] _brandCounts;
        private readonly int[] _pairCounts;

        private Evaluation(StoreSearchIndex index, Match[]? matches)
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

        public static Evaluation Run(StoreSearchIndex index, Match[]? matches, IReadOnlyList<Guid>? categories,
            List<string> brands, List<(string Name, string Value)> attributes, decimal? min, decimal? max)
        {
            var e = new Evaluation(index, matches);
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
                    return x.Class != y.Class ? x.Class.CompareTo(y.Class)
                        : x.Score != y.Score ? x.Score.CompareTo(y.Score)
                        : listed[x.Product] != listed[y.Product] ? listed[y.Product].CompareTo(listed[x.Product])
                        : x.Product.CompareTo(y.Product);
                });
                return Top(Hits, skip + take, relevance).Skip(skip).Select(h => matches[h].Product).ToList();
            }

            var (order, rank) = _index.Sorted(sort);
            var products = _matches is null ? Hits : Hits.Select(h => _matches[h].Product).ToList();
            if (products.Count == order.Length)
            {
                return order.Skip(skip).Take(take).ToList();
            }

            if (products.Count * 16L < order.Length)
            {
                var keys = products.Select(p => rank[p]).ToArray();
                var sorted = products.ToArray();
                Array.Sort(keys, sorted);
                return sorted.Skip(skip).Take(take).ToList();
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
            Enumerable.Range(0, _brandCounts.Length).Where(b => _brandCounts[b] > 0).Select(b => (_index.Brands[b], _brandCounts[b])).ToList();

        public List<(string Name, string Value, int Count)> AttributeCounts() =>
            Enumerable.Range(0, _pairCounts.Length).Where(p => _pairCounts[p] > 0)
                .Select(p => (_index.Names[_index.PairName[p]], _index.PairValue[p], _pairCounts[p])).ToList();
    }
    private static List<CategoryFacet> CategoryFacets(Dictionary<Guid, int> perCategory, StoreCategories categories, StoreCategories.Node? selected)
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

        return categories.ChildrenOf(selected)
            .Where(c => counts.GetValueOrDefault(c.Id) > 0)
            .Select(c => new CategoryFacet(c.Slug, c.Name, counts[c.Id]))
            .ToList();
    }

    private static List<ValueFacet> ValueFacets(IReadOnlyCollection<(string Value, int Count)> counted, IReadOnlyCollection<string> selected)
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

    private static List<AttributeFacet> AttributeFacets(List<(string Name, string Value, int Count)> counted, IReadOnlyList<(string Name, string Value)> selected)
    {
        var byName = counted.GroupBy(c => c.Name).ToDictionary(g => g.Key, g => g.Select(c => (c.Value, c.Count)).ToList());
        var names = byName.OrderByDescending(g => g.Value.Sum(c => c.Count)).ThenBy(g => g.Key, StringComparer.Ordinal).Select(g => g.Key)
            .Take(MaxAttributeFacets).ToList();
        names.AddRange(selected.Select(s => s.Name).Distinct().Where(n => !names.Contains(n)));
        return names.Select(name => new AttributeFacet(name, ValueFacets(
                byName.GetValueOrDefault(name, []),
                selected.Where(s => s.Name == name).Select(s => s.Value).ToList())))
            .ToList();
    }

    private static List<PriceFacet> PriceFacets(int[] steps, decimal? min, decimal? max)
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

        return buckets.Select(b => new PriceFacet(b.From, b.To, b.Count,
                (min ?? 0) == b.From && max == b.To - 0.01m && (min is not null || max is not null)))
            .ToList();
    }

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/catalog/products", async (IMediator m, CancellationToken ct, string? q, string? category,
                [FromQuery] string[]? brand, [FromQuery] string[]? attr, decimal? minPrice, decimal? maxPrice, string? sort, int? page, int? pageSize) =>
                TypedResults.Ok(await m.Send(new Query
                {
                    Q = q,
                    Category = category,
                    Brands = brand ?? [],
                    Attributes = attr ?? [],
                    MinPrice = minPrice,
                    MaxPrice = maxPrice,
                    Sort = sort,
                    Page = page ?? 1,
                    PageSize = pageSize ?? DefaultPageSize,
                }, ct)))
            .ProducesValidationProblem()
            .RequireRateLimiting(Infrastructure.Web.RateLimits.Search)
            .WithTags("Catalog");

}
