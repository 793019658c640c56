using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Storefront.Web.Features.Catalog.Admin;
using Storefront.Web.Tests.Infrastructure;

namespace Storefront.Web.Tests.Catalog.Admin;

/// <summary>The admin product grid: search, filters, sorting and paging give the right rows and totals, within one store.</summary>
public sealed class ProductGridTests(StorefrontApp app) : IClassFixture<StorefrontApp>, IAsyncLifetime
{
    private readonly string _tag = "grid" + Guid.NewGuid().ToString("N")[..6];
    private Guid _shoes;
    private Guid _sneakers;
    private readonly Dictionary<int, string> _codes = [];

    /// <summary>
    /// 25 products named "{tag} 商品 01..25": price = 10 × n; stock = n on one SKU with threshold 5 (so 01-05 are low);
    /// every fifth one a draft; 01-10 in category 鞋 (01-05 in its child 运动鞋).
    /// </summary>
    public async Task InitializeAsync()
    {
        _shoes = await app.SeedCategoryAsync("demo", "鞋", _tag + "-shoes");
        _sneakers = await app.SeedCategoryAsync("demo", "运动鞋", _tag + "-sneakers", _shoes);
        for (var n = 1; n <= 25; n++)
        {
            var code = $"{_tag}-SKU-{n:00}".ToUpperInvariant();
            _codes[n] = code;
            Guid? category = n <= 5 ? _sneakers : n <= 10 ? _shoes : null;
            await app.SeedProductAsync("demo", $"{_tag} 商品 {n:00}", 10m * n, category, list: n % 5 != 0, (code, n, 5));
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Search_finds_by_name_and_by_sku_code_and_paging_covers_every_match_once()
    {
        var client = await MerchantAsync();
        var first = await GridAsync(client, $"q={_tag}&take=20");
        Assert.Equal(25, first.GetProperty("total").GetInt32());
        Assert.False(first.GetProperty("totalCapped").GetBoolean());
        var second = await GridAsync(client, $"q={_tag}&skip=20&take=20");
        Assert.Equal(25, second.GetProperty("total").GetInt32());
        var names = Names(first).Concat(Names(second)).ToList();
        Assert.Equal(25, names.Count);
        Assert.Equal(25, names.Distinct().Count());

        var byCode = await GridAsync(client, $"q={_codes[7].ToLowerInvariant()}");
        Assert.Equal([$"{_tag} 商品 07"], Names(byCode));
        var partial = await GridAsync(client, $"q={Uri.EscapeDataString(_tag + " 商品 1")}");
        Assert.Equal(10, partial.GetProperty("total").GetInt32());
        Assert.Equal(0, (await GridAsync(client, "q=%25%25%25")).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Sorting_by_price_name_stock_and_created_orders_the_rows()
    {
        var client = await MerchantAsync();
        var cheapest = await GridAsync(client, $"q={_tag}&sort=Price&take=5");
        Assert.Equal([10m, 20m, 30m, 40m, 50m], cheapest.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("price").GetDecimal()));
        var dearest = await GridAsync(client, $"q={_tag}&sort=Price&desc=true&take=3");
        Assert.Equal([250m, 240m, 230m], dearest.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("price").GetDecimal()));

        var byName = Names(await GridAsync(client, $"q={_tag}&sort=Name&take=50"));
        Assert.Equal(byName.Order(StringComparer.Ordinal), byName);
        var byNameDesc = Names(await GridAsync(client, $"q={_tag}&sort=Name&desc=true&take=50"));
        Assert.Equal(byName.AsEnumerable().Reverse(), byNameDesc);

        var byStock = await GridAsync(client, $"q={_tag}&sort=Stock&desc=true&take=4");
        Assert.Equal([25, 24, 23, 22], byStock.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("stock").GetInt32()));

        var newest = await GridAsync(client, $"q={_tag}&take=50");
        Assert.Equal(25, newest.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task Filters_by_status_category_with_subcategories_and_low_stock_give_correct_totals()
    {
        var client = await MerchantAsync();
        var drafts = await GridAsync(client, $"q={_tag}&status=Draft");
        Assert.Equal(5, drafts.GetProperty("total").GetInt32());
        Assert.All(drafts.GetProperty("items").EnumerateArray(), r => Assert.Equal("Draft", r.GetProperty("status").GetString()));
        Assert.Equal(20, (await GridAsync(client, $"q={_tag}&status=Listed")).GetProperty("total").GetInt32());

        var shoes = await GridAsync(client, $"category={_shoes}");
        Assert.Equal(10, shoes.GetProperty("total").GetInt32());
        Assert.Contains(shoes.GetProperty("items").EnumerateArray(), r => r.GetProperty("categoryName").GetString() == "运动鞋");
        Assert.Equal(5, (await GridAsync(client, $"category={_sneakers}")).GetProperty("total").GetInt32());
        Assert.Equal(2, (await GridAsync(client, $"category={_shoes}&status=Draft&sort=Price")).GetProperty("total").GetInt32());

        var low = await GridAsync(client, $"q={_tag}&lowStock=true&sort=Stock");
        Assert.Equal(5, low.GetProperty("total").GetInt32());
        Assert.Equal([1, 2, 3, 4, 5], low.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("stock").GetInt32()));
        Assert.Equal(2,
            (await GridAsync(client, $"q={_tag}&lowStock=true&status=Listed&category={_sneakers}&sort=Name&desc=true&take=2")).GetProperty("items")
            .GetArrayLength());
    }

    [Fact]
    public async Task Stock_changes_move_a_product_in_and_out_of_the_low_stock_filter()
    {
        var client = await MerchantAsync();
        var skuId = await app.InStoreAsync("demo", db => Task.FromResult(db.Skus.Single(s => s.Code == _codes[12]).Id));

        var adjust = await client.PostAsJsonAsync($"/api/v1/admin/catalog/skus/{skuId}/stock", new { countedQuantity = 4, reason = "StockTake" });
        Assert.Equal(HttpStatusCode.OK, adjust.StatusCode);
        var low = await GridAsync(client, $"q={_tag}&lowStock=true");
        Assert.Contains($"{_tag} 商品 12", Names(low));
        Assert.Equal(4,
            low.GetProperty("items").EnumerateArray().Single(r => r.GetProperty("name").GetString() == $"{_tag} 商品 12").GetProperty("stock").GetInt32());

        await client.PostAsJsonAsync($"/api/v1/admin/catalog/skus/{skuId}/stock", new { countedQuantity = 12, reason = "StockTake" });
        Assert.DoesNotContain($"{_tag} 商品 12", Names(await GridAsync(client, $"q={_tag}&lowStock=true")));
    }

    [Fact]
    public async Task The_original_skip_take_query_still_lists_the_newest_first()
    {
        var page = await app.SendAsync("demo", new ListProducts.Query(0, 5));
        Assert.Equal(5, page.Items.Count);
        Assert.True(page.Total >= 28);
        Assert.Equal(page.Items.OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id).Select(r => r.Id), page.Items.Select(r => r.Id));
        var all = await app.SendAsync("demo", new ListProducts.Query(0, 200));
        Assert.Equal(page.Items.Select(r => r.Id), all.Items.Take(5).Select(r => r.Id));
    }

    [Fact]
    public async Task Another_stores_products_never_show_and_bad_parameters_get_a_400()
    {
        var acme = app.ClientFor("acme");
        await acme.SignInStaffAsync("merchant@acme.local");
        Assert.Equal(0, (await GridAsync(acme, $"q={_tag}")).GetProperty("total").GetInt32());
        Assert.Equal(0, (await GridAsync(acme, $"q={_codes[3]}")).GetProperty("total").GetInt32());
        Assert.Equal(0, (await GridAsync(acme, $"category={_shoes}")).GetProperty("total").GetInt32());

        var demo = await MerchantAsync();
        var tooLong = await demo.GetAsync("/api/v1/admin/catalog/products?q=" + new string('长', 101));
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Equal("application/problem+json", tooLong.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.BadRequest, (await demo.GetAsync("/api/v1/admin/catalog/products?sort=Colour")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await demo.GetAsync("/api/v1/admin/catalog/products?status=Gone")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await demo.GetAsync("/api/v1/admin/catalog/products?category=shoes")).StatusCode);
    }

    private async Task<HttpClient> MerchantAsync()
    {
        var client = app.ClientFor("demo");
        await client.SignInStaffAsync("merchant@demo.local");
        return client;
    }

    private static async Task<JsonElement> GridAsync(HttpClient client, string query)
    {
        var response = await client.GetAsync("/api/v1/admin/catalog/products?" + query);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{query}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static List<string> Names(JsonElement page) =>
        [.. page.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("name").GetString()!)];
}
