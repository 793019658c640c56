using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Storefront.Web.Tests.Infrastructure;

namespace Storefront.Web.Tests.Catalog.Admin;

/// <summary>库存预警: the list of SKUs at or below their threshold, its count and the header badge follow every stock change, store by store.</summary>
public sealed class LowStockTests(StorefrontApp app) : IClassFixture<StorefrontApp>
{
    [Fact]
    public async Task The_low_stock_list_and_count_change_after_an_adjustment()
    {
        var code = Code();
        var skuId = (await app.SeedProductAsync("demo", "保温杯 库存预警", (code, 5, 3)))[code];
        var client = app.ClientFor("demo");
        await client.SignInStaffAsync("merchant@demo.local");

        var before = await CountAsync(client);
        Assert.Null(await FindAsync(client, code));

        await Adjust(client, skuId, -3);
        var row = await FindAsync(client, code);
        Assert.NotNull(row);
        Assert.Equal("保温杯 库存预警", row.Value.GetProperty("productName").GetString());
        Assert.Equal(2, row.Value.GetProperty("available").GetInt32());
        Assert.Equal(2, row.Value.GetProperty("onHand").GetInt32());
        Assert.Equal(3, row.Value.GetProperty("lowStockThreshold").GetInt32());
        Assert.Equal(skuId, row.Value.GetProperty("skuId").GetGuid());
        Assert.Equal(before + 1, await CountAsync(client));
        Assert.Equal(before + 1, (await client.GetFromJsonAsync<JsonElement>("/api/v1/admin/catalog/low-stock")).GetProperty("total").GetInt32());

        await Adjust(client, skuId, 10);
        Assert.Null(await FindAsync(client, code));
        Assert.Equal(before, await CountAsync(client));
    }

    [Fact]
    public async Task Spec_text_shows_which_variant_is_low_and_reserved_stock_counts_against_available()
    {
        var (low, fine) = (Code(), Code());
        var skus = await app.SeedProductAsync("demo", "T恤 两个款式", (low, 4, 1), (fine, 50, 5));
        var client = app.ClientFor("demo");
        await client.SignInStaffAsync("owner@demo.local");
        Assert.Null(await FindAsync(client, low));

        // Three of the four are held by orders: one available, at the threshold.
        await app.ExecuteAsync("demo", $"update skus set reserved = 3 where id = '{skus[low]}'");
        var row = await FindAsync(client, low);
        Assert.NotNull(row);
        Assert.Equal("款1", row.Value.GetProperty("specText").GetString());
        Assert.Equal(1, row.Value.GetProperty("available").GetInt32());
        Assert.Equal(3, row.Value.GetProperty("reserved").GetInt32());
        Assert.Null(await FindAsync(client, fine));
    }

    [Fact]
    public async Task Another_stores_low_skus_never_appear_in_the_list_or_the_count()
    {
        var acmeCode = Code();
        await app.SeedProductAsync("acme", "Acme Empty Crate", (acmeCode, 0, 5));
        var demoCode = Code();
        await app.SeedProductAsync("demo", "示例 缺货", (demoCode, 0, 5));

        var demo = app.ClientFor("demo");
        await demo.SignInStaffAsync("owner@demo.local");
        var all = await AllAsync(demo);
        Assert.DoesNotContain(all, r => r.GetProperty("code").GetString() == acmeCode);
        Assert.DoesNotContain(all, r => r.GetProperty("productName").GetString()!.StartsWith("Acme", StringComparison.Ordinal));
        Assert.Contains(all, r => r.GetProperty("code").GetString() == demoCode);
        Assert.Equal(all.Count, await CountAsync(demo));
        Assert.Equal(all.Count,
            await app.CountAsync("demo", $"from skus where tenant_id = '{await app.StoreIdAsync("demo")}' and on_hand - reserved <= low_stock_threshold"));

        var acme = app.ClientFor("acme");
        await acme.SignInStaffAsync("owner@acme.local");
        Assert.DoesNotContain(await AllAsync(acme), r => r.GetProperty("code").GetString() == demoCode);
    }

    [Fact]
    public async Task The_admin_header_badge_shows_the_count_to_catalog_staff_only()
    {
        await app.SeedProductAsync("demo", "售罄的杯子", ("BADGE-CUP", 0, 2));
        var merchant = app.ClientFor("demo");
        await merchant.SignInStaffAsync("merchant@demo.local");
        var count = await CountAsync(merchant);
        Assert.True(count > 0);

        var page = await merchant.GetPageAsync("/admin");
        var badge = page.QuerySelector("[data-testid=low-stock-badge]");
        Assert.NotNull(badge);
        Assert.Equal("/admin/stock", badge.GetAttribute("href"));
        Assert.Equal(count.ToString(), page.QuerySelector("[data-testid=low-stock-count]")?.TextContent.Trim());

        var stockPage = await merchant.GetAsync("/admin/stock");
        Assert.Equal(HttpStatusCode.OK, stockPage.StatusCode);

        var @operator = app.ClientFor("demo");
        await @operator.SignInStaffAsync("operator@demo.local");
        var operatorPage = await @operator.GetPageAsync("/admin");
        // The role in the interface's language (was "Operator" inside the Chinese page).
        Assert.Equal("运营", operatorPage.QuerySelector("[data-testid=roles]")?.TextContent.Trim());
        Assert.Null(operatorPage.QuerySelector("[data-testid=low-stock-badge]"));
    }

    private static async Task<int> CountAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<JsonElement>("/api/v1/admin/catalog/low-stock/count")).GetProperty("count").GetInt32();

    private static async Task<JsonElement?> FindAsync(HttpClient client, string code) =>
        (await AllAsync(client)).Cast<JsonElement?>().FirstOrDefault(r => r!.Value.GetProperty("code").GetString() == code);

    private static async Task<List<JsonElement>> AllAsync(HttpClient client)
    {
        var rows = new List<JsonElement>();
        while (true)
        {
            var page = await client.GetFromJsonAsync<JsonElement>($"/api/v1/admin/catalog/low-stock?skip={rows.Count}&take=200");
            var items = page.GetProperty("items").EnumerateArray().ToList();
            rows.AddRange(items);
            if (items.Count == 0 || rows.Count >= page.GetProperty("total").GetInt32())
            {
                return rows;
            }
        }
    }

    private static async Task Adjust(HttpClient client, Guid skuId, int delta)
    {
        var response = await client.PostAsJsonAsync($"/api/v1/admin/catalog/skus/{skuId}/stock", new { delta, reason = delta > 0 ? "Inbound" : "Damage" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static string Code() => "L-" + Guid.NewGuid().ToString("N")[..10].ToUpperInvariant();
}
