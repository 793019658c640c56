using MediatR;
using Microsoft.EntityFrameworkCore;
using Storefront.Domain.Catalog;
using Storefront.Web.Infrastructure.Data;

namespace Storefront.Web.Features.Catalog.Recommendations;

/// <summary>
/// The cart's 经常一起买: the products bought with those in the cart, by the best lift any of them has, none already in the
/// cart, listed and in stock now.
/// </summary>
public static class CartRecommendations
{
    public sealed record Query(IReadOnlyList<Guid> ProductIds) : IRequest<IReadOnlyList<RecommendedCard>>;

    internal sealed class Handler(StorefrontDb db) : IRequestHandler<Query, IReadOnlyList<RecommendedCard>>
    {
        public async Task<IReadOnlyList<RecommendedCard>> Handle(Query request, CancellationToken cancellationToken)
        {
            var inCart = request.ProductIds.Distinct().ToList();
            if (inCart.Count == 0)
            {
                return [];
            }

            var rules = await db.ProductRecommendations.AsNoTracking()
                .Where(r => r.Kind == RecommendationKind.BoughtTogether && inCart.Contains(r.ProductId))
                .Select(r => new { r.OtherProductId, r.Lift, r.Confidence })
                .ToListAsync(cancellationToken);
            var ranked = rules
                .GroupBy(r => r.OtherProductId)
                .OrderByDescending(g => g.Max(r => r.Lift)).ThenByDescending(g => g.Max(r => r.Confidence)).ThenBy(g => g.Key)
                .Select(g => g.Key)
                .ToList();
            return await RecommendationCards.LoadAsync(db, ranked, inCart.ToHashSet(), RecommendationCards.MaxShown, cancellationToken);
        }
    }
}
