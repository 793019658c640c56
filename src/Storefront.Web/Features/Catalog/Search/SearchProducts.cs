using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Storefront.Domain.Common;
using Storefront.Web.Features.Promotions;
using Storefront.Web.Infrastructure;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Tenancy;
using Storefront.Web.Infrastructure.Caching;
using Storefront.Web.Infrastructure.Telemetry;

namespace Storefront.Web.Features.Catalog.Search;

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
/// store's <see cref="StoreSearchIndex"/> (see <see cref="SearchEvaluation"/>, <see cref="SearchFacets"/>; the keyword statement is
/// <see cref="KeywordQuery"/>), which also holds the product cards. The store's
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
    internal static readonly decimal[] Ladder = [0, 10, 20, 50, 100, 200, 300, 500, 1000, 2000, 3000, 5000, 10000, 20000, 50000, 100000];

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
        /// <summary>The keyword as the shopper probably meant it ("蓝牙耳机" for 蓝芽耳机), when it found nothing or only through typos or homophones.</summary>
        public string? Corrected { get; init; }

        public int PageCount => Total == 0 ? 0 : (Total + PageSize - 1) / PageSize;

        /// <summary>The chosen category (after following an old slug), or null.</summary>
        public CategoryRef? Category => CategoryPath.Count > 0 ? CategoryPath[^1] : null;
    }

    public sealed record Item(string Slug, string Name, string? Image, decimal MinPrice, decimal MaxPrice, decimal? MarketPrice, bool Available)
    {
        /// <summary>The card's promotion tag (秒杀, 满200减30, 券), in the shopper's language; null: none.</summary>
        public string? Tag { get; init; }
    }

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
            RuleFor(q => q.Q).MaximumLength(MaxQueryLength).WithMessage(_ => string.Format(CatalogText.ShopSearchTooLong, MaxQueryLength));
            RuleFor(q => q.Category).MaximumLength(80);
            RuleFor(q => q.Brands).Must(b => b.Count <= 20 && b.All(x => x.Length <= 100)).WithMessage(_ => CatalogText.SearchBadFilter);
            RuleFor(q => q.Attributes)
                .Must(a => a.Count <= 20 && a.All(x => x.Length <= 100 && ParseAttribute(x) is not null))
                .WithMessage(_ => CatalogText.SearchBadFilter);
            RuleFor(q => q.MinPrice).InclusiveBetween(0, Money.MaxAmount).WithMessage(_ => CatalogText.SearchBadPrice);
            RuleFor(q => q.MaxPrice).InclusiveBetween(0, Money.MaxAmount).WithMessage(_ => CatalogText.SearchBadPrice);
            RuleFor(q => q.MaxPrice)
                .GreaterThanOrEqualTo(q => q.MinPrice)
                .When(q => q.MinPrice is not null && q.MaxPrice is not null)
                .WithMessage(_ => CatalogText.SearchBadPrice);
            RuleFor(q => q.Sort).Must(s => s is null || Sorts.Contains(s)).WithMessage(_ => CatalogText.SearchBadSort);
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

    internal sealed class Handler(
        CatalogReads reads, TenantContext tenant, CatalogCache cache, IConfiguration configuration, StorefrontMetrics metrics, HotSearches hot,
        TimeProvider clock)
        : IRequestHandler<Query, Result>
    {
        /// <summary>The replica when it serves this read (<see cref="CatalogReads"/>), else the primary.</summary>
        private StorefrontDb Db => reads.Db;

        /// <summary>How many keyword matches a store's index keeps (Storefront:SearchKeywordCacheMatches; 0: none).</summary>
        private long KeywordCacheMatches => configuration.GetValue("Storefront:SearchKeywordCacheMatches", 500_000L);

        public async Task<Result> Handle(Query request, CancellationToken cancellationToken)
        {
            using var timing = metrics.TimeSearch();
            var sort = request.Sort ?? Sorts[0];
            var q = SearchKeyword.Normalize(request.Q);
            var brands = request.Brands.Select(b => b.Trim()).Where(b => b.Length > 0).Distinct().ToList();
            var attributes = request.Attributes.Select(a => ParseAttribute(a)!.Value).Distinct().ToList();

            var categories = await StoreCategories.LoadAsync(Db, cache, cancellationToken);
            var category = await ResolveCategoryAsync(categories, request.Category, cancellationToken);
            var index = await StoreSearchIndex.LoadAsync(Db, cache, Ladder, cancellationToken);
            var matches = q is null ? null : KeywordQuery.Match(index, q, KeywordCacheMatches);

            var found =
                SearchEvaluation.Run(
                    index, matches, category is null ? null : categories.SubtreeIds(category), brands, attributes, request.MinPrice, request.MaxPrice);
            var page = found.Page(sort, (request.Page - 1) * request.PageSize, request.PageSize);
            var now = clock.GetUtcNow();
            var tags = await CardPromotions.LoadAsync(Db, cache, now, cancellationToken);
            var items = page.Select(i => (Price: index.Price[i], Card: index.Cards[i], Id: index.Ids[i],
                    Category: index.Category[i] >= 0 ? index.CategoryIds[index.Category[i]] : (Guid?)null))
                .Select(p => new Item(p.Card.Slug, p.Card.Name, ProductImages.Url(p.Card.Image), p.Price, p.Card.MaxPrice,
                    p.Card.MarketPrice > p.Price ? p.Card.MarketPrice : null, p.Card.Available)
                {
                    Tag = CardPromotions.Text(tags.For(p.Id, p.Category, now)),
                })
                .ToList();

            var facets = new Facets(
                SearchFacets.CategoryFacets(found.CategoryCounts(), categories, category),
                SearchFacets.ValueFacets(found.BrandCounts(), brands),
                SearchFacets.AttributeFacets(found.AttributeCounts(), attributes),
                SearchFacets.PriceFacets(found.StepCounts, request.MinPrice, request.MaxPrice));
            string? corrected = null;
            if (q is not null && matches is not null)
            {
                if (matches.Length > 0 && request.Page == 1 && tenant.Store is { } store)
                {
                    hot.Record(store, q);
                }

                // Offered when nothing matched, or only through homophones, synonyms or typos (class 0 and up).
                if ((matches.Length == 0 || matches.All(m => m.Class >= 0)) && index.Matcher.Correct(q) is { } better
                    && (matches.Length > 0 || index.Matcher.Match(better).Length > 0))
                {
                    corrected = better;
                }
            }

            return new Result(
                items, found.Hits.Count, request.Page, request.PageSize, sort, [.. categories.PathTo(category).Select(CategoryRef.From)], facets)
            {
                Corrected = corrected,
            };
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

            var moved = await Db.CategoryRedirects.AsNoTracking().Where(r => r.OldSlug == slug).Select(r => (Guid?)r.CategoryId).FirstOrDefaultAsync(ct);
            return categories.Find(moved) ?? throw new NotFoundException("category", CatalogText.CategoryNotFound);
        }

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
