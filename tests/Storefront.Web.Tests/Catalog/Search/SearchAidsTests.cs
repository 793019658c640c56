using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MediatR;
using Microsoft.Extensions.DependencyInjection;
using Storefront.Web.Features.Catalog.Search;
using Storefront.Web.Features.Platform;
using Storefront.Web.Tests.Infrastructure;

namespace Storefront.Web.Tests.Catalog.Search;

/// <summary>What helps a shopper search (issue 17, item 3): suggestions as they type, synonyms kept by operators, hot searches, the corrected query.</summary>
public sealed class SearchAidsTests(StorefrontApp app) : IClassFixture<StorefrontApp>
{
    private async Task<string> NewStoreAsync()
    {
        var slug = "aids-" + Guid.NewGuid().ToString("N")[..8];
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new CreateStore.Command { Slug = slug, Name = "搜索商店 " + slug });
        return slug;
    }

    private static async Task<List<string>> SuggestAsync(HttpClient client, string q)
    {
        var body = await client.GetFromJsonAsync<JsonElement>("/api/v1/catalog/suggest?q=" + Uri.EscapeDataString(q));
        return [.. body.GetProperty("suggestions").EnumerateArray().Select(s => s.GetProperty("text").GetString()!)];
    }

    private static async Task<List<string>> SearchNamesAsync(HttpClient client, string q)
    {
        var body = await client.GetFromJsonAsync<JsonElement>("/api/v1/catalog/products?q=" + Uri.EscapeDataString(q));
        return [.. body.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("name").GetString()!)];
    }

    [Fact]
    public async Task Suggestions_come_by_prefix_by_pinyin_and_initials_and_are_at_most_ten()
    {
        var store = await NewStoreAsync();
        await app.CategoryAsync(store, "蓝牙音箱", "speakers");
        await app.ProductAsync(store, "蓝牙音箱 M2", 199m);
        for (var i = 1; i <= 12; i++)
        {
            await app.ProductAsync(store, $"无线蓝牙耳机 S{i}", 100m + i);
        }

        using var client = app.ClientFor(store);
        var typed = await SuggestAsync(client, "蓝牙");
        Assert.Equal(10, typed.Count);
        Assert.Equal("蓝牙音箱", typed[0]);   // the category first
        Assert.All(typed.Skip(1), name => Assert.Contains("蓝牙", name));   // 14 match: which ten after the category is not fixed

        Assert.Contains("蓝牙音箱 M2", await SuggestAsync(client, "lany"));    // pinyin prefix
        Assert.Contains("蓝牙音箱 M2", await SuggestAsync(client, "lyyx"));    // initials
        // Twelve names start with 无线: which ten come is not fixed, so every one shown must be one of them.
        Assert.All(await SuggestAsync(client, "wuxian"), name => Assert.StartsWith("无线蓝牙耳机 S", name));
        Assert.Empty(await SuggestAsync(client, " "));

        var tooLong = await client.GetAsync("/api/v1/catalog/suggest?q=" + new string('长', 101));
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Equal("application/problem+json", tooLong.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task An_operator_adds_changes_and_removes_a_synonym_group_and_search_follows_at_once()
    {
        var word = "zorb" + Guid.NewGuid().ToString("N")[..6].Replace('0', 'q');
        var alias = "quix" + Guid.NewGuid().ToString("N")[..6].Replace('0', 'q');
        await app.ProductAsync("demo", $"{word} 台灯", 88m);
        using var shopper = app.ClientFor("demo");
        Assert.Empty(await SearchNamesAsync(shopper, alias));

        using var anonymous = app.ClientFor("demo");
        var refused = await anonymous.PostAsJsonAsync("/api/v1/admin/catalog/synonyms", new { terms = new[] { alias, word } });
        Assert.Contains(refused.StatusCode, new[] { HttpStatusCode.Unauthorized, HttpStatusCode.Forbidden });

        using var @operator = app.ClientFor("demo");
        await @operator.SignInStaffAsync("operator@demo.local");
        var bad = await @operator.PostAsJsonAsync("/api/v1/admin/catalog/synonyms", new { terms = new[] { alias, " " + alias.ToUpperInvariant() } });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);

        var created = await @operator.PostAsJsonAsync("/api/v1/admin/catalog/synonyms", new { terms = new[] { alias, word } });
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        Assert.Contains($"{word} 台灯", await SearchNamesAsync(shopper, alias));
        Assert.Contains(alias, await SuggestAsync(shopper, alias[..5]));

        var listed = await @operator.GetFromJsonAsync<JsonElement>("/api/v1/admin/catalog/synonyms");
        Assert.Contains(listed.EnumerateArray(), g => g.GetProperty("id").GetGuid() == id);

        var other = "mox" + Guid.NewGuid().ToString("N")[..6].Replace('0', 'q');
        var changed = await @operator.PutAsJsonAsync($"/api/v1/admin/catalog/synonyms/{id}", new { terms = new[] { other, word } });
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Empty(await SearchNamesAsync(shopper, alias));
        Assert.Contains($"{word} 台灯", await SearchNamesAsync(shopper, other));

        Assert.Equal(HttpStatusCode.OK, (await @operator.DeleteAsync($"/api/v1/admin/catalog/synonyms/{id}")).StatusCode);
        Assert.Empty(await SearchNamesAsync(shopper, other));
        Assert.Equal(HttpStatusCode.NotFound, (await @operator.DeleteAsync($"/api/v1/admin/catalog/synonyms/{id}")).StatusCode);
    }

    [Fact]
    public async Task Hot_searches_count_searches_that_found_something_and_show_most_first_on_the_empty_and_the_no_results_page()
    {
        var store = await NewStoreAsync();
        await app.ProductAsync(store, "保温杯 大容量", 59m);
        await app.ProductAsync(store, "电饭煲 3升", 299m);
        await app.ProductAsync(store, "羽绒服 长款", 899m);
        using var client = app.ClientFor(store);
        foreach (var q in new[] { "电饭煲", "保温杯", "电饭煲", "羽绒服", "电饭煲", "保温杯", "不存在的东西" })
        {
            await SearchNamesAsync(client, q);
        }

        await app.Services.GetRequiredService<HotSearches>().FlushAsync();

        var empty = await client.GetStreamedPageAsync("/search");
        var hot = empty.QuerySelectorAll("[data-testid=search-hot] a").Select(a => a.TextContent).ToList();
        Assert.Equal(["电饭煲", "保温杯", "羽绒服"], hot);   // most searched first; a search that found nothing is not counted

        var none = await client.GetStreamedPageAsync("/search?q=" + Uri.EscapeDataString("不存在的东西"));
        Assert.Equal(hot, [.. none.QuerySelectorAll("[data-testid=search-hot] a").Select(a => a.TextContent)]);
        Assert.Empty((await client.GetStreamedPageAsync("/search?q=" + Uri.EscapeDataString("羽绒服"))).QuerySelectorAll("[data-testid=search-hot]"));
    }

    [Fact]
    public async Task A_keyword_with_a_homophone_or_a_typo_is_offered_corrected()
    {
        var store = await NewStoreAsync();
        await app.ProductAsync(store, "无线蓝牙耳机", 199m);
        await app.ProductAsync(store, "男子跑鞋", 399m);
        using var client = app.ClientFor(store);

        // 蓝芽 is found through its pinyin; the page says what was probably meant, as a link.
        var homophone = await client.GetStreamedPageAsync("/search?q=" + Uri.EscapeDataString("蓝芽耳机"));
        var offered = homophone.QuerySelector("[data-testid=search-corrected] a");
        Assert.NotNull(offered);
        Assert.Equal("蓝牙耳机", offered.TextContent);
        Assert.Equal("/search?q=" + Uri.EscapeDataString("蓝牙耳机"), offered.GetAttribute("href"));
        Assert.Contains(homophone.QuerySelectorAll("[data-testid=product-card]"), c => c.TextContent.Contains("无线蓝牙耳机"));

        // 跑帽 finds nothing (one changed character of a two-character word is too loose to match), but is offered as 跑鞋.
        var api = await client.GetFromJsonAsync<JsonElement>("/api/v1/catalog/products?q=" + Uri.EscapeDataString("跑帽"));
        Assert.Equal(0, api.GetProperty("total").GetInt32());
        Assert.Equal("跑鞋", api.GetProperty("corrected").GetString());
        var none = await client.GetStreamedPageAsync("/search?q=" + Uri.EscapeDataString("跑帽"));
        Assert.Equal("跑鞋", none.QuerySelector("[data-testid=search-corrected] a")?.TextContent);

        // A keyword found as typed is not "corrected".
        var exact = await client.GetFromJsonAsync<JsonElement>("/api/v1/catalog/products?q=" + Uri.EscapeDataString("蓝牙耳机"));
        Assert.Equal(JsonValueKind.Null, exact.GetProperty("corrected").ValueKind);
    }
}
