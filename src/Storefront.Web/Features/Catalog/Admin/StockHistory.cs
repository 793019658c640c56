using MediatR;
using Microsoft.EntityFrameworkCore;
using Storefront.Domain.Catalog;
using Storefront.Web.Infrastructure;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Identity;

namespace Storefront.Web.Features.Catalog.Admin;

/// <summary>A SKU's stock adjustments, newest first, paged: who changed it, when, why, by how much, and what it came to.</summary>
public static class StockHistory
{
    public sealed record Query(Guid SkuId, int Skip = 0, int Take = 20) : IRequest<Page>;

    public sealed record Page(Guid SkuId, string Code, string ProductName, string SpecText, int OnHand, int Reserved, IReadOnlyList<Row> Items, int Total);

    public sealed record Row(Guid Id, DateTimeOffset At, int Delta, int OnHandAfter, StockReason Reason, string Note, Guid? ActorId, string? ActorName)
    {
        /// <summary>On hand just before this adjustment (the UPDATE's result less its change).</summary>
        public int OnHandBefore => OnHandAfter - Delta;
    }

    internal sealed class Handler(StorefrontDb db) : IRequestHandler<Query, Page>
    {
        public async Task<Page> Handle(Query request, CancellationToken cancellationToken)
        {
            var sku = await db.Skus.AsNoTracking().Where(s => s.Id == request.SkuId)
                .Select(s => new
                {
                    s.Code,
                    s.SpecValues,
                    s.OnHand,
                    s.Reserved,
                    ProductName = db.Products.Where(p => p.Id == s.ProductId).Select(p => p.Name).FirstOrDefault(),
                })
                .SingleOrDefaultAsync(cancellationToken)
                ?? throw new NotFoundException("sku", CatalogText.SkuNotFound);

            // ix_stock_adjustments_sku (tenant_id, sku_id, at desc) serves both the page and the count.
            var adjustments = db.StockAdjustments.AsNoTracking().Where(a => a.SkuId == request.SkuId);
            var rows = await adjustments
                .OrderByDescending(a => a.At).ThenByDescending(a => a.Id)
                .Skip(Math.Max(0, request.Skip)).Take(Math.Clamp(request.Take, 1, 200))
                .Select(a => new Row(a.Id, a.At, a.Delta, a.OnHandAfter, a.Reason, a.Note, a.ActorId,
                    db.StaffAccounts.Where(s => s.Id == a.ActorId).Select(s => s.DisplayName).FirstOrDefault()))
                .ToListAsync(cancellationToken);
            var total = await adjustments.CountAsync(cancellationToken);
            return new Page(request.SkuId, sku.Code, sku.ProductName ?? "", string.Join(" / ", sku.SpecValues), sku.OnHand, sku.Reserved, rows, total);
        }
    }

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/admin/catalog/skus/{id:guid}/stock-history", async (Guid id, IMediator mediator, CancellationToken ct, int skip = 0, int take = 20) =>
            TypedResults.Ok(await mediator.Send(new Query(id, skip, take), ct)))
            .RequireAuthorization(Policies.Catalog).WithTags("Admin catalog").ProducesProblem(StatusCodes.Status404NotFound);
}
