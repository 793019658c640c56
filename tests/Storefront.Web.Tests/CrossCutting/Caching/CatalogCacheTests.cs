using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Storefront.Web.Features.Ordering;
using Storefront.Web.Infrastructure.Caching;
using Storefront.Web.Tests.Infrastructure;

namespace Storefront.Web.Tests.CrossCutting.Caching;

/// <summary>Catalog pages are cached, and a price, stock or listing change shows on the very next request.</summary>
public sealed class CatalogCacheTests(StorefrontApp app) : IClassFixture<StorefrontApp>
{
    [Fact]
    public async Task Pages_are_served_from_the_cache_until_something_changes_them()
    {
        var (slug, _) = await ProductAsync("缓存杯", 50m, 7);
        var first = await PageAsync($"/p/{slug}");
        Assert.Contains("缓存杯", first);

        // A write behind the app's back (no announcement) is not seen: the page came from the cache.
        await OwnerSqlAsync($"update products set name = '偷改的名字' where slug = '{slug}'");
        Assert.Contains("缓存杯", await PageAsync($"/p/{slug}"));
        Assert.DoesNotContain("偷改的名字", await PageAsync($"/p/{slug}"));
    }

    [Fact]
    public async Task A_stock_change_shows_on_the_very_next_request()
    {
        var (slug, skuId) = await ProductAsync("库存杯", 60m, 7);
        Assert.Contains("库存 7 件", await PageAsync($"/p/{slug}"));
        var before = await PageAsync($"/p/{slug}");

        var merchant = app.ClientFor("demo");
        await merchant.SignInStaffAsync("merchant@demo.local");
        var adjusted = await merchant.PostAsJsonAsync($"/api/v1/admin/catalog/skus/{skuId}/stock", new { delta = -7, reason = "Damage", note = "碎了" });
        Assert.Equal(HttpStatusCode.OK, adjusted.StatusCode);

        var after = await PageAsync($"/p/{slug}");
        Assert.NotEqual(before, after);
        Assert.Contains("disabled", after[after.IndexOf("data-testid=\"add-to-cart\"", StringComparison.Ordinal)..]);
    }

    [Fact]
    public async Task A_listing_change_shows_on_the_very_next_request()
    {
        var (slug, _) = await ProductAsync("下架杯", 70m, 3);
        Assert.Contains("下架杯", await PageAsync("/"));
        Assert.DoesNotContain("data-testid=\"delisted\"", await PageAsync($"/p/{slug}"));

        var merchant = app.ClientFor("demo");
        await merchant.SignInStaffAsync("merchant@demo.local");
        var id = await app.InStoreAsync("demo", db => Task.FromResult(db.Products.Single(p => p.Slug == slug).Id));
        Assert.Equal(HttpStatusCode.OK, (await merchant.PostAsync($"/api/v1/admin/catalog/products/{id}/delist", null)).StatusCode);

        Assert.DoesNotContain("下架杯", await PageAsync("/"));
        Assert.Contains("data-testid=\"delisted\"", await PageAsync($"/p/{slug}"));
    }

    [Fact]
    public async Task A_change_announced_by_another_instance_evicts_this_instances_pages()
    {
        var (slug, _) = await ProductAsync("远方杯", 80m, 3);
        Assert.Contains("远方杯", await PageAsync($"/p/{slug}"));

        // Another instance commits a change and announces it: NOTIFY catalog_changed with the store id.
        var demo = await app.StoreIdAsync("demo");
        await OwnerSqlAsync($"update products set name = '远方来的新名字' where slug = '{slug}'; select pg_notify('catalog_changed', '{demo}')");

        var deadline = DateTime.UtcNow.AddSeconds(5);
        string page;
        do
        {
            page = await PageAsync($"/p/{slug}");
        }
        while (!page.Contains("远方来的新名字", StringComparison.Ordinal) && DateTime.UtcNow < deadline && await Pause());
        Assert.Contains("远方来的新名字", page);
    }

