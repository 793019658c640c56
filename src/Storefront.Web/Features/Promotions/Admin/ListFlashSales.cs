using MediatR;
using Microsoft.EntityFrameworkCore;
using Storefront.Domain.Promotions;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Identity;

namespace Storefront.Web.Features.Promotions.Admin;

/// <summary>The store's 秒杀 sessions, latest start first, each with its SKUs (flash price, quota, sold, per-shopper limit).</summary>
public static class ListFlashSales
{
    public sealed record Query : IRequest<IReadOnlyList<Row>>;

    public sealed record Item(
        Guid Id, Guid ProductId, Guid SkuId, string ProductName, string SkuCode, decimal ListPrice, decimal FlashPrice, int Quota, int Sold,
        int PerShopperLimit, string SpecText = "");

    public sealed record Row(Guid Id, string Name, DateTimeOffset StartsAt, DateTimeOffset EndsAt, bool IsEnabled, IReadOnlyList<Item> Items);

    internal sealed class Handler(StorefrontDb db) : IRequestHandler<Query, IReadOnlyList<Row>>
    {
        public async Task<IReadOnlyList<Row>> Handle(Query request, CancellationToken cancellationToken)
        {
            var sales = await db.FlashSales.AsNoTracking().OrderByDescending(s => s.StartsAt).ToListAsync(cancellationToken);
            return await RowsAsync(db, sales, cancellationToken);
        }
    }

    internal static async Task<IReadOnlyList<Row>> RowsAsync(StorefrontDb db, IReadOnlyList<FlashSale> sales, CancellationToken ct)
    {
        var skuIds = sales.SelectMany(s => s.Items).Select(i => i.SkuId).Distinct().ToList();
        var skus = await (from s in db.Skus.AsNoTracking()
                          join p in db.Products.AsNoTracking() on s.ProductId equals p.Id
                          where skuIds.Contains(s.Id)
                          select new { s.Id, p.Name, s.Code, s.SpecValues, s.Price }).ToDictionaryAsync(s => s.Id, ct);
        return [.. sales.Select(sale => new Row(sale.Id, sale.Name, sale.StartsAt, sale.EndsAt, sale.IsEnabled, [.. sale.Items.OrderBy(i => i.Id).Select(i =>
        {
            var sku = skus.GetValueOrDefault(i.SkuId);
            return new Item(
                i.Id, i.ProductId, i.SkuId, sku?.Name ?? "", sku?.Code ?? "", sku?.Price ?? 0m, i.FlashPrice, i.Quota, i.Sold, i.PerShopperLimit,
                sku is null ? "" : string.Join(" / ", sku.SpecValues));
        })]))];
    }

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/admin/promotions/flash-sales", async (IMediator m, CancellationToken ct) => TypedResults.Ok(await m.Send(new Query(), ct)))
            .RequireAuthorization(Policies.Marketing).WithTags("Admin promotions");
}
