using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Storefront.Web.Tests.Infrastructure;

namespace Storefront.Web.Tests.Catalog.Search;

/// <summary>Keyword search, facets, filters, sorting and paging over PostgreSQL, through the API and the search page.</summary>
public sealed class SearchTests(StorefrontApp app) : IClassFixture<StorefrontApp>
{
    [Fact]
    public async Task Exact_name_ranks_above_prefix_above_substring_above_typo()
    {
        // Created in the reverse of the expected order, so creation order cannot explain the result.
        await app.ProductAsync("demo", "Alto Saxophne", 900m);          // a typo: only similar
        await app.ProductAsync("demo", "Vintage Saxophone", 1200m);     // contains the word
        await app.ProductAsync("demo", "Saxophone Stand", 150m);        // starts with it
        await app.ProductAsync("demo", "Saxophone", 3000m);             // the very name

        var result = await SearchAsync("demo", "q=SAXOPHONE");

        Assert.Equal(["Saxophone", "Saxophone Stand", "Vintage Saxophone", "Alto Saxophne"], Names(result));
        Assert.Equal(4, result.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task A_misspelled_word_still_finds_the_product()
    {
        await app.ProductAsync("demo", "Noise Cancelling Headphones", 499m);

        Assert.Contains("Noise Cancelling Headphones", Names(await SearchAsync("demo", "q=hedphones")));
        Assert.Contains("Noise Cancelling Headphones", Names(await SearchAsync("demo", "q=cancelling%20headphone")));

        var page = await app.ClientFor("demo").GetStreamedPageAsync("/search?q=hedphones");
        Assert.Contains(page.QuerySelectorAll("[data-testid=product-card]"), c => c.TextContent.Contains("Noise Cancelling Headphones"));
    }

    [Fact]
    public async Task Part_of_a_chinese_word_finds_the_product()
    {
        await app.ProductAsync("demo", "头戴式降噪蓝牙耳机 Pro", 899m);

        foreach (var q in new[] { "蓝牙", "降噪蓝牙", "蓝牙耳机", "耳机" })
        {
            var names = Names(await SearchAsync("demo", "q=" + Uri.EscapeDataString(q)));
            Assert.Contains("头戴式降噪蓝牙耳机 Pro", names);
            if (q != "降噪蓝牙")
            {
                Assert.Contains("无线蓝牙耳机", names);   // the demo store's own earphones
            }
        }

        Assert.DoesNotContain("头戴式降噪蓝牙耳机 Pro", Names(await SearchAsync("demo", "q=" + Uri.EscapeDataString("保温杯"))));
        var page = await app.ClientFor("demo").GetStreamedPageAsync("/search?q=" + Uri.EscapeDataString("蓝牙"));
        Assert.Contains(page.QuerySelectorAll("[data-testid=product-card]"), c => c.TextContent.Contains("头戴式降噪蓝牙耳机 Pro"));
    }

    [Fact]
    public async Task Facet_counts_apply_every_filter_but_their_own()
    {
        var clothes = await app.CategoryAsync("demo", "服装", "fc-clothes");
        var shirts = await app.CategoryAsync("demo", "衬衫", "fc-shirts", clothes);
        var pants = await app.CategoryAsync("demo", "裤子", "fc-pants", clothes, position: 1);
        await app.ProductAsync("demo", "zqfacet 衬衫 A1", 50m, "Alpha", shirts, attributes: [("材质", "棉")]);
        await app.ProductAsync("demo", "zqfacet 衬衫 A2", 150m, "Alpha", shirts, attributes: [("材质", "麻")]);
        await app.ProductAsync("demo", "zqfacet 裤子 B1", 250m, "Beta", pants, attributes: [("材质", "棉")]);
        await app.ProductAsync("demo", "zqfacet 裤子 B2", 80m, "Beta", pants, attributes: [("材质", "棉")]);
        await app.ProductAsync("demo", "zqfacet 外套 C1", 1200m, "Gamma", attributes: [("材质", "涤纶")]);

        var all = await SearchAsync("demo", "q=zqfacet");
        Assert.Equal(5, all.GetProperty("total").GetInt32());
        Assert.Equal(new Dictionary<string, int> { ["Alpha"] = 2, ["Beta"] = 2, ["Gamma"] = 1 }, Counts(all, "brands"));
        Assert.Equal(new Dictionary<string, int> { ["棉"] = 3, ["麻"] = 1, ["涤纶"] = 1 }, AttributeCounts(all, "材质"));
        Assert.Equal(new Dictionary<string, int> { ["fc-clothes"] = 4 }, CategoryCounts(all));
        Assert.Equal(5, all.GetProperty("facets").GetProperty("prices").EnumerateArray().Sum(p => p.GetProperty("count").GetInt32()));

        // A brand chosen: the brand facet still counts every brand; the others count Alpha's products only.
        var alpha = await SearchAsync("demo", "q=zqfacet&brand=Alpha");
        Assert.Equal(2, alpha.GetProperty("total").GetInt32());
        Assert.Equal(new Dictionary<string, int> { ["Alpha"] = 2, ["Beta"] = 2, ["Gamma"] = 1 }, Counts(alpha, "brands"));
        Assert.True(alpha.GetProperty("facets").GetProperty("brands").EnumerateArray().Single(b => b.GetProperty("value").GetString() == "Alpha")
            .GetProperty("selected").GetBoolean());
        Assert.Equal(new Dictionary<string, int> { ["棉"] = 1, ["麻"] = 1 }, AttributeCounts(alpha, "材质"));
        Assert.Equal(new Dictionary<string, int> { ["fc-clothes"] = 2 }, CategoryCounts(alpha));

        // Brand and material chosen: brands count cotton products, materials count Alpha's.
        var alphaCotton = await SearchAsync("demo", "q=zqfacet&brand=Alpha&attr=" + Uri.EscapeDataString("材质=棉"));
        Assert.Equal(["zqfacet 衬衫 A1"], Names(alphaCotton));
        Assert.Equal(new Dictionary<string, int> { ["Alpha"] = 1, ["Beta"] = 2 }, Counts(alphaCotton, "brands"));
        Assert.Equal(new Dictionary<string, int> { ["棉"] = 1, ["麻"] = 1 }, AttributeCounts(alphaCotton, "材质"));

        // Two values of one attribute are alternatives.
        var cottonOrLinen = await SearchAsync("demo", "q=zqfacet&attr=" + Uri.EscapeDataString("材质=棉") + "&attr=" + Uri.EscapeDataString("材质=麻"));
        Assert.Equal(4, cottonOrLinen.GetProperty("total").GetInt32());

        // A category includes its descendants; its facet then counts its children.
        var inClothes = await SearchAsync("demo", "q=zqfacet&category=fc-clothes");
        Assert.Equal(4, inClothes.GetProperty("total").GetInt32());
        Assert.Equal(new Dictionary<string, int> { ["fc-shirts"] = 2, ["fc-pants"] = 2 }, CategoryCounts(inClothes));
        Assert.Equal(["服装"], inClothes.GetProperty("categoryPath").EnumerateArray().Select(c => c.GetProperty("name").GetString()));
        Assert.Equal(2, (await SearchAsync("demo", "category=fc-pants")).GetProperty("total").GetInt32());

        // The page shows the same counts, and its facet links are addresses of the next state.
        var page = await app.ClientFor("demo").GetStreamedPageAsync("/search?q=zqfacet&brand=Alpha");
        var brandLinks = page.QuerySelectorAll("[data-testid=facet-brand] a").Select(a => (Text: a.TextContent, Href: a.GetAttribute("href"))).ToList();
        Assert.Contains(brandLinks, l => l.Text.Contains("Beta") && l.Text.Contains("(2)") && l.Href == "/search?q=zqfacet&brand=Alpha&brand=Beta");
        Assert.Contains(brandLinks, l => l.Text.Contains("Alpha") && l.Href == "/search?q=zqfacet");
        Assert.Equal(2, page.QuerySelectorAll("[data-testid=product-card]").Length);
    }

    [Fact]
    public async Task With_two_attributes_chosen_each_attribute_facet_counts_the_products_matching_the_other()
    {
        await app.ProductAsync("demo", "zqtwo 杯 1", 10m, attributes: [("材质", "陶瓷"), ("颜色", "白")]);
        await app.ProductAsync("demo", "zqtwo 杯 2", 10m, attributes: [("材质", "陶瓷"), ("颜色", "黑")]);
        await app.ProductAsync("demo", "zqtwo 杯 3", 10m, attributes: [("材质", "玻璃"), ("颜色", "白")]);
        await app.ProductAsync("demo", "zqtwo 杯 4", 10m, attributes: [("材质", "玻璃"), ("颜色", "黑")]);
        await app.ProductAsync("demo", "zqtwo 杯 5", 10m, attributes: [("材质", "玻璃")]);

        var both = await SearchAsync("demo", "q=zqtwo&attr=" + Uri.EscapeDataString("材质=陶瓷") + "&attr=" + Uri.EscapeDataString("颜色=白"));
        Assert.Equal(["zqtwo 杯 1"], Names(both));
        Assert.Equal(new Dictionary<string, int> { ["陶瓷"] = 1, ["玻璃"] = 1 }, AttributeCounts(both, "材质"));   // the white ones
        Assert.Equal(new Dictionary<string, int> { ["白"] = 1, ["黑"] = 1 }, AttributeCounts(both, "颜色"));     // the ceramic ones
        Assert.Equal(1, both.GetProperty("facets").GetProperty("prices").EnumerateArray().Sum(p => p.GetProperty("count").GetInt32()));
    }

    [Fact]
    public async Task A_category_change_is_seen_by_search_on_the_very_next_request()
    {
        // The store's category tree is kept in memory between requests; a change to it evicts it.
        var merchant = app.ClientFor("demo");
        await merchant.SignInStaffAsync("merchant@demo.local");
        var created = await merchant.PostAsJsonAsync("/api/v1/admin/catalog/categories", new { name = "缓存灯具", slug = "zqcache-lamps" });
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        await app.ProductAsync("demo", "zqcache 台灯", 30m, category: id);
        Assert.Equal(1, (await SearchAsync("demo", "category=zqcache-lamps")).GetProperty("total").GetInt32());

        var renamed = await merchant.PutAsJsonAsync($"/api/v1/admin/catalog/categories/{id}", new { name = "照明", slug = "zqcache-lighting" });
        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        var after = await SearchAsync("demo", "q=zqcache");
        Assert.Equal(new Dictionary<string, int> { ["zqcache-lighting"] = 1 }, CategoryCounts(after));
        Assert.Equal("照明", after.GetProperty("facets").GetProperty("categories")[0].GetProperty("name").GetString());

        var child = await merchant.PostAsJsonAsync("/api/v1/admin/catalog/categories", new { name = "台灯", slug = "zqcache-desk", parentId = id });
        Assert.Equal(HttpStatusCode.OK, child.StatusCode);
        Assert.Equal(0, (await SearchAsync("demo", "category=zqcache-desk")).GetProperty("total").GetInt32());   // known at once, not a 404
    }

    [Fact]
    public async Task Price_range_filters_on_the_price_shown_and_its_facet_ignores_it()
    {
        foreach (var (name, price) in new[] { ("zqprice 一", 9.99m), ("zqprice 二", 100m), ("zqprice 三", 199.99m), ("zqprice 四", 200m), ("zqprice 五", 5000m) })
        {
            await app.ProductAsync("demo", name, price);
        }

        var range = await SearchAsync("demo", "q=zqprice&minPrice=100&maxPrice=199.99&sort=price_asc");
        Assert.Equal(["zqprice 二", "zqprice 三"], Names(range));
        Assert.Equal(5, range.GetProperty("facets").GetProperty("prices").EnumerateArray().Sum(p => p.GetProperty("count").GetInt32()));
        Assert.Equal(["zqprice 四", "zqprice 五"], Names(await SearchAsync("demo", "q=zqprice&minPrice=200&sort=price_asc")));
        Assert.Equal(["zqprice 一"], Names(await SearchAsync("demo", "q=zqprice&maxPrice=99.99")));

        // Each bucket's link values select exactly the products it counted.
        foreach (var bucket in range.GetProperty("facets").GetProperty("prices").EnumerateArray())
        {
            var min = bucket.GetProperty("from").GetDecimal();
            var max = bucket.GetProperty("maxPrice").ValueKind == JsonValueKind.Null ? ""
                : bucket.GetProperty("maxPrice").GetDecimal().ToString(System.Globalization.CultureInfo.InvariantCulture);
            var selected = await SearchAsync("demo", $"q=zqprice&minPrice={min.ToString(System.Globalization.CultureInfo.InvariantCulture)}&maxPrice={max}");
            Assert.Equal(bucket.GetProperty("count").GetInt32(), selected.GetProperty("total").GetInt32());
        }

        var client = app.ClientFor("demo");
        var inverted = await client.GetAsync("/api/v1/catalog/products?minPrice=300&maxPrice=100");
        Assert.Equal(HttpStatusCode.BadRequest, inverted.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/v1/catalog/products?minPrice=cheap")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/v1/catalog/products?minPrice=-1")).StatusCode);
    }

