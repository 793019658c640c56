using MediatR;
using Microsoft.EntityFrameworkCore;
using Storefront.Domain.Catalog;
using Storefront.Web.Infrastructure.Data;

namespace Storefront.Web.Features.Catalog.Recommendations;

/// <summary>
/// A product page's 经常一起买 and 看了又看: the stored rules from the product, best first, filtered as the products stand now
/// (listed, in stock, not the product itself). The page is output-cached and evicted by any listing or stock change that makes
/// a product unbuyable, and by each recomputation, so what it shows stays true.
/// </summary>
public static class GetRecommendations
{
    public sealed record Query(string Slug) : IRequest<Result>;

    public sealed record Result(IReadOnlyList<RecommendedCard> BoughtTogether, IReadOnlyList<RecommendedCard> ViewedTogether)
    {
        public static readonly Result None = new([], []);
    }

    internal sealed class Handler(StorefrontDb db) : IRequestHandler<Query, Result>
    {
        public async Task<Result> Handle(Query request, CancellationToken cancellationToken)
        {
            var slug = request.Slug.Trim().ToLowerInvariant();
            var product = await db.Products.AsNoTracking().Where(p => p.Slug == slug).Select(p => (Guid?)p.Id).SingleOrDefaultAsync(cancellationToken);
            if (product is not { } id)
            {
                return Result.None;
            }

            var rules = await db.ProductRecommendations.AsNoTracking()
                .Where(r => r.ProductId == id)
                .OrderBy(r => r.Rank)
                .Select(r => new { r.Kind, r.OtherProductId })
                .ToListAsync(cancellationToken);
            var self = new HashSet<Guid> { id };
            var cards = await RecommendationCards.LoadAsync(db, [.. rules.Select(r => r.OtherProductId)], self, int.MaxValue, cancellationToken);
            var byId = cards.ToDictionary(c => c.Id);
            return new Result(Of(RecommendationKind.BoughtTogether), Of(RecommendationKind.ViewedTogether));

            IReadOnlyList<RecommendedCard> Of(RecommendationKind kind) =>
                [.. rules.Where(r => r.Kind == kind && byId.ContainsKey(r.OtherProductId)).Select(r => byId[r.OtherProductId])
                    .Take(RecommendationCards.MaxShown)];
        }
    }

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/catalog/products/{slug}/recommendations", async (string slug, IMediator m, CancellationToken ct) =>
                TypedResults.Ok(await m.Send(new Query(slug), ct)))
            .RequireRateLimiting(Infrastructure.Web.RateLimits.Catalog)
            .WithTags("Catalog");
}
