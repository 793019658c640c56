using System.Net;
using System.Net.Http.Json;
using System.Diagnostics.Metrics;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using NpgsqlTypes;
using Storefront.Web.Features.Catalog;
using Storefront.Web.Infrastructure.Caching;
using Storefront.Web.Tests.Infrastructure;

namespace Storefront.Web.Tests.Catalog.Search;

/// <summary>
/// The search index is patched for the products a change names (this instance's commands, or NOTIFY "store:id,…" from
/// another instance) instead of being loaded again; what a shopper sees is the same as after a whole load.
/// </summary>
public sealed class SearchIndexPatchTests(StorefrontApp app) : IClassFixture<StorefrontApp>
{
    [Fact]
    public async Task A_stock_change_reloads_only_its_product_and_a_whole_store_change_reloads_everything()
    {
        var brand = "ZqPatch" + Guid.NewGuid().ToString("N")[..6];
        var first = await app.ProductAsync("demo", "zqpatch 甲", 30m, brand, stock: 2);
        var second = await app.ProductAsync("demo", "zqpatch 乙", 40m, brand);
        Assert.Equal([("zqpatch 甲", 30m, true), ("zqpatch 乙", 40m, true)], Cards(await SearchAsync($"brand={brand}&sort=price_asc")));

        // Written behind the app's back (announced by nobody): a whole reload would show it, a patch of 甲 does not.
        await OwnerSqlAsync($"update products set min_price = 45 where id = '{second.ProductId}'");
        var merchant = app.ClientFor("demo");
        await merchant.SignInStaffAsync("merchant@demo.local");
        var skuId = await app.InStoreAsync("demo", db => Task.FromResult(db.Skus.Single(s => s.ProductId == first.ProductId).Id));
        var adjusted = await merchant.PostAsJsonAsync($"/api/v1/admin/catalog/skus/{skuId}/stock", new { delta = -2, reason = "Damage", note = "碎了" });
        Assert.Equal(HttpStatusCode.OK, adjusted.StatusCode);

        Assert.Equal([("zqpatch 甲", 30m, false), ("zqpatch 乙", 40m, true)], Cards(await SearchAsync($"brand={brand}&sort=price_asc")));
        Assert.Equal([("zqpatch 甲", 30m, false), ("zqpatch 乙", 40m, true)], Cards(await SearchAsync($"brand={brand}&sort=price_asc&maxPrice=42")));

        // A change that names no products (a CSV import, the generator) loads the index whole.
        using var heard = new NotificationsHeard(app);
        await OwnerSqlAsync($"select pg_notify('{CatalogCache.Channel}', 'another/{await app.StoreIdAsync("demo")}')");
        await heard.NextAsync("other");
        Assert.Equal([("zqpatch 甲", 30m, false), ("zqpatch 乙", 45m, true)], Cards(await SearchAsync($"brand={brand}&sort=price_asc")));
    }

    [Fact]
    public async Task A_change_announced_by_another_instance_with_its_products_patches_them_on_the_next_request()
    {
        var brand = "ZqRemote" + Guid.NewGuid().ToString("N")[..6];
        var first = await app.ProductAsync("demo", "zqremote 甲", 30m, brand);
        var second = await app.ProductAsync("demo", "zqremote 乙", 40m, brand);
        Assert.Equal(2, Cards(await SearchAsync($"q=zqremote&brand={brand}")).Count);

        // Another instance commits a price change of 甲 and a delisting of 乙 and names both; a third write is not announced.
        var third = await app.ProductAsync("demo", "zqremote 丙", 50m, brand);
        Assert.Equal(3, Cards(await SearchAsync($"q=zqremote&brand={brand}")).Count);
        using var heard = new NotificationsHeard(app);
        await OwnerSqlAsync($"""
            update products set min_price = 35 where id = '{first.ProductId}';
            update products set status = 'Delisted' where id = '{second.ProductId}';
            update products set min_price = 99 where id = '{third.ProductId}';
            select pg_notify('{CatalogCache.Channel}', 'another/{await app.StoreIdAsync("demo")}:{first.ProductId},{second.ProductId}')
            """);

        await heard.NextAsync("other");
        Assert.Equal([("zqremote 甲", 35m, true), ("zqremote 丙", 50m, true)], Cards(await SearchAsync($"q=zqremote&brand={brand}&sort=price_asc")));
    }

