using Microsoft.EntityFrameworkCore;
using Storefront.Domain.Catalog;
using Storefront.Web.Infrastructure.Data;

namespace Storefront.Web.Features.Catalog.Recommendations;

/// <summary>A recommended product as a card shows it (<see cref="ProductCard"/>).</summary>
public sealed record RecommendedCard(Guid Id, string Slug, string Name, string? Image, decimal Price, decimal MaxPrice, decimal? MarketPrice);

/// <summary>
/// Turns ranked product ids into the cards a shopper may see, as the products stand now: listed and with a SKU in stock, none
/// of the excluded (<see cref="RecommendationFilter"/>). One query for all of them.
/// </summary>
internal static class RecommendationCards
{
    public const int MaxShown = 6;

    public static async Task<IReadOnlyList<RecommendedCard>> LoadAsync(
        StorefrontDb db, IReadOnlyList<Guid> ranked, IReadOnlySet<Guid> exclude, int max, CancellationToken ct)
    {
        if (ranked.Count == 0)
        {
            return [];
        }

        var ids = ranked.Distinct().ToList();
        var rows = await db.Products.AsNoTracking()
            .Where(p => ids.Contains(p.Id))
            .Select(p => new
            {
                p.Id,
                p.Slug,
                p.Name,
                p.Status,
                Image = p.Images.FirstOrDefault(),
                p.MinPrice,
                p.MaxPrice,
                MarketPrice = db.Skus.Where(s => s.ProductId == p.Id).OrderBy(s => s.Price).Select(s => s.MarketPrice).FirstOrDefault(),
                Available = db.Skus.Where(s => s.ProductId == p.Id).Max(s => (int?)(s.OnHand - s.Reserved)) > 0,
            })
            .ToDictionaryAsync(p => p.Id, ct);
        var candidates = ranked.Where(rows.ContainsKey).Select(i => new RecommendationCandidate(i, rows[i].Status == ProductStatus.Listed, rows[i].Available));
        var picked = RecommendationFilter.Pick(candidates, exclude, max);
        return [.. picked.Select(c => rows[c.ProductId]).Select(p => new RecommendedCard(p.Id, p.Slug, p.Name, ProductImages.Url(p.Image), p.MinPrice,
            p.MaxPrice, p.MarketPrice > p.MinPrice ? p.MarketPrice : null))];
    }
}
