using MediatR;
using Microsoft.EntityFrameworkCore;
using Storefront.Domain.Catalog;
using Storefront.Web.Infrastructure;
using Storefront.Web.Infrastructure.Caching;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Web;

namespace Storefront.Web.Features.Catalog;

/// <summary>
/// A product as a shopper sees it: details, images, price range, its SKUs with price and stock, the description
/// rendered safely, the category path. A delisted product still answers (its page says 已下架, nothing can be
/// bought); a draft or an unknown slug is not found.
/// </summary>
public static class GetProduct
{
    public sealed record Query(string Slug) : IRequest<Details>;

    public sealed record Details(
        string Slug,
        string Name,
        string Subtitle,
        string? Brand,
        ProductStatus Status,
        IReadOnlyList<CategoryRef> CategoryPath,
        IReadOnlyList<string> Images,
        decimal MinPrice,
        decimal MaxPrice,
        IReadOnlyList<SpecAttribute> Specs,
        IReadOnlyList<ProductAttribute> Attributes,
        IReadOnlyList<Sku> Skus,
        string DescriptionHtml,
        string Title,
        string MetaDescription)
    {
        public bool OnSale => Status == ProductStatus.Listed;

        public bool SoldOut => Skus.All(s => s.Available <= 0);
    }

    /// <summary>
    /// A SKU on the product page: <c>Available</c> is the units that can be bought now (on hand less those held by unpaid
    /// orders), 0 when sold out.
    /// </summary>
    public sealed record Sku(string Code, IReadOnlyList<string> SpecValues, decimal Price, decimal? MarketPrice, int Available, string? Image)
    {
        public string SpecText => string.Join(" / ", SpecValues);
    }

    internal sealed class Handler(CatalogReads reads, CatalogCache cache) : IRequestHandler<Query, Details>
    {
        /// <summary>The replica when it serves this read (<see cref="CatalogReads"/>), else the primary.</summary>
        private StorefrontDb Db => reads.Db;

        public async Task<Details> Handle(Query request, CancellationToken cancellationToken)
        {
            var slug = request.Slug.Trim().ToLowerInvariant();
            await Db.Database.OpenConnectionAsync(cancellationToken);
            var p = await Db.Products.AsNoTracking()
                .Where(x => x.Slug == slug && x.Status != ProductStatus.Draft)
                .Select(x => new
                {
                    x.Id,
                    x.Slug,
                    x.Name,
                    x.Subtitle,
                    x.Brand,
                    x.Status,
                    x.CategoryId,
                    x.Images,
                    x.MinPrice,
                    x.MaxPrice,
                    x.Specs,
                    x.Attributes,
                    x.Description,
                    x.SeoTitle,
                    x.SeoDescription,
                })
                .SingleOrDefaultAsync(cancellationToken)
                ?? throw new NotFoundException("product", "商品不存在。No such product.");

            var skus = await Db.Skus.AsNoTracking()
                .Where(s => s.ProductId == p.Id)
                .Select(s => new { s.Code, s.SpecValues, s.Price, s.MarketPrice, Available = s.OnHand - s.Reserved, s.Image })
                .ToListAsync(cancellationToken);
            var ordered = skus
                .OrderBy(s => SpecOrder(p.Specs, s.SpecValues), StringComparer.Ordinal)
                .Select(s =>
                    new Sku(s.Code, s.SpecValues, s.Price, s.MarketPrice > s.Price ? s.MarketPrice : null, Math.Max(0, s.Available),
                        ProductImages.Url(s.Image)))
                .ToList();

            IReadOnlyList<CategoryRef> categories = p.CategoryId is { } categoryId ? await PathAsync(categoryId, cancellationToken) : [];
            var excerpt = SafeMarkdown.ToExcerpt(p.Description, 160);
            var meta = p.SeoDescription ?? (p.Subtitle.Length > 0 ? p.Subtitle : excerpt.Length > 0 ? excerpt : p.Name);
            return new Details(p.Slug, p.Name, p.Subtitle, p.Brand, p.Status, categories,
                [.. p.Images.Select(i => ProductImages.Url(i)!)], p.MinPrice, p.MaxPrice, p.Specs, p.Attributes, ordered,
                SafeMarkdown.ToHtml(p.Description), p.SeoTitle ?? p.Name, meta);
        }

        private async Task<IReadOnlyList<CategoryRef>> PathAsync(Guid categoryId, CancellationToken ct)
        {
            var tree = await StoreCategories.LoadAsync(Db, cache, ct);
            return [.. tree.PathTo(tree.Find(categoryId)).Select(CategoryRef.From)];
        }

        /// <summary>A sort key that follows the merchant's order of spec values (红 before 蓝 when listed so).</summary>
        private static string SpecOrder(IReadOnlyList<SpecAttribute> specs, IReadOnlyList<string> values) =>
            string.Concat(
                values.Select(
                    (v, i) => (i < specs.Count ? Math.Max(0, specs[i].Values.ToList().IndexOf(v)) : 0)
                        .ToString("D3", System.Globalization.CultureInfo.InvariantCulture)));
    }

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/catalog/products/{slug}", async (string slug, IMediator m, CancellationToken ct) => TypedResults.Ok(await m.Send(new Query(slug), ct)))
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireRateLimiting(Infrastructure.Web.RateLimits.Catalog)
            .WithTags("Catalog");
}
