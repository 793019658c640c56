using MediatR;
using Microsoft.EntityFrameworkCore;
using Storefront.Domain.Insight;
using Storefront.Web.Infrastructure.Caching;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Tenancy;

namespace Storefront.Web.Features.Catalog.Recommendations;

/// <summary>
/// A category page's 热销: the products of the category and its subcategories with the most units paid in the last
/// <see cref="WindowDays"/> store days (the product_days rollup, never the orders), listed and in stock now. Read when the
/// (output-cached) category page is rendered.
/// </summary>
public static class CategoryBestSellers
{
    public const int WindowDays = 30;

    public const int MaxShown = 4;

    public sealed record Query(string CategorySlug) : IRequest<IReadOnlyList<RecommendedCard>>;

    internal sealed class Handler(StorefrontDb db, CatalogCache cache, TenantContext tenant, TimeProvider clock)
        : IRequestHandler<Query, IReadOnlyList<RecommendedCard>>
    {
        public async Task<IReadOnlyList<RecommendedCard>> Handle(Query request, CancellationToken cancellationToken)
        {
            var tree = await StoreCategories.LoadAsync(db, cache, cancellationToken);
            if (tree.Find(request.CategorySlug.Trim().ToLowerInvariant()) is not { } category)
            {
                return [];
            }

            var categories = tree.SubtreeIds(category).ToList();
            var today = StoreTime.DayOf(tenant.Store, clock.GetUtcNow());
            var since = today.AddDays(1 - WindowDays);
            var ranked = await db.Set<ProductDay>().AsNoTracking()
                .Where(d => d.Day >= since && d.Day <= today
                    && db.Products.Any(p => p.Id == d.ProductId && p.CategoryId != null && categories.Contains(p.CategoryId.Value)))
                .GroupBy(d => d.ProductId)
                .Select(g => new { ProductId = g.Key, Units = g.Sum(d => d.Units) })
                .Where(g => g.Units > 0)
                .OrderByDescending(g => g.Units).ThenBy(g => g.ProductId)
                .Take(MaxShown * 3)
                .Select(g => g.ProductId)
                .ToListAsync(cancellationToken);
            return await RecommendationCards.LoadAsync(db, ranked, new HashSet<Guid>(), MaxShown, cancellationToken);
        }
    }
}
