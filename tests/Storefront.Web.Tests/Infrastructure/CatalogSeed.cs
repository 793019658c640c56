using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Storefront.Domain.Catalog;
using Storefront.Web.Features.Catalog.Admin;
using Storefront.Web.Infrastructure.Caching;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Tenancy;

namespace Storefront.Web.Tests.Infrastructure;

/// <summary>
/// Puts catalog data into a store the way the app would: products through the CreateProduct command, categories
/// straight through StorefrontDb inside the store's scope (so a test sets exact positions), then evicting the store's
/// cached catalog as a committed command does.
/// </summary>
public static class CatalogSeed
{
    public static Task<CreateProduct.Result> ProductAsync(this StorefrontApp app, string store, CreateProduct.Command command) =>
        app.SendAsync(store, command);

    /// <summary>A product with one SKU: name, price, stock and the searchable extras most tests vary.</summary>
    public static Task<CreateProduct.Result> ProductAsync(this StorefrontApp app, string store, string name, decimal price,
        string? brand = null, Guid? category = null, int stock = 10, bool list = true, string? slug = null, params (string Name, string Value)[] attributes) =>
        app.SendAsync(store, new CreateProduct.Command
        {
            Name = name,
            Price = price,
            Stock = stock,
            Brand = brand,
            CategoryId = category,
            Slug = slug,
            List = list,
            Attributes = [.. attributes.Select(a => new ProductAttribute(a.Name, a.Value))],
        });

    public static async Task<Guid> CategoryAsync(this StorefrontApp app, string store, string name, string slug, Guid? parent = null, int position = 0)
    {
        await using var scope = await ScopeAsync(app, store);
        var db = scope.ServiceProvider.GetRequiredService<StorefrontDb>();
        var parentCategory = parent is null ? null : await db.Categories.SingleAsync(c => c.Id == parent);
        var category = Category.Create(db.TenantId!.Value, parentCategory, name, slug, position, app.Clock.GetUtcNow());
        db.Categories.Add(category);
        await db.SaveChangesAsync();
        await scope.ServiceProvider.GetRequiredService<CatalogCache>().EvictAsync(db.TenantId, default);
        return category.Id;
    }

    /// <summary>Renames a category's slug and keeps the old one redirecting, as the admin will.</summary>
    public static async Task RenameCategoryAsync(this StorefrontApp app, string store, Guid id, string name, string slug)
    {
        await using var scope = await ScopeAsync(app, store);
        var db = scope.ServiceProvider.GetRequiredService<StorefrontDb>();
        var category = await db.Categories.SingleAsync(c => c.Id == id);
        if (category.Rename(name, slug, app.Clock.GetUtcNow()) is { } old)
        {
            db.CategoryRedirects.Add(new CategorySlugRedirect { TenantId = category.TenantId, OldSlug = old, CategoryId = id });
        }

        await db.SaveChangesAsync();
        await scope.ServiceProvider.GetRequiredService<CatalogCache>().EvictAsync(db.TenantId, default);
    }

    public static async Task DelistAsync(this StorefrontApp app, string store, string slug)
    {
        await using var scope = await ScopeAsync(app, store);
        var db = scope.ServiceProvider.GetRequiredService<StorefrontDb>();
        var product = await db.Products.SingleAsync(p => p.Slug == slug);
        product.Delist(app.Clock.GetUtcNow());
        await db.SaveChangesAsync();
    }

    /// <summary>Sales are counted by orders, which do not exist yet: set the figure directly, as the owner.</summary>
    public static async Task SetSalesAsync(this StorefrontApp app, string store, string slug, int sales)
    {
        await using var conn = new NpgsqlConnection(app.Database.AdminConnectionString);
        await conn.OpenAsync();
        var tenant = await app.StoreIdAsync(store);
        await using (var set = new NpgsqlCommand("select set_config('app.tenant_id', $1, false)", conn))
        {
            set.Parameters.AddWithValue(tenant.ToString());
            await set.ExecuteNonQueryAsync();
        }

        await using var cmd = new NpgsqlCommand("update products set sales_count = $1 where tenant_id = $2 and slug = $3", conn);
        cmd.Parameters.AddWithValue(sales);
        cmd.Parameters.AddWithValue(tenant);
        cmd.Parameters.AddWithValue(slug);
        await cmd.ExecuteNonQueryAsync();
    }

    private static async Task<AsyncServiceScope> ScopeAsync(StorefrontApp app, string store)
    {
        StoreInfo info;
        await using (var lookup = app.Services.CreateAsyncScope())
        {
            info = await lookup.ServiceProvider.GetRequiredService<StoreDirectory>().FindBySlugAsync(store, default)
                ?? throw new InvalidOperationException($"no store {store}");
        }

        return app.Services.GetRequiredService<StoreScopes>().For(info);
    }
}
