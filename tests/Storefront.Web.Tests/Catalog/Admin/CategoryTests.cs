using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Storefront.Web.Tests.Infrastructure;
using static Storefront.Web.Tests.Infrastructure.ApiAssert;

namespace Storefront.Web.Tests.Catalog.Admin;

public sealed class CategoryTests(StorefrontApp app) : IClassFixture<StorefrontApp>
{
    private const string Api = "/api/v1/admin/catalog/categories";

    [Fact]
    public async Task Renaming_a_category_and_its_slug_keeps_the_old_slug_redirecting_to_it()
    {
        var client = await MerchantAsync("demo");
        var id = await CreateAsync(client, "衣服", "clothes-" + Suffix());
        var oldSlug = (await FindAsync(client, id)).GetProperty("slug").GetString()!;

        var response = await client.PutAsJsonAsync($"{Api}/{id}", new { name = "服装", slug = "apparel-" + Suffix() });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(oldSlug, result.GetProperty("oldSlug").GetString());

        var node = await FindAsync(client, id);
        Assert.Equal("服装", node.GetProperty("name").GetString());
        Assert.StartsWith("apparel-", node.GetProperty("slug").GetString());
        var redirect = await app.InStoreAsync("demo", db => db.CategoryRedirects.AsNoTracking().SingleOrDefaultAsync(r => r.OldSlug == oldSlug));
        Assert.NotNull(redirect);
        Assert.Equal(id, redirect.CategoryId);

        // A second rename keeps both old slugs pointing at the category; renaming back takes its slug out of the redirects.
        var second = node.GetProperty("slug").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await client.PutAsJsonAsync($"{Api}/{id}", new { name = "服装", slug = oldSlug })).StatusCode);
        var redirects = await app.InStoreAsync("demo", db =>
            db.CategoryRedirects.AsNoTracking().Where(r => r.CategoryId == id).Select(r => r.OldSlug).ToListAsync());
        Assert.Equal([second], redirects);
    }

    [Fact]
    public async Task A_fourth_level_is_refused_with_a_clear_400_and_nothing_is_created()
    {
        var client = await MerchantAsync("demo");
        var one = await CreateAsync(client, "一级");
        var two = await CreateAsync(client, "二级", parentId: one);
        var three = await CreateAsync(client, "三级", parentId: two);
        var before = await CountAsync("demo");

        var response = await client.PostAsJsonAsync(Api, new { name = "四级", slug = "level-four-" + Suffix(), parentId = three });
        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("urn:storefront:category.depth", problem.GetProperty("type").GetString());
        Assert.Contains("3", problem.GetProperty("title").GetString());
        Assert.Equal(before, await CountAsync("demo"));
        Assert.Equal(3, (await FindAsync(client, three)).GetProperty("level").GetInt32());
    }

    [Fact]
    public async Task Moving_a_category_under_its_own_descendant_is_refused_and_it_stays_where_it_was()
    {
        var client = await MerchantAsync("demo");
        var top = await CreateAsync(client, "家居");
        var child = await CreateAsync(client, "厨房", parentId: top);
        var grandchild = await CreateAsync(client, "刀具", parentId: child);
        var node = await FindAsync(client, top);

        foreach (var target in new[] { top, child, grandchild })
        {
            var response = await client.PutAsJsonAsync($"{Api}/{top}", new { name = "家居", slug = node.GetProperty("slug").GetString(), parentId = target });
            var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
            Assert.Equal("urn:storefront:category.cycle", problem.GetProperty("type").GetString());
        }

        var after = await FindAsync(client, top);
        Assert.Equal(JsonValueKind.Null, after.GetProperty("parentId").ValueKind);
        Assert.Equal(1, after.GetProperty("level").GetInt32());
    }

    [Fact]
    public async Task Moving_a_subtree_brings_its_children_along_and_keeps_the_three_level_limit()
    {
        var client = await MerchantAsync("demo");
        var sports = await CreateAsync(client, "运动");
        var shoes = await CreateAsync(client, "鞋", parentId: sports);
        var running = await CreateAsync(client, "跑鞋", parentId: shoes);
        var outdoor = await CreateAsync(client, "户外");
        var camping = await CreateAsync(client, "露营", parentId: outdoor);

        // 鞋 > 跑鞋 spans two levels: under 户外 (level 1) it fits, under 露营 (level 2) it would make a fourth level.
        var shoesSlug = (await FindAsync(client, shoes)).GetProperty("slug").GetString();
        var tooDeep = await client.PutAsJsonAsync($"{Api}/{shoes}", new { name = "鞋", slug = shoesSlug, parentId = camping });
        Assert.Equal("urn:storefront:category.depth", (await ProblemAsync(tooDeep, HttpStatusCode.BadRequest)).GetProperty("type").GetString());

        var moved = await client.PutAsJsonAsync($"{Api}/{shoes}", new { name = "鞋", slug = shoesSlug, parentId = outdoor, position = 0 });
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        var outdoorNode = await FindAsync(client, outdoor);
        var children = outdoorNode.GetProperty("children").EnumerateArray().ToList();
        Assert.Equal([shoes, camping], children.Select(c => c.GetProperty("id").GetGuid()));
        Assert.Equal(2, children[0].GetProperty("level").GetInt32());
        Assert.Equal(3, (await FindAsync(client, running)).GetProperty("level").GetInt32());
        Assert.Empty((await FindAsync(client, sports)).GetProperty("children").EnumerateArray());
    }

    [Fact]
    public async Task Siblings_keep_the_order_set_for_them()
    {
        var client = await MerchantAsync("demo");
        var parent = await CreateAsync(client, "数码");
        var a = await CreateAsync(client, "手机", parentId: parent);
        var b = await CreateAsync(client, "电脑", parentId: parent);
        var c = await CreateAsync(client, "相机", parentId: parent);
        Assert.Equal([a, b, c], await ChildIdsAsync(client, parent));

        var cSlug = (await FindAsync(client, c)).GetProperty("slug").GetString();
        Assert.Equal(HttpStatusCode.OK,
            (await client.PutAsJsonAsync($"{Api}/{c}", new { name = "相机", slug = cSlug, parentId = parent, position = 0 })).StatusCode);
        Assert.Equal([c, a, b], await ChildIdsAsync(client, parent));

        var aSlug = (await FindAsync(client, a)).GetProperty("slug").GetString();
        Assert.Equal(HttpStatusCode.OK,
            (await client.PutAsJsonAsync($"{Api}/{a}", new { name = "手机", slug = aSlug, parentId = parent, position = 2 })).StatusCode);
        Assert.Equal([c, b, a], await ChildIdsAsync(client, parent));

        // After a sibling goes, positions have a gap; moving still goes by the order shown.
        Assert.Equal(HttpStatusCode.OK, (await client.DeleteAsync($"{Api}/{c}")).StatusCode);
        var bSlug = (await FindAsync(client, b)).GetProperty("slug").GetString();
        Assert.Equal(HttpStatusCode.OK,
            (await client.PutAsJsonAsync($"{Api}/{b}", new { name = "电脑", slug = bSlug, parentId = parent, position = 1 })).StatusCode);
        Assert.Equal([a, b], await ChildIdsAsync(client, parent));
    }

    [Fact]
    public async Task Deleting_is_refused_while_a_category_has_children_or_products_and_works_once_it_is_empty()
    {
        var client = await MerchantAsync("demo");
        var parent = await CreateAsync(client, "食品");
        var child = await CreateAsync(client, "零食", parentId: parent);
        var product = await client.PostAsJsonAsync("/api/v1/admin/catalog/products", new { name = "薯片", price = 6.5m, categoryId = child });
        Assert.Equal(HttpStatusCode.OK, product.StatusCode);

        var withChildren = await ProblemAsync(await client.DeleteAsync($"{Api}/{parent}"), HttpStatusCode.Conflict);
        Assert.Equal("urn:storefront:category.has-children", withChildren.GetProperty("type").GetString());
        var withProducts = await ProblemAsync(await client.DeleteAsync($"{Api}/{child}"), HttpStatusCode.Conflict);
        Assert.Equal("urn:storefront:category.has-products", withProducts.GetProperty("type").GetString());
        Assert.Equal(1, (await FindAsync(client, child)).GetProperty("productCount").GetInt32());

        var empty = await CreateAsync(client, "饮料", parentId: parent);
        Assert.Equal(HttpStatusCode.OK, (await client.DeleteAsync($"{Api}/{empty}")).StatusCode);
        Assert.Null(await TryFindAsync(client, empty));
        Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync($"{Api}/{empty}")).StatusCode);
    }

    [Fact]
    public async Task Bad_category_input_gets_field_errors()
    {
        var client = await MerchantAsync("demo");
        var taken = await CreateAsync(client, "图书", "books-" + Suffix());
        var takenSlug = (await FindAsync(client, taken)).GetProperty("slug").GetString();

        var response = await client.PostAsJsonAsync(Api, new { name = "", slug = "bad slug!" });
        var errors = (await ProblemAsync(response, HttpStatusCode.BadRequest)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("name", out _));
        Assert.True(errors.TryGetProperty("slug", out _));

        var duplicate = await client.PostAsJsonAsync(Api, new { name = "图书2", slug = takenSlug });
        Assert.True((await ProblemAsync(duplicate, HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("slug", out _));

        var noParent = await client.PostAsJsonAsync(Api, new { name = "孤儿", parentId = Guid.NewGuid() });
        Assert.True((await ProblemAsync(noParent, HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("parentId", out _));
    }

    [Fact]
    public async Task Another_stores_categories_are_invisible_and_unusable()
    {
        var acme = await MerchantAsync("acme");
        var tools = await CreateAsync(acme, "Tools", "tools-" + Suffix());
        var demo = await MerchantAsync("demo");

        var list = await demo.GetFromJsonAsync<JsonElement>(Api);
        Assert.DoesNotContain(Flatten(list), n => n.GetProperty("id").GetGuid() == tools);

        var product = await demo.PostAsJsonAsync("/api/v1/admin/catalog/products", new { name = "借用类目", price = 1m, categoryId = tools });
        Assert.True((await ProblemAsync(product, HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("categoryId", out _));
        var child = await demo.PostAsJsonAsync(Api, new { name = "子类", parentId = tools });
        Assert.True((await ProblemAsync(child, HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("parentId", out _));
        Assert.Equal(HttpStatusCode.NotFound, (await demo.PutAsJsonAsync($"{Api}/{tools}", new { name = "Mine", slug = "mine-" + Suffix() })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await demo.DeleteAsync($"{Api}/{tools}")).StatusCode);

        var still = await FindAsync(acme, tools);
        Assert.Equal("Tools", still.GetProperty("name").GetString());
    }

    [Fact]
    public async Task Only_owners_and_merchants_manage_categories()
    {
        var anonymous = app.ClientFor("demo");
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(Api)).StatusCode);
        var op = app.ClientFor("demo");
        await op.SignInStaffAsync("operator@demo.local");
        Assert.Equal(HttpStatusCode.Forbidden, (await op.PostAsJsonAsync(Api, new { name = "x" })).StatusCode);
        var owner = app.ClientFor("demo");
        await owner.SignInStaffAsync("owner@demo.local");
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync(Api)).StatusCode);
    }

    [Fact]
    public async Task The_categories_page_shows_the_tree_to_a_merchant()
    {
        var client = await MerchantAsync("demo");
        await CreateAsync(client, "页面类目-" + Suffix());
        var response = await client.GetAsync("/admin/categories");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("页面类目-", html);
        Assert.Contains("data-testid=\"category-tree\"", html);
    }

    private async Task<HttpClient> MerchantAsync(string store)
    {
        var client = app.ClientFor(store);
        await client.SignInStaffAsync($"merchant@{store}.local");
        return client;
    }

    private static async Task<Guid> CreateAsync(HttpClient client, string name, string? slug = null, Guid? parentId = null)
    {
        var response = await client.PostAsJsonAsync(Api, new { name, slug, parentId });
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    private static async Task<JsonElement?> TryFindAsync(HttpClient client, Guid id)
    {
        var tree = await client.GetFromJsonAsync<JsonElement>(Api);
        return Flatten(tree).Select(n => (JsonElement?)n).FirstOrDefault(n => n!.Value.GetProperty("id").GetGuid() == id);
    }

    private static async Task<JsonElement> FindAsync(HttpClient client, Guid id) =>
        await TryFindAsync(client, id) ?? throw new InvalidOperationException($"category {id} is not in the tree");

    private static async Task<List<Guid>> ChildIdsAsync(HttpClient client, Guid parent) =>
        [.. (await FindAsync(client, parent)).GetProperty("children").EnumerateArray().Select(c => c.GetProperty("id").GetGuid())];

    private static IEnumerable<JsonElement> Flatten(JsonElement nodes) =>
        nodes.EnumerateArray().SelectMany(n => Flatten(n.GetProperty("children")).Prepend(n));

    private Task<int> CountAsync(string store) => app.InStoreAsync(store, db => db.Categories.CountAsync());

    private static string Suffix() => Guid.NewGuid().ToString("N")[..8];
}