    [Fact]
    public async Task A_signed_in_shoppers_cached_copy_carries_no_name_and_guests_never_get_it()
    {
        Assert.DoesNotContain("小明", await PageAsync("/"));   // warm the anonymous copy
        var shopper = app.ClientFor("demo");
        await shopper.SignInShopperAsync("shopper@demo.local");
        var signedIn = await shopper.GetStringAsync("/");
        Assert.Contains("data-testid=\"account-link\"", signedIn);
        Assert.DoesNotContain("小明", signedIn);   // the name comes after load from /api/v1/me/summary (SignedInCacheTests)
        var guest = await PageAsync("/");
        Assert.DoesNotContain("小明", guest);
        Assert.DoesNotContain("data-testid=\"account-link\"", guest);
    }

    [Fact]
    public async Task A_visitor_with_a_cart_is_never_served_a_cached_page()
    {
        // The Ordering area registers its cart cookie with the cache (CatalogCacheOptions.BypassCookies): the header shows the cart.
        var (slug, _) = await ProductAsync("购物车杯", 50m, 7);
        Assert.Contains("购物车杯", await PageAsync($"/p/{slug}"));   // cached for anonymous visitors
        await OwnerSqlAsync($"update products set name = '改过的杯' where slug = '{slug}'");

        var withCart = app.ClientFor("demo");
        withCart.DefaultRequestHeaders.Add("Cookie", $"{CartOwner.Cookie}=some-cart-token");
        Assert.Contains("改过的杯", await withCart.GetStringAsync($"/p/{slug}"));
        Assert.Contains("购物车杯", await PageAsync($"/p/{slug}"));   // the anonymous copy is still the cached one
    }

    [Fact]
    public async Task Requests_that_miss_together_share_one_load()
    {
        var cache = app.Services.GetRequiredService<CatalogCache>();
        var store = Guid.NewGuid();
        var loads = 0;
        var release = new TaskCompletionSource();
        async Task<string> Load(CancellationToken ct)
        {
            Interlocked.Increment(ref loads);
            await release.Task;
            return "value";
        }

        var waiting = Enumerable.Range(0, 20).Select(_ => cache.GetAsync(store, "single-flight", Load, default)).ToList();
        release.SetResult();
        Assert.All(await Task.WhenAll(waiting), v => Assert.Equal("value", v));
        Assert.Equal(1, loads);
        Assert.Equal("value", await cache.GetAsync(store, "single-flight", Load, default));
        Assert.Equal(1, loads);   // kept

        await cache.EvictAsync(store, default);
        Assert.Equal("value", await cache.GetAsync(store, "single-flight", Load, default));
        Assert.Equal(2, loads);
    }

    [Fact]
    public async Task A_value_loaded_while_the_catalog_changed_is_not_kept()
    {
        var cache = app.Services.GetRequiredService<CatalogCache>();
        var store = Guid.NewGuid();
        var loads = 0;
        var first = await cache.GetAsync(store, "racing", async ct =>
        {
            Interlocked.Increment(ref loads);
            await cache.EvictAsync(store, ct);   // a change commits while this load reads
            return "old";
        }, default);
        Assert.Equal("old", first);   // the request that loaded it uses it

        Assert.Equal("new", await cache.GetAsync(store, "racing", _ => Task.FromResult(++loads > 0 ? "new" : ""), default));
        Assert.Equal(2, loads);
    }

    private static async Task<bool> Pause()
    {
        await Task.Delay(50);
        return true;
    }

    private Task<string> PageAsync(string path) => app.ClientFor("demo").GetStringAsync(path);

    private async Task<(string Slug, Guid SkuId)> ProductAsync(string name, decimal price, int stock)
    {
        var slug = "cache-" + Guid.NewGuid().ToString("N")[..8];
        await app.ProductAsync("demo", name, price, stock: stock, slug: slug);
        var skuId = await app.InStoreAsync("demo", db => Task.FromResult(db.Skus.Single(s => db.Products.Any(p => p.Slug == slug && p.Id == s.ProductId)).Id));
        return (slug, skuId);
    }

    private async Task OwnerSqlAsync(string sql)
    {
        await using var conn = new NpgsqlConnection(app.Database.AdminConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand($"select set_config('app.tenant_id', '{await app.StoreIdAsync("demo")}', false); {sql}", conn);
        await cmd.ExecuteNonQueryAsync();
    }
}
