using MediatR;
using Microsoft.EntityFrameworkCore;
using Storefront.Domain.Catalog;
using Storefront.Web.Infrastructure.Data;

namespace Storefront.Web.Features.Catalog;

/// <summary>What the storefront shows: the store's listed products, newest listing first.</summary>
public static class ListListedProducts
{
    public sealed record Query(int Take = 24) : IRequest<IReadOnlyList<Item>>;

    public sealed record Item(Guid Id, string Name, string Description, decimal Price);

    internal sealed class Handler(StorefrontDb db) : IRequestHandler<Query, IReadOnlyList<Item>>
    {
        public async Task<IReadOnlyList<Item>> Handle(Query request, CancellationToken cancellationToken) =>
            await db.Products.AsNoTracking()
                .Where(p => p.Status == ProductStatus.Listed)
                .OrderByDescending(p => p.ListedAt)
                .Take(Math.Clamp(request.Take, 1, 100))
                .Select(p => new Item(p.Id, p.Name, p.Description, p.MinPrice))
                .ToListAsync(cancellationToken);
    }

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/catalog/products", async (IMediator m, CancellationToken ct, int take = 24) => TypedResults.Ok(await m.Send(new Query(take), ct)))
            .WithTags("Catalog");
}
