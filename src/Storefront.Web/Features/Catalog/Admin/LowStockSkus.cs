using MediatR;
using Microsoft.EntityFrameworkCore;
using Storefront.Domain.Catalog;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Identity;

namespace Storefront.Web.Features.Catalog.Admin;

/// <summary>
/// 库存预警: the store's SKUs whose available stock (on hand - reserved) is at or below their low-stock threshold, the
/// emptiest first. The condition is written exactly as the predicate of the partial index ix_skus_low_stock, so
/// PostgreSQL reads only the low SKUs however many SKUs the store has.
/// </summary>
public static class LowStockSkus
{
    public sealed record Query(int Skip = 0, int Take = 50) : IRequest<Page>;

    public sealed record Page(IReadOnlyList<Row> Items, int Total);

    public sealed record Row(
        Guid SkuId,
        Guid ProductId,
        string ProductName,
        ProductStatus ProductStatus,
        string Code,
        string SpecText,
        int OnHand,
        int Reserved,
        int Available,
        int LowStockThreshold);

    internal sealed class Handler(StorefrontDb db) : IRequestHandler<Query, Page>
    {
        public async Task<Page> Handle(Query request, CancellationToken cancellationToken)
        {
            var low = Low(db);

            // The page of SKUs first, then their products by key: joining before the LIMIT would touch every product.
            var page = low.OrderBy(s => s.OnHand - s.Reserved).ThenBy(s => s.Code)
                .Skip(Math.Max(0, request.Skip)).Take(Math.Clamp(request.Take, 1, 200));
            var rows = await (from s in page
                              join p in db.Products.AsNoTracking() on s.ProductId equals p.Id
                              orderby s.OnHand - s.Reserved, s.Code
                              select new
                              {
                                  s.Id,
                                  s.ProductId,
                                  Product = new { p.Name, p.Status },
                                  s.Code,
                                  s.SpecValues,
                                  s.OnHand,
                                  s.Reserved,
                                  s.LowStockThreshold,
                              })
                .ToListAsync(cancellationToken);
            var items = rows.Select(r => new Row(r.Id, r.ProductId, r.Product.Name, r.Product.Status, r.Code, string.Join(" / ", r.SpecValues),
                r.OnHand, r.Reserved, r.OnHand - r.Reserved, r.LowStockThreshold)).ToList();
            return new Page(items, await low.CountAsync(cancellationToken));
        }
    }

    /// <summary>The low-stock SKUs of the current store (the same predicate as the partial index ix_skus_low_stock).</summary>
    internal static IQueryable<Sku> Low(StorefrontDb db) =>
        db.Skus.AsNoTracking().Where(s => s.OnHand - s.Reserved <= s.LowStockThreshold);

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/admin/catalog/low-stock", async (IMediator mediator, CancellationToken ct, int skip = 0, int take = 50) =>
            TypedResults.Ok(await mediator.Send(new Query(skip, take), ct)))
            .RequireAuthorization(Policies.Catalog).WithTags("Admin catalog");
}
