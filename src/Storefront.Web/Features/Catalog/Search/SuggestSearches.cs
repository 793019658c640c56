using FluentValidation;
using MediatR;
using Storefront.Web.Infrastructure.Caching;
using Storefront.Web.Infrastructure.Data;

namespace Storefront.Web.Features.Catalog.Search;

/// <summary>
/// Suggestions as a shopper types in the search box: up to <see cref="MaxSuggestions"/> category names, synonyms and
/// product names for what has been typed, by prefix or pinyin prefix, then the best products it finds
/// (<see cref="SearchMatcher.Suggest"/>). Served from the store's search index in memory. With nothing typed, the
/// store's hot searches (kind "hot", <see cref="HotSearches"/>): what the box offers when a shopper focuses it empty.
/// </summary>
public static class SuggestSearches
{
    public const int MaxSuggestions = 10;

    public sealed record Query(string? Q) : IRequest<Result>;

    public sealed record Result(IReadOnlyList<Suggestion> Suggestions);

    public sealed record Suggestion(string Text, string Kind);

    internal sealed class Validator : AbstractValidator<Query>
    {
        public Validator() =>
            RuleFor(q => q.Q).MaximumLength(SearchProducts.MaxQueryLength)
                .WithMessage(_ => string.Format(CatalogText.ShopSearchTooLong, SearchProducts.MaxQueryLength));
    }

    internal sealed class Handler(CatalogReads reads, CatalogCache cache, HotSearches hot) : IRequestHandler<Query, Result>
    {
        /// <summary>The replica when it serves this read (<see cref="CatalogReads"/>), else the primary.</summary>
        private StorefrontDb Db => reads.Db;

        public async Task<Result> Handle(Query request, CancellationToken cancellationToken)
        {
            var q = SearchKeyword.Normalize(request.Q);
            if (q is null)
            {
                var top = await hot.TopAsync(Db, MaxSuggestions, cancellationToken);
                return new Result([.. top.Select(k => new Suggestion(k, "hot"))]);
            }

            var categories = await StoreCategories.LoadAsync(Db, cache, cancellationToken);
            var index = await StoreSearchIndex.LoadAsync(Db, cache, SearchProducts.Ladder, cancellationToken);
            var found = index.Matcher.Suggest(q, categories.Names, MaxSuggestions);
            return new Result([.. found.Select(s => new Suggestion(s.Text, s.Kind))]);
        }
    }

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/catalog/suggest", async (IMediator m, CancellationToken ct, string? q) => TypedResults.Ok(await m.Send(new Query(q), ct)))
            .ProducesValidationProblem()
            .RequireRateLimiting(Infrastructure.Web.RateLimits.Catalog)
            .WithTags("Catalog");
}
