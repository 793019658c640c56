using Microsoft.EntityFrameworkCore;
using Storefront.Domain.Catalog;
using Storefront.Web.Infrastructure.Data;

namespace Storefront.Web.Features.Catalog.Admin.Csv;

/// <summary>What the store already holds that the file refers to: its products by slug (tracked, with SKUs), categories, SKU codes.</summary>
internal sealed record CsvStoreState(
    Dictionary<string, Product> Products,
    Dictionary<string, Guid> Categories,
    Dictionary<string, (Guid ProductId, string Slug)> CodeOwners)
{
    private const int Chunk = 1000;

    public static async Task<CsvStoreState> LoadAsync(StorefrontDb db, List<CsvRow> rows, CancellationToken ct)
    {
        var products = new Dictionary<string, Product>();
        foreach (var slugs in rows.Select(r => r.Slug).Where(s => s.Length > 0).Distinct().Chunk(Chunk))
        {
            foreach (var product in await db.Products.Include(p => p.Skus).Where(p => slugs.Contains(p.Slug)).ToListAsync(ct))
            {
                products[product.Slug] = product;
            }
        }

        var categorySlugs = rows.Select(r => r.Category).Where(s => s.Length > 0).Distinct().ToList();
        var categories = categorySlugs.Count == 0
            ? []
            : await db.Categories.AsNoTracking().Where(c => categorySlugs.Contains(c.Slug)).ToDictionaryAsync(c => c.Slug, c => c.Id, ct);

        var owners = new Dictionary<string, (Guid, string)>(StringComparer.Ordinal);
        foreach (var codes in rows.Select(r => r.SkuCode).Where(c => c.Length > 0).Distinct().Chunk(Chunk))
        {
            var found = await (from s in db.Skus.AsNoTracking()
                               join p in db.Products.AsNoTracking() on s.ProductId equals p.Id
                               where codes.Contains(s.Code)
                               select new { s.Code, s.ProductId, p.Slug }).ToListAsync(ct);
            foreach (var sku in found)
            {
                owners[sku.Code] = (sku.ProductId, sku.Slug);
            }
        }

        return new CsvStoreState(products, categories, owners);
    }
}
