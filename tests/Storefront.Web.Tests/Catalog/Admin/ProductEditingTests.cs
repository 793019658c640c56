using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Storefront.Web.Tests.Infrastructure;
using static Storefront.Web.Tests.Infrastructure.ApiAssert;

namespace Storefront.Web.Tests.Catalog.Admin;

public sealed class ProductEditingTests(StorefrontApp app) : IClassFixture<StorefrontApp>
{
    private const string Products = "/api/v1/admin/catalog/products";

    [Fact]
    public async Task Adding_a_spec_value_adds_skus_and_keeps_the_existing_skus_ids_and_stock()
    {
        var client = await MerchantAsync("demo");
        var code = Code();
        var id = await CreateAsync(client, new
        {
            name = "纯色卫衣",
            list = false,
            specs = new[] { new { name = "颜色", values = new[] { "红", "蓝" } } },
            skus = new[]
            {
                new { specValues = new[] { "红" }, code = code + "-R", price = 99m, stock = 5 },
                new { specValues = new[] { "蓝" }, code = code + "-B", price = 109m, stock = 7 },
            },
        });
        var before = await GetAsync(client, id);
        var red = Sku(before, "红");
        var blue = Sku(before, "蓝");

        var response = await client.PutAsJsonAsync($"{Products}/{id}", new
        {
            name = "纯色卫衣（新款）",
            brand = "示例",
            specs = new[] { new { name = "颜色", values = new[] { "红", "蓝", "绿" } } },
            skus = new[]
            {
                // stock of a saved SKU is not edited here
                new { specValues = new[] { "红" }, code = code + "-R", price = 89m, marketPrice = (decimal?)129m, stock = 999 },
                new { specValues = new[] { "蓝" }, code = code + "-B", price = 109m, marketPrice = (decimal?)null, stock = 0 },
                new { specValues = new[] { "绿" }, code = code + "-G", price = 119m, marketPrice = (decimal?)null, stock = 3 },
            },
        });
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());

        var after = await GetAsync(client, id);
        Assert.Equal("纯色卫衣（新款）", after.GetProperty("name").GetString());
        Assert.Equal(3, after.GetProperty("skus").GetArrayLength());
        Assert.Equal(["红", "蓝", "绿"], after.GetProperty("skus").EnumerateArray().Select(s => s.GetProperty("specValues")[0].GetString()));
        Assert.Equal(red.GetProperty("id").GetGuid(), Sku(after, "红").GetProperty("id").GetGuid());
        Assert.Equal(blue.GetProperty("id").GetGuid(), Sku(after, "蓝").GetProperty("id").GetGuid());
        Assert.Equal(5, Sku(after, "红").GetProperty("onHand").GetInt32());
        Assert.Equal(7, Sku(after, "蓝").GetProperty("onHand").GetInt32());
        Assert.Equal(3, Sku(after, "绿").GetProperty("onHand").GetInt32());
        Assert.Equal(89m, Sku(after, "红").GetProperty("price").GetDecimal());
        Assert.Equal(89m, after.GetProperty("minPrice").GetDecimal());
        Assert.Equal(119m, after.GetProperty("maxPrice").GetDecimal());

