using Microsoft.EntityFrameworkCore;
using Storefront.Domain.Catalog;
using Storefront.Web.Features.Catalog.Admin;

namespace Storefront.Web.Tests.Infrastructure;

/// <summary>Catalog data for tests, made through the same use cases and domain the app uses, inside one store.</summary>
public static class StockSeed
{
    /// <summary>A product with one SKU per (code, stock, threshold); no specs for one SKU, else a spec 款式 with one value per SKU. Answers SKU ids by
    /// code.</summary>
    public static async Task<Dictionary<string, Guid>> SeedProductAsync(this StorefrontApp app, string store, string name,
        params (string Code, int Stock, int Threshold)[] skus) =>
        await app.SeedProductAsync(store, name, 10m, categoryId: null, list: true, skus);

    public static async Task<Dictionary<string, Guid>> SeedProductAsync(this StorefrontApp app, string store, string name, decimal price,
        Guid? categoryId, bool list, params (string Code, int Stock, int Threshold)[] skus)
    {
        var command = new CreateProduct.Command { Name = name, Price = price, CategoryId = categoryId, List = list };
        if (skus.Length > 1)
        {
            command.Specs = [new SpecAttribute("款式", [.. skus.Select((_, i) => $"款{i + 1}")])];
        }

        command.Skus = [.. skus.Select((s, i) => new CreateProduct.SkuInput
        {
            Code = s.Code,
            Price = price,
            Stock = s.Stock,
            LowStockThreshold = s.Threshold,
            SpecValues = skus.Length > 1 ? [$"款{i + 1}"] : [],
        })];
        var created = await app.SendAsync(store, command);
        return await app.InStoreAsync(store, db =>
            db.Skus.AsNoTracking().Where(s => s.ProductId == created.ProductId).ToDictionaryAsync(s => s.Code, s => s.Id));
    }

    public static Task<Guid> SeedCategoryAsync(this StorefrontApp app, string store, string name, string slug, Guid? parentId = null) =>
        app.InStoreAsync(store, async db =>
        {
            var parent = parentId is { } id ? await db.Categories.SingleAsync(c => c.Id == id) : null;
            var category = Category.Create(db.TenantId!.Value, parent, name, slug, 0, app.Clock.GetUtcNow());
            db.Categories.Add(category);
            await db.SaveChangesAsync();
            return category.Id;
        });

    public static Task<(int OnHand, int Reserved)> StockAsync(this StorefrontApp app, string store, Guid skuId) =>
        app.InStoreAsync(store, async db =>
        {
            var sku = await db.Skus.AsNoTracking().SingleAsync(s => s.Id == skuId);
            return (sku.OnHand, sku.Reserved);
        });

    /// <summary>Rows of one store's table matching a condition, counted as the migration owner with the store's setting.</summary>
    public static async Task<long> CountAsync(this StorefrontApp app, string store, string sqlFromWhere)
    {
        await using var conn = new Npgsql.NpgsqlConnection(app.Database.AdminConnectionString);
        await conn.OpenAsync();
        await using (var set = new Npgsql.NpgsqlCommand($"select set_config('app.tenant_id', '{await app.StoreIdAsync(store)}', false)", conn))
        {
            await set.ExecuteNonQueryAsync();
        }

        await using var cmd = new Npgsql.NpgsqlCommand("select count(*) " + sqlFromWhere, conn);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    public static async Task ExecuteAsync(this StorefrontApp app, string store, string sql)
    {
        await using var conn = new Npgsql.NpgsqlConnection(app.Database.AdminConnectionString);
        await conn.OpenAsync();
        await using var tx = await conn.BeginTransactionAsync();
        await using (var set = new Npgsql.NpgsqlCommand($"select set_config('app.tenant_id', '{await app.StoreIdAsync(store)}', true)", conn, tx))
        {
            await set.ExecuteNonQueryAsync();
        }

        await using (var cmd = new Npgsql.NpgsqlCommand(sql, conn, tx))
        {
            await cmd.ExecuteNonQueryAsync();
        }

        await tx.CommitAsync();
    }
}
