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
/// substring, then typo, each by similarity. Matching, facets and the page come from one statement over one
/// materialized candidate set; every value is a parameter, the SQL text is constant.
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

    internal sealed class Handler(StorefrontDb db, TenantContext tenant) : IRequestHandler<Query, Result>
    {
        public async Task<Result> Handle(Query request, CancellationToken cancellationToken)
        {
            var sort = request.Sort ?? Sorts[0];
            var q = NormalizeKeyword(request.Q);
            var brands = request.Brands.Select(b => b.Trim()).Where(b => b.Length > 0).Distinct().ToList();
            var attributes = request.Attributes.Select(a => ParseAttribute(a)!.Value).Distinct().ToList();
            var attributeNames = attributes.Select(a => a.Name).Distinct().ToList();

            await db.Database.OpenConnectionAsync(cancellationToken);   // one connection (and one tenant setting) for both queries
            var categories = await StoreCategories.LoadAsync(db, cancellationToken);
            var category = await ResolveCategoryAsync(categories, request.Category, cancellationToken);

            var parameters = new NpgsqlParameter[]
            {
                Param("tenant", NpgsqlDbType.Uuid, tenant.RequiredId),
                Param("q", NpgsqlDbType.Text, q),
                Param("contains", NpgsqlDbType.Text, q is null ? null : "%" + EscapeLike(q) + "%"),
                Param("prefix", NpgsqlDbType.Text, q is null ? null : EscapeLike(q) + "%"),
                Param("bigrams", NpgsqlDbType.Array | NpgsqlDbType.Text, q is { Length: >= 2 } ? Bigrams(q) : null),
                Param("fuzzy", NpgsqlDbType.Boolean, q is { Length: >= 3 }),
                Param("words", NpgsqlDbType.Boolean, q?.Contains(' ', StringComparison.Ordinal) == true),
                Param("categories", NpgsqlDbType.Array | NpgsqlDbType.Uuid, category is null ? null : categories.SubtreeIds(category).ToArray()),
                Param("brands", NpgsqlDbType.Array | NpgsqlDbType.Text, brands.Count == 0 ? null : brands.ToArray()),
                Param("min_price", NpgsqlDbType.Numeric, request.MinPrice),
                Param("max_price", NpgsqlDbType.Numeric, request.MaxPrice),
                Param("attr_names", NpgsqlDbType.Array | NpgsqlDbType.Text, attributes.Count == 0 ? null : attributes.Select(a => a.Name).ToArray()),
                Param("attr_values", NpgsqlDbType.Array | NpgsqlDbType.Text, attributes.Count == 0 ? null : attributes.Select(a => a.Value).ToArray()),
                Param("attr_selected", NpgsqlDbType.Array | NpgsqlDbType.Text, attributeNames.ToArray()),
                Param("attr_count", NpgsqlDbType.Integer, attributeNames.Count),
                Param("ladder", NpgsqlDbType.Array | NpgsqlDbType.Numeric, Ladder),
                Param("sort", NpgsqlDbType.Text, sort),
                Param("skip", NpgsqlDbType.Integer, (request.Page - 1) * request.PageSize),
                Param("take", NpgsqlDbType.Integer, request.PageSize),
            };
            var rows = await db.Database.SqlQueryRaw<Row>(Sql, parameters).ToListAsync(cancellationToken);

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

        private static NpgsqlParameter Param(string name, NpgsqlDbType type, object? value) =>
            new(name, type) { Value = value ?? DBNull.Value };
    }

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
    internal sealed class Row
    {
        public string Kind { get; set; } = "";

        public string? Key { get; set; }

        public string? Value { get; set; }

        public long Count { get; set; }

        public string? Slug { get; set; }

        public string? Name { get; set; }

        public string? Image { get; set; }

        public decimal? MinPrice { get; set; }

        public decimal? MaxPrice { get; set; }

        public decimal? MarketPrice { get; set; }

        public bool? Available { get; set; }

        public long? Ord { get; set; }
    }

    // Constant SQL; every value is a parameter. The candidate set (listed products of the store in the chosen
    // category subtree that match the keyword) is materialized once; each facet filters it by everything but itself.
    private const string Sql = """
        with base as materialized (
            select p.id, p.category_id, p.brand, p.attributes, p.min_price,
                   (@brands is null or p.brand = any(@brands)) as in_brand,
                   ((@min_price is null or p.min_price >= @min_price) and (@max_price is null or p.min_price <= @max_price)) as in_price,
                   case when @attr_names is null then array[]::text[]
                        else array(select distinct s.n from unnest(@attr_names, @attr_values) as s(n, v)
                                   where p.attributes @> jsonb_build_array(jsonb_build_object('name', s.n, 'value', s.v)))
                   end as hits,
                   -- Sort keys, cheap ones first; relevance: exact name, name prefix, substring, then typo by similarity.
                   case when @sort = 'price_asc' then p.min_price
                        when @sort = 'price_desc' then -p.min_price
                        when @sort = 'newest' then -extract(epoch from coalesce(p.listed_at, 'epoch'::timestamptz))
                        when @sort = 'best_selling' then -p.sales_count::numeric
                        when @q is null then -(p.featured::int)::numeric
                        when lower(p.name) = @q then -3
                        when lower(p.name) like @prefix then -2
                        when p.search_text like @contains then -1
                        else 0
                   end as k1,
                   case when @sort = 'relevance' and @q is not null then
                            case when p.search_text like @contains then strpos(p.search_text, @q)::numeric
                                 else -word_similarity(@q, p.search_text)::numeric
                            end
                        else -p.sales_count::numeric
                   end as k2,
                   -extract(epoch from coalesce(p.listed_at, 'epoch'::timestamptz)) as k3
            from products p
            where p.tenant_id = @tenant and p.status = 'Listed'
              and (@categories is null or p.category_id = any(@categories))
              and (@q is null
                   or (p.search_text like @contains and (@bigrams is null or p.search_bigrams @> @bigrams))
                   or (@fuzzy and @q <% p.search_text)
                   or (@words and to_tsvector('simple', p.search_text) @@ plainto_tsquery('simple', @q)))
        ),
        hit as (
            select b.id, b.k1, b.k2, b.k3 from base b where b.in_brand and b.in_price and cardinality(b.hits) = @attr_count
        ),
        page as (
            select h.id, h.k1, h.k2, h.k3 from hit h order by h.k1, h.k2, h.k3, h.id offset @skip limit @take
        ),
        facets as (
            select 'total' as kind, null::text as key, null::text as value, count(*) as n from hit
            union all
            select 'category', b.category_id::text, null, count(*) from base b
            where b.in_brand and b.in_price and cardinality(b.hits) = @attr_count and b.category_id is not null
            group by b.category_id
            union all
            select 'brand', b.brand, null, count(*) from base b
            where b.in_price and cardinality(b.hits) = @attr_count and b.brand is not null
            group by b.brand
            union all
            select 'price', width_bucket(b.min_price, @ladder)::text, null, count(*) from base b
            where b.in_brand and cardinality(b.hits) = @attr_count
            group by 2
            union all
            select 'attr', a.name, a.value, count(*) from (
                -- A product counts for a value when it passes every attribute filter except the one on that attribute.
                select x.name, x.value, b.id
                from base b cross join lateral jsonb_to_recordset(b.attributes) as x(name text, value text)
                where b.in_brand and b.in_price and x.name is not null and x.value is not null
                  and cardinality(b.hits) - (case when x.name = any(b.hits) then 1 else 0 end)
                      = @attr_count - (case when x.name = any(@attr_selected) then 1 else 0 end)
                group by x.name, x.value, b.id
            ) a
            group by a.name, a.value
        )
        select f.kind as "Kind", f.key as "Key", f.value as "Value", f.n as "Count",
               null::text as "Slug", null::text as "Name", null::text as "Image", null::numeric as "MinPrice", null::numeric as "MaxPrice",
               null::numeric as "MarketPrice", null::boolean as "Available", null::bigint as "Ord"
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
