using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Storefront.Domain.Catalog;
using Storefront.Web.Features.Catalog.Admin;
using Storefront.Web.Tests.Infrastructure;

namespace Storefront.Web.Tests.Catalog;

/// <summary>The product page and its API twin: SKUs with price and stock, safe description, 已下架, not found.</summary>
public sealed class ProductPageTests(StorefrontApp app) : IClassFixture<StorefrontApp>
{
    private static CreateProduct.Command TShirt(string slug, string description = "", Guid? category = null) => new()
    {
        Name = "速干运动T恤",
        Slug = slug,
        Subtitle = "轻薄透气",
        Brand = "跑者",
        CategoryId = category,
        Description = description,
        Attributes = [new ProductAttribute("材质", "涤纶")],
        Specs = [new SpecAttribute("颜色", ["红", "蓝"]), new SpecAttribute("尺码", ["S", "M"])],
        Skus =
        [
            new() { SpecValues = ["红", "S"], Code = slug + "-RS", Price = 99m, MarketPrice = 159m, Stock = 5 },
            new() { SpecValues = ["红", "M"], Code = slug + "-RM", Price = 109m, Stock = 0 },
            new() { SpecValues = ["蓝", "S"], Code = slug + "-BS", Price = 119m, Stock = 3 },
            new() { SpecValues = ["蓝", "M"], Code = slug + "-BM", Price = 129m, MarketPrice = 199m, Stock = 2 },
        ],
    };

    [Fact]
    public async Task The_page_shows_a_selector_per_spec_attribute_and_disables_values_sold_out_with_the_choice()
    {
        var sport = await app.CategoryAsync("demo", "运动", "pp-sport");
        var tops = await app.CategoryAsync("demo", "上衣", "pp-tops", sport);
        await app.ProductAsync("demo", TShirt("pp-tee", category: tops));

        var page = await app.ClientFor("demo").GetPageAsync("/p/pp-tee");

        Assert.Equal("速干运动T恤", page.QuerySelector("h1")?.TextContent);
        Assert.Equal("¥99.00 – ¥129.00", Squash(page.QuerySelector("[data-testid=price-range]")!.TextContent));
        Assert.Equal(["颜色", "尺码"], page.QuerySelectorAll("[data-testid=spec-row]").Select(r => r.GetAttribute("data-spec")));
        var chips = page.QuerySelectorAll("[data-testid=spec-value]").ToDictionary(o => o.GetAttribute("data-value")!);
        Assert.Equal(["红", "蓝", "S", "M"], chips.Keys);

        // The first SKU in stock is chosen (红 / S); its market price shows struck through, and the form posts its code.
        Assert.Equal(["红", "S"], chips.Values.Where(c => c.GetAttribute("aria-checked") == "true").Select(c => c.TextContent));
        Assert.Equal("¥99.00", page.QuerySelector("[data-testid=chosen-price]")?.TextContent);
        Assert.Equal("¥159.00", page.QuerySelector("[data-testid=chosen-market]")?.TextContent);
        Assert.Equal("库存 5 件", page.QuerySelector("[data-testid=chosen-stock]")?.TextContent);
        Assert.Equal("pp-tee-RS", page.QuerySelector("input[name=sku]")?.GetAttribute("value"));

        // 红 / M is sold out: with 红 chosen, M is greyed out; its link still leads to the M in stock (蓝 / M) for a
        // visitor without script. 蓝 leads to 蓝 / S, keeping the chosen size.
        Assert.Equal("true", chips["M"].GetAttribute("aria-disabled"));
        Assert.Equal("/p/pp-tee?sku=pp-tee-BM", chips["M"].GetAttribute("href"));
        Assert.All(["红", "蓝", "S"], v => Assert.Equal("false", chips[v].GetAttribute("aria-disabled")));
        Assert.Equal("/p/pp-tee?sku=pp-tee-BS", chips["蓝"].GetAttribute("href"));

        // The stepper stops at the chosen SKU's stock.
        Assert.Equal("5", page.QuerySelector("[data-testid=add-quantity]")?.GetAttribute("max"));

        Assert.Equal(["首页", "运动", "上衣", "速干运动T恤"],
            page.QuerySelectorAll("[data-testid=breadcrumb] a, [data-testid=breadcrumb] [aria-current]").Select(e => e.TextContent));
        Assert.Equal("/c/pp-tops", page.QuerySelectorAll("[data-testid=breadcrumb] a").Last().GetAttribute("href"));
        Assert.Contains("涤纶", page.QuerySelector("[data-testid=attributes]")?.TextContent);
    }

    [Fact]
    public async Task Choosing_a_sku_without_script_shows_its_price_and_a_sold_out_one_cannot_be_chosen()
    {
        await app.ProductAsync("demo", TShirt("pp-choose"));
        var client = app.ClientFor("demo");

        var blue = await client.GetPageAsync("/p/pp-choose?sku=pp-choose-BM");
        Assert.Equal("¥129.00", blue.QuerySelector("[data-testid=chosen-price]")?.TextContent);
        Assert.Equal("蓝 / M", blue.QuerySelector("[data-testid=chosen-spec]")?.TextContent);
        Assert.Equal("库存 2 件", blue.QuerySelector("[data-testid=chosen-stock]")?.TextContent);
        Assert.Equal("pp-choose-BM", blue.QuerySelector("input[name=sku]")?.GetAttribute("value"));
        var red = blue.QuerySelectorAll("[data-testid=spec-value]").Single(c => c.GetAttribute("data-value") == "红");
        Assert.Equal("true", red.GetAttribute("aria-disabled"));   // 红 / M is sold out

        var soldOut = await client.GetPageAsync("/p/pp-choose?sku=pp-choose-RM");
        Assert.Equal("¥99.00", soldOut.QuerySelector("[data-testid=chosen-price]")?.TextContent);
    }

