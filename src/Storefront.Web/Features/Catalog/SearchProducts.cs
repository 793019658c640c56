using System.Text.Json;
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
/// substring, then typo, each by similarity. Matching, facets and the page come from one prepared statement over one
/// materialized candidate set (see <see cref="Statement"/>); the store's category tree comes from memory.
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

    internal sealed class Handler(StorefrontDb db, TenantContext tenant, CatalogCache cache) : IRequestHandler<Query, Result>
    {
        public async Task<Result> Handle(Query request, CancellationToken cancellationToken)
        {
            var sort = request.Sort ?? Sorts[0];
            var q = NormalizeKeyword(request.Q);
            var brands = request.Brands.Select(b => b.Trim()).Where(b => b.Length > 0).Distinct().ToList();
            var attributes = request.Attributes.Select(a => ParseAttribute(a)!.Value).Distinct().ToList();

            var categories = await StoreCategories.LoadAsync(db, cache, cancellationToken);
            var category = await ResolveCategoryAsync(categories, request.Category, cancellationToken);
            var statement = new Statement(q, category is null ? null : categories.SubtreeIds(category), attributes);

            var parameters = new List<NpgsqlParameter>
            {
                Param("tenant", NpgsqlDbType.Uuid, tenant.RequiredId),
                Param("q", NpgsqlDbType.Text, q),
                Param("contains", NpgsqlDbType.Text, q is null ? null : "%" + EscapeLike(q) + "%"),
                Param("prefix", NpgsqlDbType.Text, q is null ? null : EscapeLike(q) + "%"),
                Param("brands", NpgsqlDbType.Array | NpgsqlDbType.Text, brands.Count == 0 ? null : brands.ToArray()),
                Param("min_price", NpgsqlDbType.Numeric, request.MinPrice),
                Param("max_price", NpgsqlDbType.Numeric, request.MaxPrice),
                Param("ladder", NpgsqlDbType.Array | NpgsqlDbType.Numeric, Ladder),
                Param("sort", NpgsqlDbType.Text, sort),
                Param("skip", NpgsqlDbType.Integer, (request.Page - 1) * request.PageSize),
                Param("take", NpgsqlDbType.Integer, request.PageSize),
            };
            parameters.AddRange(statement.Parameters);
            var rows = await ReadAsync(statement, parameters, cancellationToken);

            var items = rows.Where(r => r.Kind == "item").OrderBy(r => r.Ord)
                .Select(r => new Item(r.Slug!, r.Name!, ProductImages.Url(r.Image), r.MinPrice ?? 0, r.MaxPrice ?? 0,
                    r.MarketPrice > r.MinPrice ? r.MarketPrice : null, r.Available == true))
                .ToList();
            var total = (int)(rows.FirstOrDefault(r => r.Kind == "total")?.Count ?? 0);
            var facets = new Facets(
                CategoryFacets(rows, categories, category),
                ValueFacets(rows.Where(r => r.Kind == "brand").Select(r => (r.Key!, r.Count)), brands),
                AttributeFacets(rows, attributes),
                PriceFacets(rows, request.MinPrice, request.MaxPrice));
            return new Result(items, total, request.Page, request.PageSize, sort, categories.PathTo(category).Select(CategoryRef.From).ToList(), facets);
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
        /// Runs the statement on the context's connection (which carries the store's setting for row-level security).
        /// A statement of a common shape is prepared and runs with its generic plan: planned once per connection
        /// rather than on every request (planning took as long as running). One plan fits every query of a shape
        /// because only the shape's own conditions are in its SQL. The setting lasts until the connection goes back
        /// to the pool, which resets it.
        /// </summary>
        private async Task<List<Row>> ReadAsync(Statement statement, List<NpgsqlParameter> parameters, CancellationToken ct)
        {
            await db.Database.OpenConnectionAsync(ct);
            await using var batch = new NpgsqlBatch((NpgsqlConnection)db.Database.GetDbConnection());
            if (statement.Preparable)
            {
                batch.BatchCommands.Add(new NpgsqlBatchCommand("set plan_cache_mode = force_generic_plan"));
            }

            var search = new NpgsqlBatchCommand(statement.Sql);
            search.Parameters.AddRange(parameters.ToArray());
            batch.BatchCommands.Add(search);
            if (statement.Preparable)
            {
                await batch.PrepareAsync(ct);
            }

            await using var reader = await batch.ExecuteReaderAsync(ct);
            while (reader.FieldCount == 0 && await reader.NextResultAsync(ct))
            {
                // past the setting, to the search's rows
            }

            var rows = new List<Row>();
            while (await reader.ReadAsync(ct))
            {
                rows.Add(new Row(
                    reader.GetString(0),
                    reader.IsDBNull(1) ? null : reader.GetString(1),
                    reader.IsDBNull(2) ? null : reader.GetString(2),
                    reader.GetInt64(3),
                    reader.IsDBNull(4) ? null : reader.GetString(4),
                    reader.IsDBNull(5) ? null : reader.GetString(5),
                    reader.IsDBNull(6) ? null : reader.GetString(6),
                    reader.IsDBNull(7) ? null : reader.GetDecimal(7),
                    reader.IsDBNull(8) ? null : reader.GetDecimal(8),
                    reader.IsDBNull(9) ? null : reader.GetDecimal(9),
                    reader.IsDBNull(10) ? null : reader.GetBoolean(10),
                    reader.IsDBNull(11) ? null : reader.GetInt64(11)));
            }

            return rows;
        }
    }

    private static NpgsqlParameter Param(string name, NpgsqlDbType type, object? value) =>
        new(name, type) { Value = value ?? DBNull.Value };

    private static string EscapeLike(string s) =>
        s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);

    private static List<CategoryFacet> CategoryFacets(List<Row> rows, StoreCategories categories, StoreCategories.Node? selected)
    {
        // Counts are per product's own category; a category counts its descendants' products too.
        var counts = new Dictionary<Guid, int>();
        foreach (var row in rows.Where(r => r.Kind == "category" && r.Key is not null))
        {
            for (var node = categories.Find(Guid.Parse(row.Key!)); node is not null; node = categories.Find(node.ParentId))
            {
                counts[node.Id] = counts.GetValueOrDefault(node.Id) + (int)row.Count;
            }
        }

        return categories.ChildrenOf(selected)
            .Where(c => counts.GetValueOrDefault(c.Id) > 0)
            .Select(c => new CategoryFacet(c.Slug, c.Name, counts[c.Id]))
            .ToList();
    }

    private static List<ValueFacet> ValueFacets(IEnumerable<(string Value, long Count)> counted, IReadOnlyCollection<string> selected)
    {
        var list = counted.OrderByDescending(c => c.Count).ThenBy(c => c.Value, StringComparer.Ordinal)
            .Take(MaxFacetValues)
            .Select(c => new ValueFacet(c.Value, (int)c.Count, selected.Contains(c.Value)))
            .ToList();
        var all = counted.ToDictionary(c => c.Value, c => (int)c.Count);
        foreach (var value in selected.Where(s => list.All(f => f.Value != s)))
        {
            list.Add(new ValueFacet(value, all.GetValueOrDefault(value), true));   // a chosen value stays visible, so it can be unchosen
        }

        return list;
    }

    private static List<AttributeFacet> AttributeFacets(List<Row> rows, IReadOnlyList<(string Name, string Value)> selected)
    {
        var byName = rows.Where(r => r.Kind == "attr").GroupBy(r => r.Key!).ToDictionary(g => g.Key, g => g.ToList());
        var names = byName.OrderByDescending(g => g.Value.Sum(r => r.Count)).ThenBy(g => g.Key, StringComparer.Ordinal).Select(g => g.Key)
            .Take(MaxAttributeFacets).ToList();
        names.AddRange(selected.Select(s => s.Name).Distinct().Where(n => !names.Contains(n)));
        return names.Select(name => new AttributeFacet(name, ValueFacets(
                byName.GetValueOrDefault(name, []).Select(r => (r.Value!, r.Count)),
                selected.Where(s => s.Name == name).Select(s => s.Value).ToList())))
            .ToList();
    }

    private static List<PriceFacet> PriceFacets(List<Row> rows, decimal? min, decimal? max)
    {
        // width_bucket numbers the ladder's steps from 1; step i holds prices from Ladder[i-1] up to (not including) Ladder[i].
        var buckets = rows.Where(r => r.Kind == "price" && r.Count > 0)
            .Select(r => (Step: int.Parse(r.Key!, System.Globalization.CultureInfo.InvariantCulture), r.Count))
            .OrderBy(b => b.Step)
            .Select(b => (From: Ladder[Math.Max(b.Step, 1) - 1], To: b.Step < Ladder.Length ? Ladder[b.Step] : (decimal?)null, b.Count))
            .ToList();
        while (buckets.Count > MaxPriceBuckets)
        {
            var i = Enumerable.Range(0, buckets.Count - 1).MinBy(i => buckets[i].Count + buckets[i + 1].Count);
            buckets[i] = (buckets[i].From, buckets[i + 1].To, buckets[i].Count + buckets[i + 1].Count);
            buckets.RemoveAt(i + 1);
        }

        return buckets.Select(b => new PriceFacet(b.From, b.To, (int)b.Count,
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
            .WithTags("Catalog");

    /// <summary>One row of the search statement: a facet count (kind, key, value, count) or a product of the page (kind "item").</summary>
    private sealed record Row(
        string Kind, string? Key, string? Value, long Count, string? Slug, string? Name, string? Image,
        decimal? MinPrice, decimal? MaxPrice, decimal? MarketPrice, bool? Available, long? Ord);

    /// <summary>
    /// The search statement for one shape of query: only the conditions the query uses are in its SQL (how the keyword
    /// is matched, whether a category is chosen, how many attributes are filtered on), so the plan PostgreSQL keeps for a
    /// prepared statement fits every query of that shape. Values that do not change the plan (brands, prices, sort,
    /// page) are parameters of every shape. The candidate set (listed products of the store in the chosen category
    /// subtree that match the keyword) is materialized once; each facet filters it by everything but itself.
    /// </summary>
    private sealed class Statement
    {
        /// <summary>Shapes with more attribute filters than this are rare; they are planned each time rather than kept.</summary>
        private const int MaxPreparedAttributes = 2;

        public Statement(string? q, IReadOnlyList<Guid>? categories, IReadOnlyList<(string Name, string Value)> attributes)
        {
            var keyword = q switch
            {
                null => "",
                // One or two characters have no trigram: a substring test (strpos, which no trigram index claims), for
                // two after the bigram index narrowed the candidates to products holding the pair.
                { Length: 1 } => "and strpos(p.search_text, @q) > 0",
                { Length: 2 } => "and p.search_bigrams @> @bigrams and strpos(p.search_text, @q) > 0",
                // Substring and typo match, both on the trigram index; several words also by full text.
                _ when q.Contains(' ', StringComparison.Ordinal) =>
                    "and (p.search_text like @contains or @q <% p.search_text or to_tsvector('simple', p.search_text) @@ plainto_tsquery('simple', @q))",
                _ => "and (p.search_text like @contains or @q <% p.search_text)",
            };
            if (q is { Length: 2 })
            {
                Parameters.Add(Param("bigrams", NpgsqlDbType.Array | NpgsqlDbType.Text, Bigrams(q)));
            }

            if (categories is not null)
            {
                Parameters.Add(Param("categories", NpgsqlDbType.Array | NpgsqlDbType.Uuid, categories.ToArray()));
            }

            // "missed": a bit per filtered attribute the product does not match (bit i for the i-th attribute name);
            // a product passes every attribute filter but the one on name N when missed is 0 or exactly N's bit.
            var names = attributes.Select(a => a.Name).Distinct().ToList();
            var missed = new List<string>();
            var bitOf = new List<string>();
            for (var i = 0; i < names.Count; i++)
            {
                var wanted = attributes.Where(a => a.Name == names[i])
                    .Select(a => JsonSerializer.Serialize(new[] { new { name = a.Name, value = a.Value } }))
                    .ToArray();
                Parameters.Add(Param($"attr{i}", NpgsqlDbType.Array | NpgsqlDbType.Jsonb, wanted));
                Parameters.Add(Param($"attr_name{i}", NpgsqlDbType.Text, names[i]));
                missed.Add($"case when p.attributes @> any(@attr{i}) then 0 else {1 << i} end");
                bitOf.Add($"when @attr_name{i} then {1 << i}");
            }

            Preparable = names.Count <= MaxPreparedAttributes;
            Sql = Template
                .Replace("{keyword}", keyword, StringComparison.Ordinal)
                .Replace("{category}", categories is null ? "" : "and p.category_id = any(@categories)", StringComparison.Ordinal)
                .Replace("{missed}", missed.Count == 0 ? "0" : string.Join(" + ", missed), StringComparison.Ordinal)
                .Replace("{bit_of_name}", bitOf.Count == 0 ? "null::int" : $"case x.name {string.Join(' ', bitOf)} end", StringComparison.Ordinal);
        }

        public string Sql { get; }

        /// <summary>The shape's own parameters (the common ones are added by the handler).</summary>
        public List<NpgsqlParameter> Parameters { get; } = [];

        public bool Preparable { get; }

        private const string Template = """
            with base as materialized (
                select p.id, p.category_id, p.brand, p.attributes, p.min_price,
                       p.name, p.search_text, p.listed_at, p.sales_count, p.featured,
                       (@brands is null or p.brand = any(@brands)) as in_brand,
                       ((@min_price is null or p.min_price >= @min_price) and (@max_price is null or p.min_price <= @max_price)) as in_price,
                       {missed} as missed
                from products p
                where p.tenant_id = @tenant and p.status = 'Listed'
                  {category}
                  {keyword}
            ),
            hit as (
                -- Sort keys, cheap ones first; relevance: exact name, name prefix, substring, then typo by similarity.
                select b.id,
                       case when @sort = 'price_asc' then b.min_price
                            when @sort = 'price_desc' then -b.min_price
                            when @sort = 'newest' then -extract(epoch from coalesce(b.listed_at, 'epoch'::timestamptz))
                            when @sort = 'best_selling' then -b.sales_count::numeric
                            when @q is null then -(b.featured::int)::numeric
                            when lower(b.name) = @q then -3
                            when lower(b.name) like @prefix then -2
                            when b.search_text like @contains then -1
                            else 0
                       end as k1,
                       case when @sort = 'relevance' and @q is not null then
                                case when b.search_text like @contains then strpos(b.search_text, @q)::numeric
                                     else -word_similarity(@q, b.search_text)::numeric
                                end
                            else -b.sales_count::numeric
                       end as k2,
                       -extract(epoch from coalesce(b.listed_at, 'epoch'::timestamptz)) as k3
                from base b where b.in_brand and b.in_price and b.missed = 0
            ),
            page as (
                select h.id, h.k1, h.k2, h.k3 from hit h order by h.k1, h.k2, h.k3, h.id offset @skip limit @take
            ),
            facets as (
                select 'total' as kind, null::text as key, null::text as value, count(*) as n from hit
                union all
                select 'category', b.category_id::text, null, count(*) from base b
                where b.in_brand and b.in_price and b.missed = 0 and b.category_id is not null
                group by b.category_id
                union all
                select 'brand', b.brand, null, count(*) from base b
                where b.in_price and b.missed = 0 and b.brand is not null
                group by b.brand
                union all
                select 'price', width_bucket(b.min_price, @ladder)::text, null, count(*) from base b
                where b.in_brand and b.missed = 0
                group by 2
                union all
                select 'attr', a.name, a.value, count(*) from (
                    -- A product counts for a value when it passes every attribute filter except the one on that attribute.
                    select x.name, x.value, b.id
                    from base b cross join lateral jsonb_to_recordset(b.attributes) as x(name text, value text)
                    where b.in_brand and b.in_price and x.name is not null and x.value is not null
                      and (b.missed = 0 or b.missed = {bit_of_name})
                    group by x.name, x.value, b.id
                ) a
                group by a.name, a.value
            )
            select f.kind, f.key, f.value, f.n,
                   null::text, null::text, null::text, null::numeric, null::numeric, null::numeric, null::boolean, null::bigint
            from facets f
            union all
            select 'item', null, null, 0, p.slug, p.name, p.images[1], p.min_price, p.max_price,
                   (select s.market_price from skus s where s.tenant_id = @tenant and s.product_id = p.id
                    order by s.price, s.market_price desc nulls last limit 1),
                   (select max(s.on_hand - s.reserved) from skus s where s.tenant_id = @tenant and s.product_id = p.id) > 0,
                   row_number() over (order by pg.k1, pg.k2, pg.k3, pg.id)
            from page pg join products p on p.tenant_id = @tenant and p.id = pg.id
            """;
    }
}
