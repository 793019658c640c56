using MediatR;
using Microsoft.EntityFrameworkCore;
using Storefront.Web.Infrastructure.Caching;
using Storefront.Web.Infrastructure.Data;

namespace Storefront.Web.Features.Catalog.Recommendations;

/// <summary>
/// A category page's 热销: the products of the category and its subcategories with the most units in orders paid in the last
/// <see cref="WindowDays"/> days, listed and in stock now. Read when the (output-cached) category page is rendered.
/// </summary>
public static class CategoryBestSellers
{
    public const int WindowDays = 30;

    public const int MaxShown = 4;

    public sealed record Query(string CategorySlug) : IRequest<IReadOnlyList<RecommendedCard>>;

    internal sealed class Handler(StorefrontDb db, CatalogCache cache, TimeProvider clock) : IRequestHandler<Query, IReadOnlyList<RecommendedCard>>
    {
        public async Task<IReadOnlyList<RecommendedCard>> Handle(Query request, CancellationToken cancellationToken)
        {
            var tree = await StoreCategories.LoadAsync(db, cache, cancellationToken);
            if (tree.Find(request.CategorySlug.Trim().ToLowerInvariant()) is not { } category)
            {
                return [];
            }

            var categories = tree.SubtreeIds(category).ToList();
            var since = clock.GetUtcNow().AddDays(-WindowDays);
            var ranked = await db.OrderLines.AsNoTracking()
                .Where(l => db.Orders.Any(o => o.Id == l.OrderId && o.PaidAt >= since)
                    && db.Products.Any(p => p.Id == l.ProductId && p.CategoryId != null && categories.Contains(p.CategoryId.Value)))
                .GroupBy(l => l.ProductId)
                .Select(g => new { ProductId = g.Key, Units = g.Sum(l => l.Quantity) })
                .OrderByDescending(g => g.Units).ThenBy(g => g.ProductId)
                .Take(MaxShown * 3)
                .Select(g => g.ProductId)
                .ToListAsync(cancellationToken);
            return await RecommendationCards.LoadAsync(db, ranked, new HashSet<Guid>(), MaxShown, cancellationToken);
        }
    }
}
