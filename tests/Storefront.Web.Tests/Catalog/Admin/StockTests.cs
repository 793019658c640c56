using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Storefront.Web.Tests.Infrastructure;

namespace Storefront.Web.Tests.Catalog.Admin;

/// <summary>Stock adjustments through the admin API: recorded with who, when and why; never below what is reserved; safe under concurrency.</summary>
public sealed class StockTests(StorefrontApp app) : IClassFixture<StorefrontApp>
{
    [Fact]
    public async Task Each_adjustment_is_recorded_with_who_when_why_and_the_stock_after_newest_first()
    {
        var code = Code();
        var skuId = (await app.SeedProductAsync("demo", "库存记录测试", (code, 10, 2)))[code];
        var merchant = app.ClientFor("demo");
        await merchant.SignInStaffAsync("merchant@demo.local");

        var inbound = await Adjust(merchant, skuId, new { delta = 5, reason = "Inbound", note = "供应商到货" });
        Assert.Equal(HttpStatusCode.OK, inbound.StatusCode);
        var result = await inbound.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(15, result.GetProperty("onHand").GetInt32());
        Assert.Equal(5, result.GetProperty("delta").GetInt32());
        var first = app.Clock.GetUtcNow();

        app.Clock.Advance(TimeSpan.FromMinutes(5));
        var count = await Adjust(merchant, skuId, new { countedQuantity = 12, reason = "StockTake", note = "月末盘点" });
        Assert.Equal(HttpStatusCode.OK, count.StatusCode);
        Assert.Equal(-3, (await count.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("delta").GetInt32());

        app.Clock.Advance(TimeSpan.FromMinutes(5));
        var owner = app.ClientFor("demo");
        await owner.SignInStaffAsync("owner@demo.local");
        Assert.Equal(HttpStatusCode.OK, (await Adjust(owner, skuId, new { delta = -2, reason = "Damage", note = "运输破损" })).StatusCode);
        var last = app.Clock.GetUtcNow();

        var history = await merchant.GetFromJsonAsync<JsonElement>($"/api/v1/admin/catalog/skus/{skuId}/stock-history");
        Assert.Equal(3, history.GetProperty("total").GetInt32());
        Assert.Equal(10, history.GetProperty("onHand").GetInt32());
        var items = history.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["Damage", "StockTake", "Inbound"], items.Select(i => i.GetProperty("reason").GetString()));
        Assert.Equal([-2, -3, 5], items.Select(i => i.GetProperty("delta").GetInt32()));
        Assert.Equal([10, 12, 15], items.Select(i => i.GetProperty("onHandAfter").GetInt32()));
        Assert.Equal([12, 15, 10], items.Select(i => i.GetProperty("onHandBefore").GetInt32()));
        Assert.Equal(["运输破损", "月末盘点", "供应商到货"], items.Select(i => i.GetProperty("note").GetString()));
        Assert.Equal(["示例商店 owner", "示例商店 merchant", "示例商店 merchant"], items.Select(i => i.GetProperty("actorName").GetString()));
        Assert.Equal(last, items[0].GetProperty("at").GetDateTimeOffset());
        Assert.Equal(first, items[2].GetProperty("at").GetDateTimeOffset());

        var paged = await merchant.GetFromJsonAsync<JsonElement>($"/api/v1/admin/catalog/skus/{skuId}/stock-history?skip=1&take=1");
        Assert.Equal("StockTake", Assert.Single(paged.GetProperty("items").EnumerateArray()).GetProperty("reason").GetString());

        Assert.Equal(3, await app.CountAsync("demo", $"from audit_log where action = 'stock.adjusted' and entity_id = '{skuId}'"));
        Assert.Equal((10, 0), await app.StockAsync("demo", skuId));
    }