    [Fact]
    public async Task Markdown_is_rendered_but_no_script_ever_reaches_the_shopper()
    {
        const string description = """
            ## 产品特点

            **速干**面料，*轻薄*。

            <script>alert('xss')</script>

            <img src=x onerror="alert(2)">

            [点这里](javascript:alert(3)) 和 [官网](https://example.com/tee)

            <javascript:alert(4)>

            ![图](data:text/html;base64,PHNjcmlwdD5hbGVydCg1KTwvc2NyaXB0Pg==)
            """;
        await app.ProductAsync("demo", TShirt("pp-markdown", description));

        var html = await app.ClientFor("demo").GetStringAsync("/p/pp-markdown");
        var page = Forms.Parse(html);
        var body = page.QuerySelector("[data-testid=description]")!;

        Assert.Equal("产品特点", body.QuerySelectorAll("h2").Last().TextContent);
        Assert.Equal("速干", body.QuerySelector("strong")?.TextContent);
        Assert.Contains("<script>alert('xss')</script>", body.TextContent);   // shown as text
        Assert.Empty(body.QuerySelectorAll("script"));
        Assert.Empty(body.QuerySelectorAll("[onerror]"));
        Assert.DoesNotContain("<script>alert", html);
        var addresses = body.QuerySelectorAll("[href], [src]").Select(e => e.GetAttribute("href") ?? e.GetAttribute("src") ?? "").ToList();
        Assert.DoesNotContain(addresses, a => a.TrimStart().StartsWith("javascript:", StringComparison.OrdinalIgnoreCase)
            || a.TrimStart().StartsWith("data:", StringComparison.OrdinalIgnoreCase));
        Assert.Contains("https://example.com/tee", addresses);
    }

    [Fact]
    public async Task A_delisted_product_still_answers_but_says_delisted_and_sells_nothing()
    {
        await app.ProductAsync("demo", TShirt("pp-delisted"));
        await app.DelistAsync("demo", "pp-delisted");

        var response = await app.ClientFor("demo").GetAsync("/p/pp-delisted");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = Forms.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains("已下架", page.QuerySelector("[data-testid=delisted]")?.TextContent);
        Assert.Null(page.QuerySelector("[data-testid=sku-picker]"));
        Assert.Empty(page.QuerySelectorAll("input[name=sku]"));
        Assert.Equal("noindex, follow", page.QuerySelector("meta[name=robots]")?.GetAttribute("content"));

        var api = await app.ClientFor("demo").GetFromJsonAsync<JsonElement>("/api/v1/catalog/products/pp-delisted");
        Assert.Equal("Delisted", api.GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_draft_an_unknown_slug_or_another_stores_product_is_not_found()
    {
        await app.ProductAsync("demo", new CreateProduct.Command { Name = "草稿商品", Slug = "pp-draft", Price = 10m, List = false });
        await app.ProductAsync("acme", new CreateProduct.Command { Name = "Acme Thing", Slug = "pp-acme", Price = 10m });
        var client = app.ClientFor("demo");

        foreach (var path in new[] { "/p/pp-draft", "/p/no-such-product", "/p/pp-acme" })
        {
            var response = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Contains("页面不存在", await response.Content.ReadAsStringAsync());
        }

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/v1/catalog/products/pp-draft")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/v1/catalog/products/pp-acme")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.ClientFor("acme").GetAsync("/p/pp-acme")).StatusCode);
    }

    [Fact]
    public async Task The_api_gives_the_product_with_its_skus()
    {
        await app.ProductAsync("demo", TShirt("pp-api", "**粗体** <script>x</script>"));

        var product = await app.ClientFor("demo").GetFromJsonAsync<JsonElement>("/api/v1/catalog/products/pp-api");

        Assert.Equal("速干运动T恤", product.GetProperty("name").GetString());
        Assert.Equal(99m, product.GetProperty("minPrice").GetDecimal());
        Assert.Equal(129m, product.GetProperty("maxPrice").GetDecimal());
        Assert.Equal("Listed", product.GetProperty("status").GetString());
        Assert.DoesNotContain("<script>", product.GetProperty("descriptionHtml").GetString());
        var skus = product.GetProperty("skus").EnumerateArray().ToList();
        Assert.Equal(["pp-api-RS", "pp-api-RM", "pp-api-BS", "pp-api-BM"], skus.Select(s => s.GetProperty("code").GetString()));
        var redS = skus[0];
        Assert.Equal(["红", "S"], redS.GetProperty("specValues").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal(99m, redS.GetProperty("price").GetDecimal());
        Assert.Equal(159m, redS.GetProperty("marketPrice").GetDecimal());
        Assert.Equal(5, redS.GetProperty("available").GetInt32());
        Assert.Equal(0, skus[1].GetProperty("available").GetInt32());
        Assert.Equal(JsonValueKind.Null, skus[1].GetProperty("marketPrice").ValueKind);
    }


    private static string Squash(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
