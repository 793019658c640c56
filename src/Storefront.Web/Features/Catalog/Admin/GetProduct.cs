using MediatR;
using Microsoft.EntityFrameworkCore;
using Storefront.Domain.Catalog;
using Storefront.Web.Infrastructure;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Identity;

namespace Storefront.Web.Features.Catalog.Admin;

/// <summary>One product as the editor sees it: every detail, its specs and its SKUs in grid order with their stock.</summary>
public static class GetProduct
{
    public sealed record Query(Guid Id) : IRequest<Details>;

    public sealed record Details(
        Guid Id,
        string Name,
        string Subtitle,
        string Slug,
        string? Brand,
        Guid? CategoryId,
        string Description,
        string? SeoTitle,
        string? SeoDescription,
        bool Featured,
        IReadOnlyList<ProductAttribute> Attributes,
        IReadOnlyList<string> Images,
        IReadOnlyList<SpecAttribute> Specs,
        IReadOnlyList<SkuRow> Skus,
        decimal MinPrice,
        decimal MaxPrice,
        ProductStatus Status,
        DateTimeOffset? ScheduledListAt,
        DateTimeOffset? ScheduledDelistAt,
        DateTimeOffset? ListedAt,
        DateTimeOffset? DelistedAt,
        DateTimeOffset CreatedAt,
        DateTimeOffset UpdatedAt);

    public sealed record SkuRow(
        Guid Id,
        IReadOnlyList<string> SpecValues,
        string Code,
        decimal Price,
        decimal? MarketPrice,
        int OnHand,
        int Reserved,
        int Available,
        int LowStockThreshold,
        int WeightGrams,
        string? Image);

    internal sealed class Handler(StorefrontDb db) : IRequestHandler<Query, Details>
    {
        public async Task<Details> Handle(Query request, CancellationToken cancellationToken)
        {
            var product = await db.Products.AsNoTracking().Where(p => p.Id == request.Id)
                .Select(p => new
                {
                    p.Id,
                    p.Name,
                    p.Subtitle,
                    p.Slug,
                    p.Brand,
                    p.CategoryId,
                    p.Description,
                    p.SeoTitle,
                    p.SeoDescription,
                    p.Featured,
                    p.Attributes,
                    p.Images,
                    p.Specs,
                    p.MinPrice,
                    p.MaxPrice,
                    p.Status,
                    p.ScheduledListAt,
                    p.ScheduledDelistAt,
                    p.ListedAt,
                    p.DelistedAt,
                    p.CreatedAt,
                    p.UpdatedAt,
                })
                .FirstOrDefaultAsync(cancellationToken) ?? throw new NotFoundException("product", CatalogText.AdminProductNotFound);
            var skus = await db.Skus.AsNoTracking().Where(s => s.ProductId == request.Id)
                .Select(s =>
                    new SkuRow(
                        s.Id, s.SpecValues, s.Code, s.Price, s.MarketPrice, s.OnHand, s.Reserved, s.OnHand - s.Reserved, s.LowStockThreshold, s.WeightGrams,
                        s.Image))
                .ToListAsync(cancellationToken);

            var order = Variants.Combinations(product.Specs).Select((values, i) => (Key: string.Join('\u001f', values), i)).ToDictionary(x => x.Key, x => x.i);
            var sorted = skus.OrderBy(s => order.GetValueOrDefault(string.Join('\u001f', s.SpecValues), int.MaxValue))
                .ThenBy(s => s.Code, StringComparer.Ordinal)
                .ToList();
            return new Details(product.Id, product.Name, product.Subtitle, product.Slug, product.Brand, product.CategoryId, product.Description,
                product.SeoTitle, product.SeoDescription, product.Featured, product.Attributes, product.Images, product.Specs, sorted,
                product.MinPrice, product.MaxPrice, product.Status, product.ScheduledListAt, product.ScheduledDelistAt, product.ListedAt,
                product.DelistedAt, product.CreatedAt, product.UpdatedAt);
        }
    }

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/admin/catalog/products/{id:guid}", async (Guid id, IMediator m, CancellationToken ct) => TypedResults.Ok(await m.Send(new Query(id), ct)))
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireAuthorization(Policies.Catalog).WithTags("Admin catalog");
}
