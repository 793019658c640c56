using Microsoft.EntityFrameworkCore;
using Storefront.Domain.Catalog;
using Storefront.Web.Infrastructure;
using Storefront.Web.Infrastructure.Data;

namespace Storefront.Web.Features.Catalog.Admin;

/// <summary>
/// A store's categories loaded (tracked) for a change that needs the whole tree: where a category may move,
/// how tall its subtree is, and the order of its siblings. A store has tens or hundreds of categories, not more.
/// </summary>
internal sealed class CategoryTree
{
    private readonly List<Category> _all;

    private CategoryTree(List<Category> all) => _all = all;

    public static async Task<CategoryTree> LoadAsync(StorefrontDb db, CancellationToken ct) =>
        new(await db.Categories.ToListAsync(ct));

    public Category Get(Guid id) =>
        _all.FirstOrDefault(c => c.Id == id) ?? throw new NotFoundException("category", CatalogText.CategoryNotFound);

    public Category? Find(Guid? id) => id is null ? null : _all.FirstOrDefault(c => c.Id == id);

    public IReadOnlyList<Category> Children(Guid? parentId) =>
        [.. _all.Where(c => c.ParentId == parentId).OrderBy(c => c.Position).ThenBy(c => c.Name, StringComparer.Ordinal)];

    /// <summary>The ids above a category, from its parent up to the root.</summary>
    public IReadOnlyList<Guid> Ancestry(Category category)
    {
        var ids = new List<Guid>();
        for (var parent = Find(category.ParentId); parent is not null && !ids.Contains(parent.Id); parent = Find(parent.ParentId))
        {
            ids.Add(parent.Id);
        }

        return ids;
    }

    /// <summary>The levels a category and its descendants span: 1 for a leaf.</summary>
    public int Height(Category category) =>
        1 + Children(category.Id).Select(Height).DefaultIfEmpty(0).Max();

    /// <summary>Where a category stands among its siblings (0 = first), whatever numbers their positions hold.</summary>
    public int IndexAmongSiblings(Category category) =>
        Children(category.ParentId).Select((c, i) => (c, i)).First(x => x.c.Id == category.Id).i;

    public int NextPosition(Guid? parentId) =>
        _all.Where(c => c.ParentId == parentId).Select(c => c.Position + 1).DefaultIfEmpty(0).Max();

    /// <summary>
    /// Puts a category under <paramref name="parent"/> at <paramref name="index"/> among its new siblings (the end when
    /// null), renumbers those siblings 0..n, and brings the levels of its descendants along.
    /// </summary>
    public void Move(Category category, Category? parent, int? index, DateTimeOffset now)
    {
        var ancestry = parent is null ? [] : Ancestry(parent);
        var siblings = Children(parent?.Id).Where(c => c.Id != category.Id).ToList();
        var at = Math.Clamp(index ?? siblings.Count, 0, siblings.Count);
        category.MoveTo(parent, ancestry, Height(category), at, now);

        siblings.Insert(at, category);
        for (var i = 0; i < siblings.Count; i++)
        {
            if (siblings[i] != category && siblings[i].Position != i)
            {
                siblings[i].MoveTo(parent, ancestry, Height(siblings[i]), i, now);
            }
        }

        Relevel(category, now);
    }

    private void Relevel(Category parent, DateTimeOffset now)
    {
        foreach (var child in Children(parent.Id))
        {
            if (child.Level != parent.Level + 1)
            {
                child.MoveTo(parent, Ancestry(parent), Height(child), child.Position, now);
            }

            Relevel(child, now);
        }
    }
}