    [Fact]
    public async Task Sorting_by_price_newest_and_best_selling()
    {
        var slugs = new List<string>();
        foreach (var (name, price) in new[] { ("zqsort 甲", 30m), ("zqsort 乙", 10m), ("zqsort 丙", 20m) })
        {
            slugs.Add((await app.ProductAsync("demo", name, price)).Slug);
            app.Clock.Advance(TimeSpan.FromMinutes(1));
        }

        await app.SetSalesAsync("demo", slugs[2], 50);
        await app.SetSalesAsync("demo", slugs[0], 7);

        Assert.Equal(["zqsort 乙", "zqsort 丙", "zqsort 甲"], Names(await SearchAsync("demo", "q=zqsort&sort=price_asc")));
        Assert.Equal(["zqsort 甲", "zqsort 丙", "zqsort 乙"], Names(await SearchAsync("demo", "q=zqsort&sort=price_desc")));
        Assert.Equal(["zqsort 丙", "zqsort 乙", "zqsort 甲"], Names(await SearchAsync("demo", "q=zqsort&sort=newest")));
        Assert.Equal(["zqsort 丙", "zqsort 甲", "zqsort 乙"], Names(await SearchAsync("demo", "q=zqsort&sort=best_selling")));
        Assert.Equal(HttpStatusCode.BadRequest, (await app.ClientFor("demo").GetAsync("/api/v1/catalog/products?sort=cheapest")).StatusCode);
    }

