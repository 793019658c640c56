using Microsoft.EntityFrameworkCore;
using Storefront.Web.Infrastructure.Caching;
using Storefront.Web.Infrastructure.Data;

namespace Storefront.Web.Features.Catalog;

/// <summary>
/// The store's categories as one small in-memory tree (a store has tens or hundreds, three levels at most):
/// what the storefront needs to resolve a slug, walk to the descendants of a category, and draw a breadcrumb.
/// Kept in memory per store by <see cref="CatalogCache"/>, so every catalog change (a category's too) reloads it.
/// </summary>
public sealed class StoreCategories
{
    private readonly Dictionary<Guid, Node> _byId;
    private readonly Dictionary<string, Node> _bySlug;
    private readonly Dictionary<Guid, List<Node>> _children;

    private StoreCategories(IReadOnlyList<Node> nodes)
    {
        All = nodes;
        Names = [.. nodes.Select(n => n.Name)];
        _byId = nodes.ToDictionary(n => n.Id);
        _bySlug = nodes.ToDictionary(n => n.Slug, StringComparer.Ordinal);
        _children = nodes.Where(n => n.ParentId is not null).GroupBy(n => n.ParentId!.Value).ToDictionary(g => g.Key, g => g.ToList());
        Roots = [.. nodes.Where(n => n.ParentId is null || !_byId.ContainsKey(n.ParentId.Value))];
    }

    /// <summary>Every category, parents before children, siblings in their merchant-set order.</summary>
    public IReadOnlyList<Node> All { get; }

    /// <summary>Every category's name, in the order of <see cref="All"/> (one list per tree: search suggestions keep what they found with it).</summary>
    public IReadOnlyList<string> Names { get; }

    public IReadOnlyList<Node> Roots { get; }

    /// <summary>The tree of the store <paramref name="db"/> works for.</summary>
    public static Task<StoreCategories> LoadAsync(StorefrontDb db, CatalogCache cache, CancellationToken ct) =>
        cache.GetAsync(db.TenantId ?? throw new InvalidOperationException("No store: the category tree belongs to a store."), nameof(StoreCategories),
            async c => new StoreCategories(await db.Categories.AsNoTracking()
                .OrderBy(x => x.Level).ThenBy(x => x.Position).ThenBy(x => x.Name)
                .Select(x => new Node(x.Id, x.ParentId, x.Name, x.Slug, x.Image, x.Level))
                .ToListAsync(c)),
            ct);

    public Node? Find(Guid? id) => id is { } key && _byId.TryGetValue(key, out var node) ? node : null;

    public Node? Find(string? slug) => slug is not null && _bySlug.TryGetValue(slug, out var node) ? node : null;

    public IReadOnlyList<Node> ChildrenOf(Node? node) =>
        node is null ? Roots : _children.TryGetValue(node.Id, out var children) ? children : [];

    /// <summary>The category and everything below it.</summary>
    public IReadOnlyList<Guid> SubtreeIds(Node node)
    {
        var ids = new List<Guid> { node.Id };
        for (var i = 0; i < ids.Count; i++)
        {
            if (_children.TryGetValue(ids[i], out var children))
            {
                ids.AddRange(children.Select(c => c.Id));
            }
        }

        return ids;
    }

    /// <summary>From the top-level category down to this one (the breadcrumb).</summary>
    public IReadOnlyList<Node> PathTo(Node? node)
    {
        var path = new List<Node>();
        for (var n = node; n is not null && path.Count <= 3; n = Find(n.ParentId))
        {
            path.Insert(0, n);
        }

        return path;
    }

    public sealed record Node(Guid Id, Guid? ParentId, string Name, string Slug, string? Image, int Level);
}

/// <summary>A category as the storefront and its API show it: enough to link to it.</summary>
public sealed record CategoryRef(string Slug, string Name)
{
    public static CategoryRef From(StoreCategories.Node node) => new(node.Slug, node.Name);
}
