using MediatR;
using Microsoft.EntityFrameworkCore;
using Storefront.Domain.Catalog;
using Storefront.Web.Infrastructure;
using Storefront.Web.Infrastructure.Data;

namespace Storefront.Web.Features.AfterSales;

/// <summary>
/// A product's reviews as shoppers see them: the count, the average stars, the count by stars and how many have photos;
/// then the reviews, those with photos first and newest first, each with the SKU bought, the author (masked when
/// anonymous), the follow-up and the merchant's reply. Hidden reviews are left out everywhere.
/// </summary>
public static class ProductReviews
{
    public const int PageSize = 10;

    public sealed record Query(string Slug, int Page = 1) : IRequest<ReviewsPage>;

    public sealed record ReviewsPage(int Count, decimal Average, IReadOnlyDictionary<int, int> ByStars, int WithPhotos, int Page, IReadOnlyList<Item> Items);

    public sealed record Item(
        Guid Id, string Author, bool Anonymous, int Stars, string Text, IReadOnlyList<string> Photos, string SpecText, DateTimeOffset CreatedAt,
        string? FollowUpText, IReadOnlyList<string> FollowUpPhotos, DateTimeOffset? FollowUpAt, string? MerchantReply, DateTimeOffset? MerchantReplyAt);

    internal sealed class Handler(StorefrontDb db) : IRequestHandler<Query, ReviewsPage>
    {
        public async Task<ReviewsPage> Handle(Query request, CancellationToken cancellationToken)
        {
            var slug = request.Slug.Trim().ToLowerInvariant();
            var productId = await db.Products.AsNoTracking().Where(p => p.Slug == slug && p.Status != ProductStatus.Draft)
                .Select(p => (Guid?)p.Id).SingleOrDefaultAsync(cancellationToken)
                ?? throw new NotFoundException("product", "商品不存在。No such product.");

            var shown = db.Reviews.AsNoTracking().Where(r => r.ProductId == productId && !r.Hidden);
            var byStars = await shown.GroupBy(r => r.Stars)
                .Select(g => new { Stars = g.Key, Count = g.Count(), Photos = g.Count(r => r.Photos.Count > 0 || r.FollowUpPhotos.Count > 0) })
                .ToListAsync(cancellationToken);
            var count = byStars.Sum(s => s.Count);
            var average = count == 0 ? 0m : decimal.Round((decimal)byStars.Sum(s => s.Stars * s.Count) / count, 1, MidpointRounding.AwayFromZero);
            var stars = Enumerable.Range(1, 5).ToDictionary(s => s, s => byStars.SingleOrDefault(b => b.Stars == s)?.Count ?? 0);

            var page = Math.Max(1, request.Page);
            var reviews = await shown
                .OrderByDescending(r => r.Photos.Count > 0 || r.FollowUpPhotos.Count > 0).ThenByDescending(r => r.CreatedAt).ThenBy(r => r.Id)
                .Skip((page - 1) * PageSize).Take(PageSize).ToListAsync(cancellationToken);
            var shopperIds = reviews.Select(r => r.ShopperId).Distinct().ToList();
            var names = await db.Shoppers.AsNoTracking().Where(s => shopperIds.Contains(s.Id))
                .ToDictionaryAsync(s => s.Id, s => s.DisplayName, cancellationToken);
            var items = reviews.Select(r => new Item(
                r.Id, r.DisplayName(names.GetValueOrDefault(r.ShopperId) ?? ""), r.Anonymous, r.Stars, r.Text, [.. r.Photos.Select(ReviewRules.Url)],
                r.SpecText, r.CreatedAt, r.FollowUpText, [.. r.FollowUpPhotos.Select(ReviewRules.Url)], r.FollowUpAt, r.MerchantReply, r.MerchantReplyAt))
                    .ToList();
            return new ReviewsPage(count, average, stars, byStars.Sum(s => s.Photos), page, items);
        }
    }

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/catalog/products/{slug}/reviews", async (string slug, int? page, IMediator mediator, CancellationToken ct) =>
            TypedResults.Ok(await mediator.Send(new Query(slug, page ?? 1), ct)))
            .WithTags("Reviews").ProducesProblem(StatusCodes.Status404NotFound)
            .RequireRateLimiting(Infrastructure.Web.RateLimits.Catalog);
}
