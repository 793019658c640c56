using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Storefront.Domain.Catalog;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Identity;

namespace Storefront.Web.Features.Catalog.Admin;

/// <summary>
/// The admin product grid: every product of the store whatever its status, newest first unless sorted otherwise;
/// searched by name (or any word of its search text), SKU code or slug; filtered by category (with its
/// subcategories), status and low stock; paged.
/// </summary>
/// <remarks>
/// Built for 100,000 products in one store: every sort ends in id and walks an index (migrations 0002/0004); stock is the
/// products.stock roll-up (kept by a trigger, unindexed so stock changes stay HOT updates); low stock reads a partial
/// index; search uses the trigram index on search_text plus exact SKU code and slug; the total is counted only up to
/// <see cref="CountCap"/> (the grid shows "10000+"). Plans and timings: docs/decisions/0012-admin-product-grid-queries.md.
/// </remarks>
public static class ListProducts
{
    public const int CountCap = 10_000;

    public const int SearchMaxLength = 100;

    /// <summary>
    /// A page of the grid. <paramref name="Descending"/> null means the natural direction of the sort: newest first
    /// for <see cref="ProductSort.Created"/>, A→Z / low→high otherwise.
    /// </summary>
    public sealed record Query(
        int Skip = 0,
        int Take = 50,
        string? Search = null,
        Guid? CategoryId = null,
        ProductStatus? Status = null,
        bool LowStockOnly = false,
        ProductSort Sort = ProductSort.Created,
        bool? Descending = null) : IRequest<Page>;

    /// <summary>A page and the total matching; when <paramref name="TotalCapped"/>, at least <paramref name="Total"/> match.</summary>
    public sealed record Page(IReadOnlyList<Row> Items, int Total, bool TotalCapped = false);

    public sealed record Row(
        Guid Id,
        string Name,
        decimal Price,
        ProductStatus Status,
        DateTimeOffset CreatedAt,
        string Slug = "",
        decimal MaxPrice = 0,
        int Stock = 0,
        int LowStockSkus = 0,
        string? CategoryName = null);

    /// <summary>The categories to filter by, in tree order (parents before their children).</summary>
    public sealed record CategoryOptionsQuery : IRequest<IReadOnlyList<CategoryOption>>;

    public sealed record CategoryOption(Guid Id, string Name, int Level);