    [Fact]
    public async Task Pages_split_the_results_and_page_size_is_capped_at_60()
    {
        for (var i = 1; i <= 30; i++)
        {
            await app.ProductAsync("demo", $"zqpage {i:D2}", i);
        }

        var first = await SearchAsync("demo", "q=zqpage&sort=price_asc&pageSize=2");
        var last = await SearchAsync("demo", "q=zqpage&sort=price_asc&pageSize=2&page=15");
        Assert.Equal(["zqpage 01", "zqpage 02"], Names(first));
        Assert.Equal(["zqpage 29", "zqpage 30"], Names(last));
        Assert.Equal(30, last.GetProperty("total").GetInt32());
        Assert.Equal(15, last.GetProperty("pageCount").GetInt32());
        Assert.Empty(Names(await SearchAsync("demo", "q=zqpage&pageSize=2&page=16")));

        var tooBig = await app.ClientFor("demo").GetAsync("/api/v1/catalog/products?pageSize=61");
        Assert.Equal(HttpStatusCode.BadRequest, tooBig.StatusCode);
        Assert.True((await tooBig.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("pageSize", out _));

        // The page shows 24 at a time, with links to the neighbouring pages.
        var one = await app.ClientFor("demo").GetStreamedPageAsync("/search?q=zqpage&sort=price_asc");
        Assert.Equal(24, one.QuerySelectorAll("[data-testid=product-card]").Length);
        Assert.Null(one.QuerySelector("[data-testid=previous-page]"));
        Assert.Equal("/search?q=zqpage&sort=price_asc&page=2", one.QuerySelector("[data-testid=next-page]")?.GetAttribute("href"));
        var two = await app.ClientFor("demo").GetStreamedPageAsync("/search?q=zqpage&sort=price_asc&page=2");
        Assert.Equal(6, two.QuerySelectorAll("[data-testid=product-card]").Length);
        Assert.Equal("/search?q=zqpage&sort=price_asc", two.QuerySelector("[data-testid=previous-page]")?.GetAttribute("href"));
        Assert.Null(two.QuerySelector("[data-testid=next-page]"));
    }

    [Fact]
    public async Task A_ten_thousand_character_search_is_refused_clearly_not_a_500()
    {
        var client = app.ClientFor("demo");
        var huge = new string('耳', 10_000);

        var api = await client.GetAsync("/api/v1/catalog/products?q=" + Uri.EscapeDataString(huge));
        Assert.Equal(HttpStatusCode.BadRequest, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);
        var problem = await api.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("100", problem.GetProperty("errors").GetProperty("q")[0].GetString());

        var page = await client.GetAsync("/search?q=" + new string('a', 10_000));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = Forms.Parse(await page.Content.ReadAsStringAsync());
        Assert.Contains("100", html.QuerySelector("[data-testid=search-error]")?.TextContent);
        Assert.Empty(html.QuerySelectorAll("[data-testid=product-card]"));

        // Exactly 100 characters is still a search.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/catalog/products?q=" + new string('a', 100))).StatusCode);
    }

    [Fact]
    public async Task Search_characters_that_mean_something_to_sql_are_just_characters()
    {
        await app.ProductAsync("demo", "zqlike 100% 纯棉_特价", 66m);

        Assert.Equal(["zqlike 100% 纯棉_特价"], Names(await SearchAsync("demo", "q=" + Uri.EscapeDataString("100% 纯棉_"))));
        Assert.Equal(["zqlike 100% 纯棉_特价"], Names(await SearchAsync("demo", "q=%25")));
        Assert.Equal(["zqlike 100% 纯棉_特价"], Names(await SearchAsync("demo", "q=_")));
        foreach (var q in new[] { "'; drop table products; --", "\\", "%", "_", "' or 1=1 --" })
        {
            var response = await app.ClientFor("demo").GetAsync("/api/v1/catalog/products?q=" + Uri.EscapeDataString(q));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    [Fact]
    public async Task Drafts_and_delisted_products_are_not_found()
    {
        await app.ProductAsync("demo", "zqhidden 草稿", 10m, list: false);
        var delisted = await app.ProductAsync("demo", "zqhidden 下架", 10m);
        await app.ProductAsync("demo", "zqhidden 在售", 10m);
        await app.DelistAsync("demo", delisted.Slug);

        var result = await SearchAsync("demo", "q=zqhidden");
        Assert.Equal(["zqhidden 在售"], Names(result));
        Assert.Equal(1, result.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Another_stores_products_never_appear_in_search_or_facets()
    {
        var acmeCategory = await app.CategoryAsync("acme", "Tools", "zqiso-tools");
        await app.ProductAsync("acme", "zqiso Anvil Deluxe", 899m, "AcmeOnlyBrand", acmeCategory, attributes: [("Metal", "Iron")]);
        await app.ProductAsync("demo", "zqiso 铁砧", 99m, "DemoBrand");

        var demo = await SearchAsync("demo", "q=zqiso");
        Assert.Equal(["zqiso 铁砧"], Names(demo));
        Assert.Equal(new Dictionary<string, int> { ["DemoBrand"] = 1 }, Counts(demo, "brands"));
        Assert.Empty(demo.GetProperty("facets").GetProperty("attributes").EnumerateArray());

        var demoAll = await SearchAsync("demo", "pageSize=60");
        Assert.DoesNotContain("AcmeOnlyBrand", Counts(demoAll, "brands").Keys);
        Assert.DoesNotContain("Iron", demoAll.GetRawText());
        Assert.Equal(HttpStatusCode.NotFound, (await app.ClientFor("demo").GetAsync("/api/v1/catalog/products?category=zqiso-tools")).StatusCode);
        Assert.DoesNotContain("zqiso Anvil", await app.ClientFor("demo").GetStringAsync("/search?q=zqiso"));

        Assert.Equal(["zqiso Anvil Deluxe"], Names(await SearchAsync("acme", "q=zqiso")));
    }

    [Fact]
    public async Task A_price_stock_attribute_or_listing_change_is_seen_by_search_on_the_very_next_request()
    {
        // Filters, facets and sorting work from an in-memory index of the store's listed products; every change evicts it.
        var merchant = app.ClientFor("demo");
        await merchant.SignInStaffAsync("merchant@demo.local");
        var code = "ZQF-" + Guid.NewGuid().ToString("N")[..6];
        var created = await app.ProductAsync("demo", "zqfresh 台灯", 30m, "FreshBrand", stock: 2, attributes: [("材质", "木质")]);
        await app.ProductAsync("demo", "zqfresh 吊灯", 50m, "FreshBrand", attributes: [("材质", "金属")]);
        var first = await SearchAsync("demo", "q=zqfresh&sort=price_asc&maxPrice=40");
        Assert.Equal(["zqfresh 台灯"], Names(first));
        Assert.True(first.GetProperty("items")[0].GetProperty("available").GetBoolean());

        // A new product matching a keyword searched before (its matches are kept until the catalog changes).
        await app.ProductAsync("demo", "zqfresh 壁灯", 35m, "FreshBrand");
        Assert.Equal(["zqfresh 台灯", "zqfresh 壁灯"], Names(await SearchAsync("demo", "q=zqfresh&sort=price_asc&maxPrice=40")));
        var wall = await app.InStoreAsync("demo", db => Task.FromResult(db.Products.Single(p => p.Name == "zqfresh 壁灯").Id));
        Assert.Equal(HttpStatusCode.OK, (await merchant.PostAsync($"/api/v1/admin/catalog/products/{wall}/delist", null)).StatusCode);

        // A price change: the filter, the sort, the price facet and the card all follow at once.
        var repriced = await merchant.PutAsJsonAsync($"/api/v1/admin/catalog/products/{created.ProductId}", new
        {
            name = "zqfresh 台灯",
            brand = "FreshBrand",
            attributes = new[] { new { name = "材质", value = "竹" } },
            skus = new[] { new { specValues = Array.Empty<string>(), code, price = 80m } },
        });
        Assert.True(repriced.StatusCode == HttpStatusCode.OK, await repriced.Content.ReadAsStringAsync());
        Assert.Empty(Names(await SearchAsync("demo", "q=zqfresh&maxPrice=40")));
        var all = await SearchAsync("demo", "q=zqfresh&sort=price_desc");
        Assert.Equal(["zqfresh 台灯", "zqfresh 吊灯"], Names(all));
        Assert.Equal(80m, all.GetProperty("items")[0].GetProperty("minPrice").GetDecimal());
        Assert.Equal(new Dictionary<string, int> { ["竹"] = 1, ["金属"] = 1 }, AttributeCounts(all, "材质"));   // the attribute edit too
        Assert.Equal(["zqfresh 台灯"], Names(await SearchAsync("demo", "q=zqfresh&attr=" + Uri.EscapeDataString("材质=竹"))));

        // Stock: sold out shows on the card of the very next search.
        var skuId = await app.InStoreAsync("demo", db => Task.FromResult(db.Skus.Single(s => s.ProductId == created.ProductId).Id));
        var adjusted = await merchant.PostAsJsonAsync($"/api/v1/admin/catalog/skus/{skuId}/stock", new { delta = -2, reason = "Damage", note = "碎了" });
        Assert.Equal(HttpStatusCode.OK, adjusted.StatusCode);
        var soldOut = await SearchAsync("demo", "q=zqfresh&sort=price_desc");
        Assert.False(soldOut.GetProperty("items")[0].GetProperty("available").GetBoolean());

        // Delisting: gone from the results, the total and the facets; listing again brings it back.
        Assert.Equal(HttpStatusCode.OK, (await merchant.PostAsync($"/api/v1/admin/catalog/products/{created.ProductId}/delist", null)).StatusCode);
        var delisted = await SearchAsync("demo", "brand=FreshBrand");
        Assert.Equal(["zqfresh 吊灯"], Names(delisted));
        Assert.Equal(1, Counts(delisted, "brands")["FreshBrand"]);
        Assert.Equal(HttpStatusCode.OK, (await merchant.PostAsync($"/api/v1/admin/catalog/products/{created.ProductId}/list", null)).StatusCode);
        Assert.Equal(2, (await SearchAsync("demo", "brand=FreshBrand")).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Listing_without_a_keyword_sorts_and_pages_the_whole_store_like_with_one()
    {
        // No keyword: the order comes from the index's kept sort orders; with a keyword the matches are sorted themselves.
        var brand = "ZqOrder" + Guid.NewGuid().ToString("N")[..6];
        foreach (var (name, price) in new[] { ("zqorder 甲", 30m), ("zqorder 乙", 10m), ("zqorder 丙", 20m), ("zqorder 丁", 20m) })
        {
            await app.ProductAsync("demo", name, price, brand);
            app.Clock.Advance(TimeSpan.FromMinutes(1));
        }

        foreach (var sort in new[] { "price_asc", "price_desc", "newest", "best_selling" })
        {
            var byBrand = Names(await SearchAsync("demo", $"brand={brand}&sort={sort}"));
            Assert.Equal(byBrand, Names(await SearchAsync("demo", $"q=zqorder&sort={sort}")));
            var paged = new List<string>();
            for (var page = 1; page <= 2; page++)
            {
                paged.AddRange(Names(await SearchAsync("demo", $"brand={brand}&sort={sort}&pageSize=3&page={page}")));
            }

            Assert.Equal(byBrand, paged);
        }

        // Equal prices: the newer listing first.
        Assert.Equal(["zqorder 乙", "zqorder 丁", "zqorder 丙", "zqorder 甲"], Names(await SearchAsync("demo", $"brand={brand}&sort=price_asc")));
        Assert.Equal(["zqorder 丁", "zqorder 丙", "zqorder 乙", "zqorder 甲"], Names(await SearchAsync("demo", $"brand={brand}&sort=newest")));

        // Most of the store: the page is picked out of the kept order.
        var whole = (await SearchAsync("demo", "sort=price_desc&pageSize=60")).GetProperty("items").EnumerateArray()
            .Select(i => (Name: i.GetProperty("name").GetString()!, Price: i.GetProperty("minPrice").GetDecimal())).ToList();
        var top = whole[0].Price;
        var below = await SearchAsync("demo", "sort=price_desc&pageSize=40&maxPrice="
            + (top - 0.01m).ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal([.. whole.Where(i => i.Price < top).Select(i => i.Name).Take(40)], Names(below));
    }

    [Fact]
    public async Task The_category_tree_comes_in_the_merchants_order()
    {
        var top = await app.CategoryAsync("demo", "家居", "zqtree-home", position: 5);
        await app.CategoryAsync("demo", "厨具", "zqtree-kitchen", top, position: 2);
        await app.CategoryAsync("demo", "灯具", "zqtree-lamps", top, position: 1);

        var tree = await app.ClientFor("demo").GetFromJsonAsync<JsonElement>("/api/v1/catalog/categories");
        var home = tree.EnumerateArray().Single(c => c.GetProperty("slug").GetString() == "zqtree-home");
        Assert.Equal(["zqtree-lamps", "zqtree-kitchen"], home.GetProperty("children").EnumerateArray().Select(c => c.GetProperty("slug").GetString()));
        Assert.DoesNotContain("zqtree", await app.ClientFor("acme").GetStringAsync("/api/v1/catalog/categories"));
    }

    [Fact]
    public async Task Keyword_search_functions_are_leakproof_so_its_indexes_work_under_row_level_security()
    {
        // The app role is bound by RLS. A condition whose functions are not LEAKPROOF must wait for the policy, so it
        // cannot be an index condition, and keyword search would read every product of the store (migration 0005).
        await using var conn = new Npgsql.NpgsqlConnection(app.Database.AppConnectionString);
        await conn.OpenAsync();
        await using var cmd = new Npgsql.NpgsqlCommand("""
            select p::regprocedure::text from unnest(array[
                'textlike(text, text)'::regprocedure, 'word_similarity_op(text, text)'::regprocedure,
                'word_similarity_commutator_op(text, text)'::regprocedure, 'ts_match_vq(tsvector, tsquery)'::regprocedure,
                'to_tsvector(regconfig, text)'::regprocedure]) as p
            where not (select proleakproof from pg_proc where oid = p)
            """, conn);
        var leaky = new List<string>();
        await using (var reader = await cmd.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                leaky.Add(reader.GetString(0));
            }
        }

        Assert.Empty(leaky);
    }

    private async Task<JsonElement> SearchAsync(string store, string query)
    {
        var response = await app.ClientFor(store).GetAsync("/api/v1/catalog/products?" + query);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{query}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static List<string> Names(JsonElement result) =>
        [.. result.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("name").GetString()!)];

    private static Dictionary<string, int> Counts(JsonElement result, string facet) =>
        result.GetProperty("facets").GetProperty(facet).EnumerateArray()
            .Where(v => v.GetProperty("count").GetInt32() > 0)
            .ToDictionary(v => v.GetProperty("value").GetString()!, v => v.GetProperty("count").GetInt32());

    private static Dictionary<string, int> AttributeCounts(JsonElement result, string name) =>
        result.GetProperty("facets").GetProperty("attributes").EnumerateArray()
            .Where(a => a.GetProperty("name").GetString() == name)
            .SelectMany(a => a.GetProperty("values").EnumerateArray())
            .Where(v => v.GetProperty("count").GetInt32() > 0)
            .ToDictionary(v => v.GetProperty("value").GetString()!, v => v.GetProperty("count").GetInt32());

    private static Dictionary<string, int> CategoryCounts(JsonElement result) =>
        result.GetProperty("facets").GetProperty("categories").EnumerateArray()
            .ToDictionary(c => c.GetProperty("slug").GetString()!, c => c.GetProperty("count").GetInt32());
}
