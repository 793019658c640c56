using MediatR;
using Microsoft.EntityFrameworkCore;
using Storefront.Domain.Catalog;
using Storefront.Web.Features.Catalog.Search;
using Storefront.Web.Features.Promotions;
using Storefront.Web.Infrastructure.Caching;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Web;

namespace Storefront.Web.Features.Catalog;

/// <summary>
/// What the home page shows: the store's listed products, newest listing first (新品上架), or only the ones the
/// merchant features. Index-backed (tenant, status, listed_at); the search with facets is <see cref="SearchProducts"/>.
/// </summary>
public static class ListListedProducts
{
    public sealed record Query(int Take = 24, bool FeaturedOnly = false) : IRequest<IReadOnlyList<Item>>;

    /// <summary>A product card: <c>Description</c> is a plain-text excerpt, the subtitle or the start of the description without its markup.</summary>
    public sealed record Item(
        Guid Id, string Name, string Description, decimal Price, string Slug, string? Image, decimal MaxPrice, decimal? MarketPrice, bool Available)
    {
        /// <summary>The card's promotion tag (秒杀, 满200减30, 券), in the shopper's language; null: none.</summary>
        public string? Tag { get; init; }
    }

    internal sealed class Handler(CatalogReads reads, CatalogCache cache, TimeProvider clock) : IRequestHandler<Query, IReadOnlyList<Item>>
    {
        /// <summary>The replica when it serves this read (<see cref="CatalogReads"/>), else the primary.</summary>
        private StorefrontDb Db => reads.Db;

        public async Task<IReadOnlyList<Item>> Handle(Query request, CancellationToken cancellationToken)
        {
            var products = Db.Products.AsNoTracking().Where(p => p.Status == ProductStatus.Listed);
            if (request.FeaturedOnly)
            {
                products = products.Where(p => p.Featured);
            }

            var rows = await products
                .OrderByDescending(p => p.ListedAt).ThenByDescending(p => p.Id)
                .Take(Math.Clamp(request.Take, 1, 100))
                .Select(p => new
                {
                    p.Id,
                    p.CategoryId,
                    p.Name,
                    p.Subtitle,
                    Description = p.Description.Substring(0, 300),
                    p.MinPrice,
                    p.Slug,
                    Image = p.Images.FirstOrDefault(),
                    p.MaxPrice,
                    MarketPrice = Db.Skus.Where(s => s.ProductId == p.Id).OrderBy(s => s.Price).Select(s => s.MarketPrice).FirstOrDefault(),
                    // A scalar subquery per row, not EXISTS: PostgreSQL would hash EXISTS over every SKU of the store.
                    Available = Db.Skus.Where(s => s.ProductId == p.Id).Max(s => (int?)(s.OnHand - s.Reserved)) > 0,
                })
                .ToListAsync(cancellationToken);
            var now = clock.GetUtcNow();
            var tags = await CardPromotions.LoadAsync(Db, cache, now, cancellationToken);
            return [.. rows
                .Select(p => new Item(p.Id, p.Name, p.Subtitle.Length > 0 ? p.Subtitle : SafeMarkdown.ToExcerpt(p.Description, 60), p.MinPrice, p.Slug,
                    ProductImages.Url(p.Image), p.MaxPrice, p.MarketPrice > p.MinPrice ? p.MarketPrice : null, p.Available)
                {
                    Tag = CardPromotions.Text(tags.For(p.Id, p.CategoryId, now)),
                })];
        }
    }
}