        var audit = await app.InStoreAsync("demo", db => db.AuditLog.AsNoTracking()
            .Where(a => a.EntityId == id.ToString() && a.Action == "product.prices-changed").Select(a => a.Details).ToListAsync());
        var details = Assert.Single(audit);
        Assert.Contains("\"From\":99", details);
        Assert.Contains("\"To\":89", details);
        Assert.Contains(code + "-G", details);
    }

    [Fact]
    public async Task Adding_a_second_spec_attribute_replaces_the_grid_and_an_unchanged_save_writes_no_price_audit()
    {
        var client = await MerchantAsync("demo");
        var code = Code();
        var id = await CreateAsync(client, new { name = "帆布鞋", price = 199m, stock = 4, skuCode = code });
        var update = new
        {
            name = "帆布鞋",
            specs = new[] { new { name = "颜色", values = new[] { "白", "黑" } }, new { name = "尺码", values = new[] { "39", "40" } } },
            skus = new[] { ("白", "39", 199m), ("白", "40", 199m), ("黑", "39", 209m), ("黑", "40", 209m) }
                .Select((s, i) => new { specValues = new[] { s.Item1, s.Item2 }, code = $"{code}-{i}", price = s.Item3, stock = i + 1 }).ToArray(),
        };
        Assert.Equal(HttpStatusCode.OK, (await client.PutAsJsonAsync($"{Products}/{id}", update)).StatusCode);
        var product = await GetAsync(client, id);
        Assert.Equal(4, product.GetProperty("skus").GetArrayLength());
        Assert.Equal([1, 2, 3, 4], product.GetProperty("skus").EnumerateArray().Select(s => s.GetProperty("onHand").GetInt32()));
        Assert.DoesNotContain(product.GetProperty("skus").EnumerateArray(), s => s.GetProperty("code").GetString() == code);

        Assert.Equal(HttpStatusCode.OK, (await client.PutAsJsonAsync($"{Products}/{id}", update)).StatusCode);
        var audits = await app.InStoreAsync("demo", db =>
            db.AuditLog.AsNoTracking().CountAsync(a => a.EntityId == id.ToString() && a.Action == "product.prices-changed"));
        Assert.Equal(1, audits);
    }

    [Fact]
    public async Task A_duplicate_sku_code_gives_a_problem_400_and_changes_nothing()
    {
        var client = await MerchantAsync("demo");
        var (id, before) = await TwoColourProductAsync(client);
        var code = Sku(before, "红").GetProperty("code").GetString();

        var response = await client.PutAsJsonAsync($"{Products}/{id}", new
        {
            name = "改了名字",
            specs = new[] { new { name = "颜色", values = new[] { "红", "蓝" } } },
            skus = new[]
            {
                new { specValues = new[] { "红" }, code, price = 50m },
                new { specValues = new[] { "蓝" }, code, price = 60m },
            },
        });
        var problem = await ProblemAsync(response);
        Assert.Contains("SKU", string.Join(" ", problem.GetProperty("errors").GetProperty("skus").EnumerateArray().Select(e => e.GetString())));
        await AssertUnchangedAsync(client, id, before);
    }

    [Fact]
    public async Task A_sku_code_of_another_product_is_refused()
    {
        var client = await MerchantAsync("demo");
        var (_, other) = await TwoColourProductAsync(client);
        var (id, before) = await TwoColourProductAsync(client);

        var response = await client.PutAsJsonAsync($"{Products}/{id}", new
        {
            name = "抢编码",
            specs = new[] { new { name = "颜色", values = new[] { "红", "蓝" } } },
            skus = new[]
            {
                new { specValues = new[] { "红" }, code = Sku(other, "红").GetProperty("code").GetString(), price = 50m },
                new { specValues = new[] { "蓝" }, code = Sku(before, "蓝").GetProperty("code").GetString(), price = 60m },
            },
        });
        Assert.True((await ProblemAsync(response)).GetProperty("errors").TryGetProperty("skus", out _));
        await AssertUnchangedAsync(client, id, before);
    }

    [Theory]
    [InlineData(-1, "skus[0].price")]
    [InlineData(0, "skus[0].price")]
    [InlineData(1.005, "skus[0].price")]
    public async Task A_bad_price_gives_a_problem_400_naming_the_field_and_changes_nothing(double price, string field)
    {
        var client = await MerchantAsync("demo");
        var (id, before) = await TwoColourProductAsync(client);

        var response = await client.PutAsJsonAsync($"{Products}/{id}", new
        {
            name = "负价格",
            specs = new[] { new { name = "颜色", values = new[] { "红", "蓝" } } },
            skus = new[]
            {
                new { specValues = new[] { "红" }, code = Sku(before, "红").GetProperty("code").GetString(), price = (decimal)price },
                new { specValues = new[] { "蓝" }, code = Sku(before, "蓝").GetProperty("code").GetString(), price = 60m },
            },
        });
        Assert.True((await ProblemAsync(response)).GetProperty("errors").TryGetProperty(field, out _));
        await AssertUnchangedAsync(client, id, before);
    }

    [Fact]
    public async Task A_missing_combination_or_a_stray_spec_value_is_refused()
    {
        var client = await MerchantAsync("demo");
        var (id, before) = await TwoColourProductAsync(client);

        var missing = await client.PutAsJsonAsync($"{Products}/{id}", new
        {
            name = "缺组合",
            specs = new[] { new { name = "颜色", values = new[] { "红", "蓝", "绿" } } },
            skus = new[] { new { specValues = new[] { "红" }, code = Code(), price = 50m } },
        });
        Assert.Contains("绿", (await ProblemAsync(missing)).GetProperty("errors").GetProperty("skus")[0].GetString());

        var stray = await client.PutAsJsonAsync($"{Products}/{id}", new
        {
            name = "多余的值",
            specs = new[] { new { name = "颜色", values = new[] { "红" } } },
            skus = new[] { new { specValues = new[] { "紫" }, code = Code(), price = 50m } },
        });
        await ProblemAsync(stray);
        await AssertUnchangedAsync(client, id, before);
    }

    [Fact]
    public async Task Another_stores_product_and_categories_cannot_be_touched()
    {
        var acme = await MerchantAsync("acme");
        var acmeProduct = await CreateAsync(acme, new { name = "Acme Rope", price = 12m });
        var acmeCategory = (await (await acme.PostAsJsonAsync("/api/v1/admin/catalog/categories", new { name = "Rope" }))
            .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var demo = await MerchantAsync("demo");

        Assert.Equal(HttpStatusCode.NotFound, (await demo.GetAsync($"{Products}/{acmeProduct}")).StatusCode);
        var put = await demo.PutAsJsonAsync($"{Products}/{acmeProduct}",
            new { name = "Mine now", skus = new[] { new { specValues = Array.Empty<string>(), code = Code(), price = 1m } } });
        Assert.Equal(HttpStatusCode.NotFound, put.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await demo.PostAsync($"{Products}/{acmeProduct}/delist", null)).StatusCode);

        var (id, before) = await TwoColourProductAsync(demo);
        var withForeignCategory = await demo.PutAsJsonAsync($"{Products}/{id}", new
        {
            name = "用别人的类目",
            categoryId = acmeCategory,
            specs = new[] { new { name = "颜色", values = new[] { "红", "蓝" } } },
            skus = new[]
            {
                new { specValues = new[] { "红" }, code = Sku(before, "红").GetProperty("code").GetString(), price = 50m },
                new { specValues = new[] { "蓝" }, code = Sku(before, "蓝").GetProperty("code").GetString(), price = 60m },
            },
        });
        Assert.True((await ProblemAsync(withForeignCategory)).GetProperty("errors").TryGetProperty("categoryId", out _));
        await AssertUnchangedAsync(demo, id, before);
        Assert.Equal("Acme Rope", (await GetAsync(acme, acmeProduct)).GetProperty("name").GetString());
    }

    [Fact]
    public async Task Image_references_must_be_names_the_image_store_gave_out()
    {
        var client = await MerchantAsync("demo");
        var response = await client.PostAsJsonAsync(Products, new
        {
            name = "外链图片",
            images = new[] { "https://evil.example/x.png" },
            skus = new[] { new { specValues = Array.Empty<string>(), code = Code(), price = 1m, image = "../../etc/passwd" } },
        });
        var errors = (await ProblemAsync(response)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("images[0]", out _), errors.ToString());
        Assert.True(errors.TryGetProperty("skus[0].image", out _), errors.ToString());
    }

    [Fact]
    public async Task The_editor_pages_render_for_a_merchant()
    {
        var client = await MerchantAsync("demo");
        var (id, _) = await TwoColourProductAsync(client);

        var edit = await client.GetAsync($"/admin/products/{id}");
        Assert.Equal(HttpStatusCode.OK, edit.StatusCode);
        var html = await edit.Content.ReadAsStringAsync();
        Assert.Contains("双色杯", html);
        Assert.Contains("data-testid=\"sku-grid\"", html);

        var create = await client.GetAsync("/admin/products/new");
        Assert.Equal(HttpStatusCode.OK, create.StatusCode);
        Assert.Contains("data-testid=\"save-editor\"", await create.Content.ReadAsStringAsync());

        var list = await (await client.GetAsync("/admin/products")).Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"new-product\"", list);
    }

    private async Task<(Guid Id, JsonElement Before)> TwoColourProductAsync(HttpClient client)
    {
        var code = Code();
        var id = await CreateAsync(client, new
        {
            name = "双色杯",
            specs = new[] { new { name = "颜色", values = new[] { "红", "蓝" } } },
            skus = new[]
            {
                new { specValues = new[] { "红" }, code = code + "-R", price = 30m, stock = 2 },
                new { specValues = new[] { "蓝" }, code = code + "-B", price = 35m, stock = 4 },
            },
        });
        return (id, await GetAsync(client, id));
    }

    private static async Task AssertUnchangedAsync(HttpClient client, Guid id, JsonElement before)
    {
        var after = await GetAsync(client, id);
        Assert.Equal(before.GetProperty("name").GetString(), after.GetProperty("name").GetString());
        Assert.Equal(before.GetProperty("updatedAt").GetDateTimeOffset(), after.GetProperty("updatedAt").GetDateTimeOffset());
        Assert.Equal(before.GetProperty("skus").ToString(), after.GetProperty("skus").ToString());
    }

    private async Task<HttpClient> MerchantAsync(string store)
    {
        var client = app.ClientFor(store);
        await client.SignInStaffAsync($"merchant@{store}.local");
        return client;
    }

    private static async Task<Guid> CreateAsync(HttpClient client, object command)
    {
        var response = await client.PostAsJsonAsync(Products, command);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("productId").GetGuid();
    }

    private static async Task<JsonElement> GetAsync(HttpClient client, Guid id) =>
        await client.GetFromJsonAsync<JsonElement>($"{Products}/{id}");

    private static JsonElement Sku(JsonElement product, string value) =>
        product.GetProperty("skus").EnumerateArray().Single(s => s.GetProperty("specValues")[0].GetString() == value);

    private static string Code() => "T" + Guid.NewGuid().ToString("N")[..10].ToUpperInvariant();
}
