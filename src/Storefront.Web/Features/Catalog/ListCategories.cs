using MediatR;
using Storefront.Web.Infrastructure.Caching;
using Storefront.Web.Infrastructure.Data;

namespace Storefront.Web.Features.Catalog;

/// <summary>The store's category tree, in the merchant's order, for the storefront's navigation and headless clients.</summary>
public static class ListCategories
{
    public sealed record Query : IRequest<IReadOnlyList<Category>>;

    public sealed record Category(string Slug, string Name, string? Image, IReadOnlyList<Category> Children);

    internal sealed class Handler(CatalogReads reads, CatalogCache cache) : IRequestHandler<Query, IReadOnlyList<Category>>
    {
        /// <summary>The replica when it serves this read (<see cref="CatalogReads"/>), else the primary.</summary>
        private StorefrontDb Db => reads.Db;

        public async Task<IReadOnlyList<Category>> Handle(Query request, CancellationToken cancellationToken)
        {
            var tree = await StoreCategories.LoadAsync(Db, cache, cancellationToken);
            return Build(tree, null);
        }

        private static List<Category> Build(StoreCategories tree, StoreCategories.Node? parent) =>
            [.. tree.ChildrenOf(parent).Select(n => new Category(n.Slug, n.Name, ProductImages.Url(n.Image), Build(tree, n)))];
    }

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/catalog/categories", async (IMediator m, CancellationToken ct) => TypedResults.Ok(await m.Send(new Query(), ct)))
            .RequireRateLimiting(Infrastructure.Web.RateLimits.Catalog)
            .WithTags("Catalog");
}
