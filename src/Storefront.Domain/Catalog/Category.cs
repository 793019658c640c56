using System.Text.RegularExpressions;
using Storefront.Domain.Common;

namespace Storefront.Domain.Catalog;

/// <summary>A category of one store, up to three levels deep, ordered among its siblings, reached at /c/{slug}.</summary>
public sealed partial class Category : ITenantOwned
{
    public const int MaxLevel = 3;

    private Category()
    {
    }

    public Guid TenantId { get; private set; }

    public Guid Id { get; private set; }

    public Guid? ParentId { get; private set; }

    public string Name { get; private set; } = "";

    public string Slug { get; private set; } = "";

    public int Position { get; private set; }

    public int Level { get; private set; }

    public string? Image { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public static Category Create(Guid tenantId, Category? parent, string name, string slug, int position, DateTimeOffset now)
    {
        var category = new Category { TenantId = tenantId, Id = Guid.CreateVersion7(now), Position = position };
        category.Rename(name, slug, now);
        category.Place(parent, subtreeHeight: 1);
        return category;
    }

    /// <summary>Renames; returns the old slug when the slug changed, so it can keep redirecting.</summary>
    public string? Rename(string name, string slug, DateTimeOffset now)
    {
        name = name.Trim();
        slug = slug.Trim().ToLowerInvariant();
        if (name.Length is 0 or > 40)
        {
            throw new DomainException("category.name", "类目名称不能为空，且不超过 40 个字符。");
        }

        if (!IsValidSlug(slug))
        {
            throw new DomainException("category.slug", "类目标识只能包含小写字母、数字和连字符（1–60 位）。");
        }

        var old = Slug.Length > 0 && Slug != slug ? Slug : null;
        Name = name;
        Slug = slug;
        UpdatedAt = now;
        return old;
    }

    /// <summary>
    /// Moves under another parent (or to the top). <paramref name="parentAncestry"/> is the parent's chain of ids up to
    /// the root; <paramref name="subtreeHeight"/> the levels this category and its descendants span (1 for a leaf).
    /// </summary>
    public void MoveTo(Category? parent, IReadOnlyCollection<Guid> parentAncestry, int subtreeHeight, int position, DateTimeOffset now)
    {
        if (parent is not null && (parent.Id == Id || parentAncestry.Contains(Id)))
        {
            throw new DomainException("category.cycle", "不能把类目移到它自己或它的下级类目下。");
        }

        Place(parent, subtreeHeight);
        Position = position;
        UpdatedAt = now;
    }

    public void SetImage(string? image) => Image = image;

    private void Place(Category? parent, int subtreeHeight)
    {
        var level = (parent?.Level ?? 0) + 1;
        if (level + subtreeHeight - 1 > MaxLevel)
        {
            throw new DomainException("category.depth", $"类目最多 {MaxLevel} 级。");
        }

        if (parent is not null && parent.TenantId != TenantId)
        {
            throw new DomainException("category.parent", "上级类目不存在。");
        }

        ParentId = parent?.Id;
        Level = level;
    }

    /// <summary>A category slug as kept: 1–60 lowercase letters, digits and inner hyphens (the one definition; validators use it too).</summary>
    public static bool IsValidSlug(string slug) => SlugPattern().IsMatch(slug);

    [GeneratedRegex(@"^[a-z0-9](?:[a-z0-9-]{0,58}[a-z0-9])?\z")]
    private static partial Regex SlugPattern();
}

/// <summary>An old slug of a category, kept so that old links redirect to the current one.</summary>
public sealed class CategorySlugRedirect : ITenantOwned
{
    public Guid TenantId { get; set; }

    public string OldSlug { get; set; } = "";

    public Guid CategoryId { get; set; }
}