    [Fact]
    public async Task A_patched_index_sorts_filters_and_counts_exactly_like_a_whole_load_and_like_postgresql()
    {
        // Ties everywhere: listed at the same moment, nobody bought any, prices repeat; only the id (uuid order) parts them.
        var brand = "ZqTie" + Guid.NewGuid().ToString("N")[..6];
        var products = new List<Guid>();
        for (var i = 0; i < 12; i++)
        {
            products.Add((await app.ProductAsync("demo", $"zqtie {i:00}", 10m + (i % 3), brand, attributes: [("材质", i % 2 == 0 ? "木质" : "金属")])).ProductId);
        }

        await OwnerSqlAsync($"update products set featured = true where id = '{products[5]}'; update products set sales_count = 3 where id in "
            + $"('{products[7]}', '{products[8]}')");
        await AnnounceAsync(products[5], products[7], products[8]);
        await AssertSortedLikePostgresAsync(brand);

        // The same products, one repriced onto a tie, one with other attributes (patched in place).
        await OwnerSqlAsync($"""
            update products set min_price = 12 where id = '{products[1]}';
            update products set attributes = '[{"{"}"name": "材质", "value": "竹"{"}"}]' where id = '{products[2]}'
            """);
        await AnnounceAsync(products[1], products[2]);
        await AssertSortedLikePostgresAsync(brand);
        Assert.Equal(["zqtie 02"], Cards(await SearchAsync($"brand={brand}&attr=" + Uri.EscapeDataString("材质=竹"))).Select(c => c.Name));

        // Patches: a price moving onto a tie, a delisting, a new product, a relisting.
        await OwnerSqlAsync($"update products set min_price = 11 where id = '{products[0]}'; update products set status = 'Delisted' where id = "
            + $"'{products[4]}'");
        await AnnounceAsync(products[0], products[4]);
        products.Add((await app.ProductAsync("demo", "zqtie 12", 11m, brand, attributes: [("材质", "竹")])).ProductId);
        await AssertSortedLikePostgresAsync(brand);
        var patched = await ResultsAsync(brand);

        await OwnerSqlAsync($"update products set status = 'Listed' where id = '{products[4]}'");
        await AnnounceAsync(products[4]);
        await AssertSortedLikePostgresAsync(brand);
        await OwnerSqlAsync($"update products set status = 'Delisted' where id = '{products[4]}'");
        await AnnounceAsync(products[4]);
        Assert.Equal(patched, await ResultsAsync(brand));

        // The same answers after loading the index whole.
        await app.Services.GetRequiredService<CatalogCache>().EvictAsync(await app.StoreIdAsync("demo"), default);
        Assert.Equal(patched, await ResultsAsync(brand));
    }

    [Fact]
    public async Task Uuid_order_is_postgresqls()
    {
        var ids = Enumerable.Range(0, 3000).Select(_ => Guid.NewGuid()).ToList();
        // Bytes that differ only where little-endian fields or signed bytes would order them differently.
        ids.AddRange(new[] { "7fffffff-0000-0000-0000-000000000000", "80000000-0000-0000-0000-000000000000", "00000001-0000-0000-0000-000000000000",
            "01000000-0000-0000-0000-000000000000", "00000000-0001-0000-0000-000000000000", "00000000-0100-0000-0000-000000000000",
            "00000000-0000-0001-0000-000000000000", "00000000-0000-0100-0000-000000000000", "00000000-0000-0000-0001-000000000000",
            "00000000-0000-0000-8000-000000000000", "00000000-0000-0000-0000-000000000001", "00000000-0000-0000-0000-ff0000000000" }
            .Select(Guid.Parse));

        await using var conn = new NpgsqlConnection(app.Database.AdminConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("select id from unnest(@ids) as t(id) order by id", conn);
        cmd.Parameters.Add(new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = ids.ToArray() });
        var ordered = new List<Guid>();
        await using (var reader = await cmd.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                ordered.Add(reader.GetGuid(0));
            }
        }