    [Fact]
    public async Task Going_below_zero_or_below_reserved_is_refused_with_a_400_and_nothing_is_recorded()
    {
        var code = Code();
        var skuId = (await app.SeedProductAsync("demo", "不能超卖", (code, 3, 0)))[code];
        var client = app.ClientFor("demo");
        await client.SignInStaffAsync("merchant@demo.local");

        var below = await Adjust(client, skuId, new { delta = -4, reason = "Damage" });
        Assert.Equal(HttpStatusCode.BadRequest, below.StatusCode);
        Assert.Equal("application/problem+json", below.Content.Headers.ContentType?.MediaType);
        Assert.Equal("库存不足：现有 3 件，不能减少 4 件。", (await below.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());

        var zero = await Adjust(client, skuId, new { delta = 0, reason = "Correction" });
        Assert.Equal(HttpStatusCode.BadRequest, zero.StatusCode);
        Assert.True((await zero.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("delta", out _));

        Assert.Equal(HttpStatusCode.BadRequest, (await Adjust(client, skuId, new { reason = "Correction" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Adjust(client, skuId, new { delta = 1, countedQuantity = 4, reason = "StockTake" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Adjust(client, skuId, new { countedQuantity = -1, reason = "StockTake" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Adjust(client, skuId, new { countedQuantity = 3, reason = "StockTake" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Adjust(client, skuId, new { delta = int.MaxValue, reason = "Inbound" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Adjust(client, skuId, new { delta = 1, reason = "Lost" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Adjust(client, skuId, new { delta = 1, reason = "Inbound", note = new string('x', 201) })).StatusCode);

        // Two of the three are held by an (unpaid) order: on hand may not drop below 2.
        await app.ExecuteAsync("demo", $"update skus set reserved = 2 where id = '{skuId}'");
        var belowReserved = await Adjust(client, skuId, new { delta = -2, reason = "Damage" });
        Assert.Equal(HttpStatusCode.BadRequest, belowReserved.StatusCode);
        Assert.Contains("已被订单占用的 2 件", (await belowReserved.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, (await Adjust(client, skuId, new { countedQuantity = 1, reason = "StockTake" })).StatusCode);

        Assert.Equal((3, 2), await app.StockAsync("demo", skuId));
        var history = await client.GetFromJsonAsync<JsonElement>($"/api/v1/admin/catalog/skus/{skuId}/stock-history");
        Assert.Equal(0, history.GetProperty("total").GetInt32());
        Assert.Equal(0, await app.CountAsync("demo", $"from audit_log where action = 'stock.adjusted' and entity_id = '{skuId}'"));

        // Down to exactly what is reserved is allowed.
        Assert.Equal(HttpStatusCode.OK, (await Adjust(client, skuId, new { delta = -1, reason = "Damage" })).StatusCode);
        Assert.Equal((2, 2), await app.StockAsync("demo", skuId));
    }

    [Fact]
    public async Task Twenty_concurrent_adjustments_of_minus_one_on_ten_in_stock_leave_exactly_zero_and_ten_refusals()
    {
        var code = Code();
        var skuId = (await app.SeedProductAsync("demo", "并发扣减", (code, 10, 0)))[code];
        var clients = new List<HttpClient>();
        foreach (var who in new[] { "merchant@demo.local", "owner@demo.local" })
        {
            var client = app.ClientFor("demo");
            await client.SignInStaffAsync(who);
            clients.Add(client);
        }

        var outcomes = await Crowd.AtOnceAsync(20, async i =>
            (await Adjust(clients[i % 2], skuId, new { delta = -1, reason = "Damage", note = $"#{i}" })).StatusCode);

        Assert.Equal(10, outcomes.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(10, outcomes.Count(s => s == HttpStatusCode.BadRequest));
        Assert.Equal((0, 0), await app.StockAsync("demo", skuId));

        var history = await clients[0].GetFromJsonAsync<JsonElement>($"/api/v1/admin/catalog/skus/{skuId}/stock-history?take=50");
        Assert.Equal(10, history.GetProperty("total").GetInt32());
        HashSet<int> after = [.. history.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("onHandAfter").GetInt32())];
        HashSet<int> steps = [.. Enumerable.Range(0, 10)];
        Assert.Equal(steps, after);   // sets: the twenty ran at once, in any order
        Assert.Equal(0, await app.CountAsync("demo", $"from skus where on_hand < 0 or on_hand < reserved"));
    }

    [Fact]
    public async Task Staff_of_one_store_cannot_adjust_or_read_the_stock_of_another_stores_sku()
    {
        var code = Code();
        var acmeSku = (await app.SeedProductAsync("acme", "Acme Spring", (code, 7, 0)))[code];
        var demo = app.ClientFor("demo");
        await demo.SignInStaffAsync("owner@demo.local");

        Assert.Equal(HttpStatusCode.NotFound, (await Adjust(demo, acmeSku, new { delta = -1, reason = "Damage" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Adjust(demo, acmeSku, new { countedQuantity = 0, reason = "StockTake" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await demo.GetAsync($"/api/v1/admin/catalog/skus/{acmeSku}/stock-history")).StatusCode);

        Assert.Equal((7, 0), await app.StockAsync("acme", acmeSku));
        Assert.Equal(0, await app.CountAsync("acme", $"from stock_adjustments where sku_id = '{acmeSku}'"));
    }

    [Fact]
    public async Task An_operator_may_not_adjust_stock()
    {
        var code = Code();
        var skuId = (await app.SeedProductAsync("demo", "运营不能改库存", (code, 4, 0)))[code];
        var client = app.ClientFor("demo");
        await client.SignInStaffAsync("operator@demo.local");

        Assert.Equal(HttpStatusCode.Forbidden, (await Adjust(client, skuId, new { delta = 1, reason = "Inbound" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/v1/admin/catalog/low-stock")).StatusCode);
        Assert.Equal((4, 0), await app.StockAsync("demo", skuId));
    }

    private static Task<HttpResponseMessage> Adjust(HttpClient client, Guid skuId, object body) =>
        client.PostAsync($"/api/v1/admin/catalog/skus/{skuId}/stock", new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"));

    private static string Code() => "T-" + Guid.NewGuid().ToString("N")[..10].ToUpperInvariant();
}