    internal sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            RuleFor(q => q.Search).MaximumLength(SearchMaxLength).WithMessage(_ => string.Format(CatalogText.SearchTooLong, SearchMaxLength));
            RuleFor(q => q.Sort).IsInEnum();
            RuleFor(q => q.Status).IsInEnum();
        }
    }

    internal sealed class Handler(StorefrontDb db) : IRequestHandler<Query, Page>
    {
        public async Task<Page> Handle(Query request, CancellationToken cancellationToken)
        {
            var products = db.Products.AsNoTracking();

            if (request.Search?.Trim() is { Length: > 0 } term)
            {
                var lower = term.ToLowerInvariant();
                var upper = term.ToUpperInvariant();
                var byCode = await db.Skus.AsNoTracking().Where(s => s.Code == term || s.Code == upper)
                    .Select(s => s.ProductId).Distinct().ToListAsync(cancellationToken);
                var pattern = "%" + EscapeLike(lower) + "%";
                products = products.Where(p => EF.Functions.ILike(p.SearchText, pattern, "\\") || p.Slug == lower || byCode.Contains(p.Id));
            }

            if (request.CategoryId is { } categoryId)
            {
                var ids = await CategoryAndDescendantsAsync(categoryId, cancellationToken);
                products = products.Where(p => p.CategoryId != null && ids.Contains(p.CategoryId.Value));
            }

            if (request.Status is { } status)
            {
                products = products.Where(p => p.Status == status);
            }

            if (request.LowStockOnly)
            {
                // Exactly the predicate of ix_products_low_stock.
                products = products.Where(p => EF.Property<int>(p, ProductStockRollup.LowStockSkus) > 0);
            }

            var rows = await Order(products, request.Sort, request.Descending ?? (request.Sort == ProductSort.Created))
                .Skip(Math.Max(0, request.Skip)).Take(Math.Clamp(request.Take, 1, 200))
                .Select(p => new Row(p.Id, p.Name, p.MinPrice, p.Status, p.CreatedAt, p.Slug, p.MaxPrice,
                    EF.Property<int>(p, ProductStockRollup.Stock), EF.Property<int>(p, ProductStockRollup.LowStockSkus),
                    db.Categories.Where(c => c.Id == p.CategoryId).Select(c => c.Name).FirstOrDefault()))
                .ToListAsync(cancellationToken);

            // Ordered by created_at alone (a count needs no tie-break): an index-only walk of the created, status or
            // low-stock index that stops at the cap.
            var counted = await products.OrderByDescending(p => p.CreatedAt).Take(CountCap + 1).CountAsync(cancellationToken);
            return new Page(rows, Math.Min(counted, CountCap), counted > CountCap);
        }

        private static IQueryable<Product> Order(IQueryable<Product> products, ProductSort sort, bool descending) => (sort, descending) switch
        {
            (ProductSort.Name, false) => products.OrderBy(p => p.Name).ThenBy(p => p.Id),
            (ProductSort.Name, true) => products.OrderByDescending(p => p.Name).ThenByDescending(p => p.Id),
            (ProductSort.Price, false) => products.OrderBy(p => p.MinPrice).ThenBy(p => p.Id),
            (ProductSort.Price, true) => products.OrderByDescending(p => p.MinPrice).ThenByDescending(p => p.Id),
            (ProductSort.Stock, false) => products.OrderBy(p => EF.Property<int>(p, ProductStockRollup.Stock)).ThenBy(p => p.Id),
            (ProductSort.Stock, true) => products.OrderByDescending(p => EF.Property<int>(p, ProductStockRollup.Stock)).ThenByDescending(p => p.Id),
            (ProductSort.Status, false) => products.OrderBy(p => p.Status).ThenByDescending(p => p.CreatedAt).ThenByDescending(p => p.Id),
            (ProductSort.Status, true) => products.OrderByDescending(p => p.Status).ThenByDescending(p => p.CreatedAt).ThenByDescending(p => p.Id),
            (_, false) => products.OrderBy(p => p.CreatedAt).ThenBy(p => p.Id),
            (_, true) => products.OrderByDescending(p => p.CreatedAt).ThenByDescending(p => p.Id),
        };

        private async Task<List<Guid>> CategoryAndDescendantsAsync(Guid categoryId, CancellationToken ct)
        {
            // Three levels at most and a few hundred categories per store: walk the tree in memory.
            var all = await db.Categories.AsNoTracking().Select(c => new { c.Id, c.ParentId }).ToListAsync(ct);
            var ids = new List<Guid> { categoryId };
            for (var i = 0; i < ids.Count; i++)
            {
                ids.AddRange(all.Where(c => c.ParentId == ids[i]).Select(c => c.Id));
            }

            return ids;
        }
    }

    internal sealed class CategoryOptionsHandler(StorefrontDb db) : IRequestHandler<CategoryOptionsQuery, IReadOnlyList<CategoryOption>>
    {
        public async Task<IReadOnlyList<CategoryOption>> Handle(CategoryOptionsQuery request, CancellationToken cancellationToken)
        {
            var all = await db.Categories.AsNoTracking().OrderBy(c => c.Position).ThenBy(c => c.Name)
                .Select(c => new { c.Id, c.ParentId, c.Name, c.Level }).ToListAsync(cancellationToken);
            var result = new List<CategoryOption>();
            void Add(Guid? parent)
            {
                foreach (var c in all.Where(c => c.ParentId == parent))
                {
                    result.Add(new CategoryOption(c.Id, c.Name, c.Level));
                    Add(c.Id);
                }
            }

            Add(null);
            return result;
        }
    }

    internal static string EscapeLike(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/admin/catalog/products", async (IMediator m, CancellationToken ct, int skip = 0, int take = 50, string? q = null,
                Guid? category = null, ProductStatus? status = null, bool lowStock = false, ProductSort sort = ProductSort.Created, bool? desc = null) =>
            TypedResults.Ok(await m.Send(new Query(skip, take, q, category, status, lowStock, sort, desc), ct)))
            .RequireAuthorization(Policies.Catalog).WithTags("Admin catalog");
}

/// <summary>What the admin product grid can be ordered by.</summary>
public enum ProductSort
{
    Created,
    Name,
    Price,
    Stock,
    Status,
}