        Assert.Equal(ordered, ids.Order(Comparer<Guid>.Create(UuidOrder.Compare)));
        Assert.NotEqual(ordered, ids.Order(Comparer<Guid>.Create((a, b) => a.ToByteArray().AsSpan().SequenceCompareTo(b.ToByteArray()))));
    }

    [Fact]
    public async Task A_value_read_while_a_change_committed_is_patched_for_that_change_on_the_next_request()
    {
        var cache = app.Services.GetRequiredService<CatalogCache>();
        var store = Guid.NewGuid();
        var (racing, later) = (Guid.NewGuid(), Guid.NewGuid());
        var loads = 0;
        var patches = new List<Guid[]>();
        Task<string> Load(CancellationToken ct)
        {
            loads++;
            return Task.FromResult("loaded");
        }

        Task<string> Patch(string value, IReadOnlyCollection<Guid> products, CancellationToken ct)
        {
            patches.Add([.. products]);
            return Task.FromResult(value + "+patched");
        }

        var first = await cache.GetPatchedAsync(store, "racing-patch", async ct =>
        {
            loads++;
            await cache.EvictAsync(store, [racing], ct);   // a change of one product commits while this load reads
            return "loaded";
        }, Patch, default);
        Assert.Equal("loaded", first);

        Assert.Equal("loaded+patched", await cache.GetPatchedAsync(store, "racing-patch", Load, Patch, default));
        Assert.Equal([racing], Assert.Single(patches));
        Assert.Equal("loaded+patched", await cache.GetPatchedAsync(store, "racing-patch", Load, Patch, default));   // kept
        Assert.Equal(1, loads);

        await cache.EvictAsync(store, [later], default);
        await cache.EvictAsync(store, [later, racing], default);
        Assert.Equal("loaded+patched+patched", await cache.GetPatchedAsync(store, "racing-patch", Load, Patch, default));
        Assert.Equal(new[] { later, racing }.Order(), patches[1].Order());
        await cache.EvictAsync(store, [], default);   // nothing the value holds (a review, a shipping method)
        Assert.Equal("loaded+patched+patched", await cache.GetPatchedAsync(store, "racing-patch", Load, Patch, default));

        await cache.EvictAsync(store, null, default);   // unknown products: loaded whole
        Assert.Equal("loaded", await cache.GetPatchedAsync(store, "racing-patch", Load, Patch, default));
        Assert.Equal(2, loads);
        Assert.Equal(2, patches.Count);
    }

    [Fact]
    public void Payloads_name_the_instance_the_store_and_its_products_and_anything_unreadable_means_everything()
    {
        var cache = app.Services.GetRequiredService<CatalogCache>();
        var (store, product) = (Guid.NewGuid(), Guid.NewGuid());
        Assert.Equal((cache.Instance, store, null), CatalogCache.ParsePayload(cache.Payload(store, null)));
        var (instance, parsedStore, products) = CatalogCache.ParsePayload(cache.Payload(store, [product]));
        Assert.Equal((cache.Instance, store), (instance, parsedStore));
        Assert.Equal([product], products!);
        Assert.Equal((cache.Instance, null, null), CatalogCache.ParsePayload(cache.Payload(null, [product])));
        Assert.Equal((null, store, null), CatalogCache.ParsePayload($"{store}"));
        Assert.Empty(CatalogCache.ParsePayload($"{store}:").Products!);
        Assert.Null(CatalogCache.ParsePayload($"other/{store}:nonsense").Products);
        Assert.Equal(("other", null, null), CatalogCache.ParsePayload("other/nonsense"));
        Assert.True(cache.Payload(store, [.. Enumerable.Range(0, CatalogCache.MaxNamedProducts).Select(_ => Guid.NewGuid())]).Length < 8000);
    }

    [Fact]
    public async Task An_instance_does_not_act_again_on_its_own_announcement_but_acts_on_anothers()
    {
        var brand = "ZqSelf" + Guid.NewGuid().ToString("N")[..6];
        var product = await app.ProductAsync("demo", "zqself 甲", 30m, brand, stock: 2);
        Assert.Equal([("zqself 甲", 30m, true)], Cards(await SearchAsync($"brand={brand}")));

        // This instance's change: evicted at commit and patched on the next request; its own NOTIFY, heard later, is
        // no reason to read the product again (so a write nobody announced stays unseen).
        using var heard = new NotificationsHeard(app);
        var merchant = app.ClientFor("demo");
        await merchant.SignInStaffAsync("merchant@demo.local");
        var skuId = await app.InStoreAsync("demo", db => Task.FromResult(db.Skus.Single(s => s.ProductId == product.ProductId).Id));
        Assert.Equal(HttpStatusCode.OK,
            (await merchant.PostAsJsonAsync($"/api/v1/admin/catalog/skus/{skuId}/stock", new { delta = -2, reason = "Damage", note = "碎了" })).StatusCode);
        Assert.Equal([("zqself 甲", 30m, false)], Cards(await SearchAsync($"brand={brand}")));
        await OwnerSqlAsync($"update products set min_price = 45 where id = '{product.ProductId}'");
        await heard.NextAsync("self");
        Assert.Equal([("zqself 甲", 30m, false)], Cards(await SearchAsync($"brand={brand}")));

        // The same change announced by another instance is acted on.
        await OwnerSqlAsync($"select pg_notify('{CatalogCache.Channel}', 'another/{await app.StoreIdAsync("demo")}:{product.ProductId}')");
        await heard.NextAsync("other");
        Assert.Equal([("zqself 甲", 45m, false)], Cards(await SearchAsync($"brand={brand}")));
    }

    private async Task AssertSortedLikePostgresAsync(string brand)
    {
        var orders = new Dictionary<string, string>
        {
            ["price_asc"] = "min_price, sales_count desc, coalesce(listed_at, 'epoch') desc, id",
            ["price_desc"] = "min_price desc, sales_count desc, coalesce(listed_at, 'epoch') desc, id",
            ["newest"] = "coalesce(listed_at, 'epoch') desc, sales_count desc, id",
            ["best_selling"] = "sales_count desc, coalesce(listed_at, 'epoch') desc, id",
            ["relevance"] = "featured desc, sales_count desc, coalesce(listed_at, 'epoch') desc, id",
        };
        foreach (var (sort, orderBy) in orders)
        {
            var expected = await OwnerNamesAsync($"select name from products where brand = '{brand}' and status = 'Listed' order by {orderBy}");
            Assert.Equal(expected, [.. Cards(await SearchAsync($"brand={brand}&sort={sort}&pageSize=60")).Select(c => c.Name)]);
            Assert.Equal(expected.Take(4), Cards(await SearchAsync($"brand={brand}&sort={sort}&pageSize=4")).Select(c => c.Name));
        }
    }

    private async Task<List<string>> ResultsAsync(string brand)
    {
        var results = new List<string>();
        foreach (var query in new[] { "sort=price_asc", "sort=price_desc", "sort=newest", "sort=best_selling", "sort=relevance", "q=zqtie",
            "q=zqtie&sort=price_desc&maxPrice=11" })
        {
            results.Add((await SearchAsync($"brand={brand}&{query}")).GetRawText());
            results.Add((await SearchAsync($"brand={brand}&{query}&attr=" + Uri.EscapeDataString("材质=木质"))).GetRawText());
        }

        return results;
    }

    /// <summary>Announces a change of these products as the app does (what another instance would send).</summary>
    private async Task AnnounceAsync(params Guid[] products)
    {
        var store = await app.StoreIdAsync("demo");
        await app.Services.GetRequiredService<CatalogCache>().EvictAsync(store, products, default);
    }

    private async Task<JsonElement> SearchAsync(string query)
    {
        var response = await app.ClientFor("demo").GetAsync("/api/v1/catalog/products?" + query);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{query}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static List<(string Name, decimal Price, bool Available)> Cards(JsonElement result) =>
        [.. result.GetProperty("items").EnumerateArray()
            .Select(i => (i.GetProperty("name").GetString()!, i.GetProperty("minPrice").GetDecimal(), i.GetProperty("available").GetBoolean()))];

    private async Task OwnerSqlAsync(string sql)
    {
        await using var conn = new NpgsqlConnection(app.Database.AdminConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand($"select set_config('app.tenant_id', '{await app.StoreIdAsync("demo")}', false); {sql}", conn);
        await cmd.ExecuteNonQueryAsync();
    }

    private async Task<List<string>> OwnerNamesAsync(string sql)
    {
        await using var conn = new NpgsqlConnection(app.Database.AdminConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand($"select set_config('app.tenant_id', '{await app.StoreIdAsync("demo")}', false); {sql}", conn);
        var names = new List<string>();
        await using var reader = await cmd.ExecuteReaderAsync();
        await reader.NextResultAsync();   // past set_config
        while (await reader.ReadAsync())
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    /// <summary>The catalog notifications this app's listener hears from now on, by origin (self, other).</summary>
    private sealed class NotificationsHeard : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly System.Threading.Channels.Channel<string> _heard = System.Threading.Channels.Channel.CreateUnbounded<string>();

        public NotificationsHeard(StorefrontApp app)
        {
            var meters = app.Services.GetRequiredService<IMeterFactory>();
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Scope == meters && instrument.Name == "storefront.catalog.notifications")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
            {
                foreach (var tag in tags)
                {
                    if (tag.Key == "origin")
                    {
                        _heard.Writer.TryWrite((string)tag.Value!);
                    }
                }
            });
            _listener.Start();
        }

        /// <summary>Waits for the next notification of that origin, passing over the others.</summary>
        public async Task NextAsync(string origin)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            while (await _heard.Reader.ReadAsync(timeout.Token) != origin)
            {
            }
        }

        public void Dispose() => _listener.Dispose();
    }
}
