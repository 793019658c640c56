using System.Text.Json;
using Storefront.Domain.Catalog;
using Storefront.Domain.Common;
using Storefront.Web.Infrastructure.Data;

namespace Storefront.Web.Features.Catalog.Admin.Csv;

/// <summary>Applies a clean file in the command's transaction: products created or edited through the domain, changed stock booked as stock-takes, one audit
/// entry.</summary>
internal static class CsvImportWriter
{
    public static async Task<ImportProductsCsv.Result> ApplyAsync(
        StorefrontDb db, Guid? userId, int rowCount, List<CsvProductRows> groups, CsvStoreState store, Guid tenantId, DateTimeOffset now, CancellationToken ct)
    {
        int created = 0, updated = 0, skus = 0;
        var stockChanges = new List<object>();
        foreach (var group in groups)
        {
            var target = group.Rows[0].StatusValue;
            if (store.Products.GetValueOrDefault(group.Slug) is not { } product)
            {
                product = Product.Create(tenantId, group.Draft(store), group.Specs(), group.SkuDrafts(), now);
                MoveTo(product, target ?? ProductStatus.Draft, now);
                db.Products.Add(product);
                created++;
            }
            else
            {
                // Kept SKUs keep their id and stock through SetVariants; a different stock in the file is a stock-take.
                var counts = group.Rows
                    .Select(r => (Row: r, Sku: product.Skus.FirstOrDefault(s => CsvProductRows.Key(s.SpecValues) == CsvProductRows.Key(r.SpecValues))))
                    .Where(x => x.Sku is not null && x.Sku.OnHand != x.Row.StockValue)
                    .Select(x => (x.Sku!.Id, Counted: x.Row.StockValue))
                    .ToList();
                product.Edit(group.Draft(store), now);
                product.SetVariants(group.Specs(), group.SkuDrafts(), now);
                MoveTo(product, target ?? product.Status, now);
                foreach (var (skuId, counted) in counts)
                {
                    var outcome = await AdjustStock.SetCountedAsync(db, tenantId, skuId, counted, ct)
                        ?? throw new DomainException("stock.moved", CatalogText.StockMovedRetry, isConflict: true);
                    db.StockAdjustments.Add(StockAdjustment.Record(tenantId, skuId, outcome.Delta, outcome.OnHand, StockReason.Correction,
                        CatalogText.CsvImportNote, userId, now));
                    stockChanges.Add(new { outcome.Code, outcome.Delta, OnHandAfter = outcome.OnHand });
                }

                updated++;
            }

            skus += product.Skus.Count;
        }

        db.AuditLog.Add(AuditEntry.Record(tenantId, userId, "products.imported", "", JsonSerializer.Serialize(new
        {
            Rows = rowCount,
            Created = created,
            Updated = updated,
            Skus = skus,
            Products = groups.Take(100).Select(g => g.Slug),
            StockChanges = stockChanges.Take(200),
        }), now));
        return new ImportProductsCsv.Result(true, rowCount, created, updated, skus, stockChanges.Count, [], 0);
    }

    private static void MoveTo(Product product, ProductStatus target, DateTimeOffset now)
    {
        if (target != ProductStatus.Draft && product.Status == ProductStatus.Draft)
        {
            product.List(now);
        }

        if (target == ProductStatus.Listed && product.Status == ProductStatus.Delisted)
        {
            product.List(now);
        }

        if (target == ProductStatus.Delisted && product.Status == ProductStatus.Listed)
        {
            product.Delist(now);
        }
    }
}
