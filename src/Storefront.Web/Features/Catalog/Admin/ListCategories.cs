using MediatR;
using Microsoft.EntityFrameworkCore;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Identity;

namespace Storefront.Web.Features.Catalog.Admin;

/// <summary>The store's categories as a tree (up to three levels), siblings in their set order, each with its product count.</summary>
public static class ListCategories
{
    public sealed record Query : IRequest<IReadOnlyList<Node>>;

    public sealed record Node(
        Guid Id, Guid? ParentId, string Name, string Slug, int Position, int Level, string? Image, int ProductCount, IReadOnlyList<Node> Children)
    {
        /// <summary>This node and every node under it, depth first, in display order.</summary>
        public IEnumerable<Node> SelfAndDescendants() => Children.SelectMany(c => c.SelfAndDescendants()).Prepend(this);
    }

    internal sealed class Handler(StorefrontDb db) : IRequestHandler<Query, IReadOnlyList<Node>>
    {
        public async Task<IReadOnlyList<Node>> Handle(Query request, CancellationToken cancellationToken)
        {
            var rows = await db.Categories.AsNoTracking()
                .Select(c => new { c.Id, c.ParentId, c.Name, c.Slug, c.Position, c.Level, c.Image })
                .ToListAsync(cancellationToken);
            var counts = await db.Products.AsNoTracking().Where(p => p.CategoryId != null)
                .GroupBy(p => p.CategoryId!.Value).Select(g => new { Id = g.Key, Count = g.Count() })
                .ToDictionaryAsync(g => g.Id, g => g.Count, cancellationToken);
            var byParent = rows.ToLookup(r => r.ParentId);

            IReadOnlyList<Node> Build(Guid? parentId) => [.. byParent[parentId]
                .OrderBy(r => r.Position).ThenBy(r => r.Name, StringComparer.Ordinal)
                .Select(r => new Node(r.Id, r.ParentId, r.Name, r.Slug, r.Position, r.Level, r.Image, counts.GetValueOrDefault(r.Id), Build(r.Id)))];

            return Build(null);
        }
    }

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/admin/catalog/categories", async (IMediator m, CancellationToken ct) => TypedResults.Ok(await m.Send(new Query(), ct)))
            .RequireAuthorization(Policies.Catalog).WithTags("Admin catalog");
}
