using MediatR;
using Microsoft.EntityFrameworkCore;
using Storefront.Domain.Catalog;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Identity;

namespace Storefront.Web.Features.Catalog.Admin;

/// <summary>The admin product list: every product of the store whatever its status, newest first.</summary>
public static class ListProducts
{
    public sealed record Query(int Skip = 0, int Take = 50) : IRequest<Page>;

    public sealed record Page(IReadOnlyList<Row> Items, int Total);

    public sealed record Row(Guid Id, string Name, decimal Price, ProductStatus Status, DateTimeOffset CreatedAt, string Slug = "", decimal MaxPrice = 0);

    internal sealed class Handler(StorefrontDb db) : IRequestHandler<Query, Page>
    {
        public async Task<Page> Handle(Query request, CancellationToken cancellationToken)
        {
            var products = db.Products.AsNoTracking();
            var rows = await products.OrderByDescending(p => p.CreatedAt)
                .Skip(Math.Max(0, request.Skip)).Take(Math.Clamp(request.Take, 1, 200))
                .Select(p => new Row(p.Id, p.Name, p.MinPrice, p.Status, p.CreatedAt, p.Slug, p.MaxPrice))
                .ToListAsync(cancellationToken);
            return new Page(rows, await products.CountAsync(cancellationToken));
        }
    }

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/admin/catalog/products", async (IMediator m, CancellationToken ct, int skip = 0, int take = 50) =>
            TypedResults.Ok(await m.Send(new Query(skip, take), ct)))
            .RequireAuthorization(Policies.Catalog).WithTags("Admin catalog");
}
