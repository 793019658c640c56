using System.Net;
using System.Xml.Linq;
using Storefront.Web.Features.Catalog.Admin;
using Storefront.Web.Tests.Infrastructure;

namespace Storefront.Web.Tests.Catalog;

/// <summary>What crawlers see: titles, descriptions, canonical links, sitemap.xml and robots.txt per store, category redirects.</summary>
public sealed class SeoTests(StorefrontApp app) : IClassFixture<StorefrontApp>
{
    private static readonly XNamespace Sitemap = "http://www.sitemaps.org/schemas/sitemap/0.9";

    [Fact]
    public async Task The_sitemap_lists_this_stores_listed_products_and_categories_only()
    {
        var category = await app.CategoryAsync("demo", "茶具", "seo-tea");
        await app.ProductAsync("demo", "紫砂壶", 399m, category: category, slug: "seo-listed");
        await app.ProductAsync("demo", "草稿壶", 399m, slug: "seo-draft", list: false);
        await app.ProductAsync("demo", "下架壶", 399m, slug: "seo-delisted");
        await app.DelistAsync("demo", "seo-delisted");
        await app.CategoryAsync("acme", "Anvils", "seo-acme-anvils");
        await app.ProductAsync("acme", "Acme Teapot", 10m, slug: "seo-acme-teapot");

        var response = await app.ClientFor("demo").GetAsync("/sitemap.xml");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/xml", response.Content.Headers.ContentType?.MediaType);
        var urls = XDocument.Parse(await response.Content.ReadAsStringAsync()).Descendants(Sitemap + "loc").Select(l => l.Value).ToList();

        Assert.Contains("http://demo.localhost/", urls);
        Assert.Contains("http://demo.localhost/p/seo-listed", urls);
        Assert.Contains("http://demo.localhost/c/seo-tea", urls);
        Assert.DoesNotContain(urls, u => u.Contains("seo-draft") || u.Contains("seo-delisted") || u.Contains("seo-acme"));
        Assert.All(urls, u => Assert.StartsWith("http://demo.localhost/", u));

        var acme = XDocument.Parse(await app.ClientFor("acme").GetStringAsync("/sitemap.xml")).Descendants(Sitemap + "loc").Select(l => l.Value).ToList();
        Assert.Contains("http://acme.localhost/p/seo-acme-teapot", acme);
        Assert.DoesNotContain(acme, u => u.Contains("seo-listed") || u.Contains("seo-tea"));
    }

    [Fact]
    public async Task Robots_txt_points_at_the_stores_own_sitemap()
    {
        var robots = await app.ClientFor("acme").GetStringAsync("/robots.txt");
        Assert.Contains("Sitemap: http://acme.localhost/sitemap.xml", robots);
        Assert.Contains("Disallow: /admin", robots);
        Assert.Equal(HttpStatusCode.NotFound, (await app.ClientFor("").GetAsync("/sitemap.xml")).StatusCode);
    }

    [Fact]
    public async Task An_old_category_slug_answers_301_to_the_new_one()
    {
        var id = await app.CategoryAsync("demo", "旧名", "seo-old");
        await app.RenameCategoryAsync("demo", id, "新名", "seo-new");

        var client = app.ClientFor("demo");
        var moved = await client.GetAsync("/c/seo-old?sort=newest&brand=X");
        Assert.Equal(HttpStatusCode.MovedPermanently, moved.StatusCode);
        Assert.Equal("/c/seo-new?brand=X&sort=newest", moved.Headers.Location?.OriginalString);

        var current = await client.GetAsync("/c/seo-new");
        Assert.Equal(HttpStatusCode.OK, current.StatusCode);
        Assert.Contains("新名", Forms.Parse(await current.Content.ReadAsStringAsync()).QuerySelector("h1")?.TextContent);

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/c/seo-never-was")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.ClientFor("acme").GetAsync("/c/seo-new")).StatusCode);
    }

    [Fact]
    public async Task Every_catalog_page_has_a_title_a_description_and_an_absolute_canonical_link()
    {
        var category = await app.CategoryAsync("demo", "茶叶", "seo-leaves");
        await app.ProductAsync("demo", new CreateProduct.Command
        {
            Name = "明前龙井",
            Slug = "seo-longjing",
            Price = 268m,
            CategoryId = category,
            SeoTitle = "西湖明前龙井 250g",
            SeoDescription = "产自西湖核心产区的明前龙井。",
        });
        await app.ProductAsync("demo",
            new CreateProduct.Command { Name = "碧螺春", Slug = "seo-biluochun", Price = 199m, Description = "## 洞庭\n\n**碧螺春**，香气浓郁。" });

        var pages = new[]
        {
            ("/", "示例商店", "http://demo.localhost/"),
            ("/c/seo-leaves?sort=price_asc", "茶叶 - 示例商店", "http://demo.localhost/c/seo-leaves"),
            ("/search?q=龙井", "“龙井”的搜索结果 - 示例商店", "http://demo.localhost/search?q=%E9%BE%99%E4%BA%95"),
            ("/p/seo-longjing", "西湖明前龙井 250g - 示例商店", "http://demo.localhost/p/seo-longjing"),
            ("/p/seo-biluochun", "碧螺春 - 示例商店", "http://demo.localhost/p/seo-biluochun"),
        };
        foreach (var (path, title, canonical) in pages)
        {
            var page = await app.ClientFor("demo").GetPageAsync(path);
            Assert.Equal(title, page.Title);
            Assert.False(string.IsNullOrWhiteSpace(page.QuerySelector("meta[name=description]")?.GetAttribute("content")), path);
            Assert.Equal(canonical, page.QuerySelector("link[rel=canonical]")?.GetAttribute("href"));
        }

        var seo = await app.ClientFor("demo").GetPageAsync("/p/seo-longjing");
        Assert.Equal("产自西湖核心产区的明前龙井。", seo.QuerySelector("meta[name=description]")?.GetAttribute("content"));
        var fallback = await app.ClientFor("demo").GetPageAsync("/p/seo-biluochun");
        Assert.Equal("洞庭 碧螺春，香气浓郁。", fallback.QuerySelector("meta[name=description]")?.GetAttribute("content"));
    }

    [Fact]
    public async Task The_home_page_shows_top_categories_featured_and_new_products()
    {
        var top = await app.CategoryAsync("demo", "数码", "seo-digital");
        await app.CategoryAsync("demo", "耳机", "seo-earphones", top);
        await app.ProductAsync("demo", new CreateProduct.Command { Name = "主推音箱", Slug = "seo-featured", Price = 599m, Featured = true, CategoryId = top });

        var home = await app.ClientFor("demo").GetPageAsync("/");

        Assert.Contains(home.QuerySelectorAll("[data-testid=category-link]"), a => a.TextContent.Trim() == "数码" && a.GetAttribute("href") == "/c/seo-digital");
        Assert.DoesNotContain(home.QuerySelectorAll("[data-testid=category-link]"), a => a.TextContent.Trim() == "耳机");
        Assert.Contains(home.QuerySelectorAll("[data-testid=featured] [data-testid=product-card]"), c => c.TextContent.Contains("主推音箱"));
        var newest = home.QuerySelectorAll("[data-testid=products] [data-testid=product-card]");
        Assert.Contains(newest, c => c.TextContent.Contains("纯棉圆领T恤") && c.TextContent.Contains("¥79.00"));
        Assert.Equal("/p/seo-featured", home.QuerySelector("[data-testid=featured] a")?.GetAttribute("href"));
    }
}
