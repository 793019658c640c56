using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Storefront.Web.Features.Demo;
using Storefront.Web.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Storefront.Web.Tests.Demo;

/// <summary>
/// The demo shop of ./run.sh, seeded into this class's fresh database (the fixture seeds only the base demo) and looked at
/// as a visitor would: over HTTP, the catalogue, pictures, promotions; then the order history in the database.
/// </summary>
public sealed class DemoShopTests(StorefrontApp app, ITestOutputHelper output) : IClassFixture<StorefrontApp>
{
    private static readonly string[] Tables =
    [
        "products", "skus", "categories", "orders", "order_lines", "reviews", "aftersales_cases", "coupons", "flash_sales", "member_tiers",
        "points_entries", "shoppers", "payments",
    ];

    [Fact]
    public async Task The_demo_store_is_seeded_as_a_real_shop_once()
    {
        var took = await DemoShop.SeedAsync(app.Services);
        output.WriteLine($"demo shop seeded in {took.TotalSeconds:0.0} s");
        var counts = await CountsAsync();
        await DemoShop.SeedAsync(app.Services);
        Assert.Equal(counts, await CountsAsync());   // a second start changes nothing

        var visitor = app.ClientFor("demo");

        // At least 150 listed products, found by the catalogue API as the shop's pages list them.
        using (var listed = await JsonAsync(visitor, "/api/v1/catalog/products?pageSize=60"))
        {
            Assert.True(listed.RootElement.GetProperty("total").GetInt32() >= 150, listed.RootElement.GetProperty("total").ToString());
        }

        // Three levels of categories, and every leaf lists products.
        using var tree = await JsonAsync(visitor, "/api/v1/catalog/categories");
        var leaves = new List<string>();
        var depth = 0;
        void Walk(JsonElement categories, int level)
        {
            foreach (var c in categories.EnumerateArray())
            {
                depth = Math.Max(depth, level);
                var children = c.GetProperty("children");
                if (children.GetArrayLength() == 0)
                {
                    leaves.Add(c.GetProperty("slug").GetString()!);
                }

                Walk(children, level + 1);
            }
        }

        Walk(tree.RootElement, 1);
        Assert.Equal(3, depth);
        Assert.True(tree.RootElement.GetArrayLength() >= 6);
        Assert.True(leaves.Count >= 20, $"{leaves.Count} leaves");
        foreach (var leaf in leaves)
        {
            using var page = await JsonAsync(visitor, $"/api/v1/catalog/products?category={leaf}");
            Assert.True(page.RootElement.GetProperty("total").GetInt32() > 0, $"no products in {leaf}");
        }

        // Brands, spec attributes with a picture per colour, and pictures that answer as images.
        var product = await app.InStoreAsync("demo", db =>
            Task.FromResult(db.Products.Where(p => p.Slug.StartsWith("t-shirts-")).OrderBy(p => p.Slug).First()));
        Assert.NotNull(product.Brand);
        Assert.Equal(["颜色", "尺码"], product.Specs.Select(s => s.Name));
        using (var detail = await JsonAsync(visitor, $"/api/v1/catalog/products/{product.Slug}"))
        {
            var images = new HashSet<string>(StringComparer.Ordinal);
            foreach (var sku in detail.RootElement.GetProperty("skus").EnumerateArray())
            {
                Assert.True(sku.TryGetProperty("image", out var image) && image.GetString() is { Length: > 0 }, sku.ToString());
                images.Add(image.GetString()!);
            }

            Assert.Equal(product.Specs[0].Values.Count, images.Count);   // one picture per colour
            foreach (var name in images.Concat(product.Images))
            {
                var picture = await visitor.GetAsync(name.StartsWith('/') ? name : $"/media/{name}");
                Assert.Equal(HttpStatusCode.OK, picture.StatusCode);
                Assert.Equal("image/png", picture.Content.Headers.ContentType?.MediaType);
                Assert.True((await picture.Content.ReadAsByteArrayAsync()).Length > 500);
            }
        }

        // Some SKUs low, some sold out.
        Assert.True(await app.CountAsync("demo", "from skus where on_hand - reserved = 0") >= 5);
        Assert.True(await app.CountAsync("demo", "from skus where on_hand - reserved between 1 and low_stock_threshold") >= 5);

        // A 秒杀 running now, on the shoppers' flash page, and claimable coupons.
        var flash = await visitor.GetStringAsync("/flash");
        Assert.Contains("data-phase=\"Live\"", flash, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("data-testid=\"flash-item\"", flash);
        using (var coupons = await JsonAsync(visitor, "/api/v1/coupons"))
        {
            Assert.True(coupons.RootElement.EnumerateArray().Count(c => c.GetProperty("canClaim").GetBoolean()) >= 2, coupons.RootElement.ToString());
        }

        Assert.True(await app.CountAsync("demo", "from order_promotions") >= 1);
        Assert.Equal(4, await app.CountAsync("demo", "from member_tiers"));

        // Orders over at least 60 days, in every state, some with after-sales; reviews with photos; points earned.
        var now = app.Clock.GetUtcNow();
        Assert.True(await app.CountAsync("demo", $"from orders where placed_at < '{now.AddDays(-60).UtcDateTime:yyyy-MM-dd HH:mm:ss}+00'") > 0);
        Assert.True(await app.CountAsync("demo", "from orders") >= 100);
        foreach (var status in new[] { "PendingPayment", "Paid", "Shipped", "Completed", "Cancelled" })
        {
            Assert.True(await app.CountAsync("demo", $"from orders where status = '{status}'") > 0, status);
        }

        Assert.True(await app.CountAsync("demo", "from aftersales_cases") >= 3);
        Assert.True(await app.CountAsync("demo", "from reviews where cardinality(photos) > 0") >= 3);
        Assert.True(await app.CountAsync("demo", "from reviews") >= 30);
        Assert.True(await app.CountAsync("demo", "from points_entries where kind = 'Earned'") > 0);
        Assert.True(await app.CountAsync("demo", "from member_accounts a join member_tiers t on t.id = a.tier_id where t.growth_threshold > 0") > 0);
        Assert.Equal(0, await app.CountAsync("demo", "from skus where on_hand < 0 or reserved < 0 or reserved > on_hand"));

        // The owner's dashboard shows the history at once: the last 30 days' GMV is what the orders paid in those days paid.
        var owner = app.ClientFor("demo");
        await owner.SignInStaffAsync("owner@demo.local");
        using (var dashboard = await JsonAsync(owner, "/api/v1/admin/dashboard?period=Last30Days"))
        {
            var current = dashboard.RootElement.GetProperty("current");
            var from = DateOnly.Parse(dashboard.RootElement.GetProperty("from").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
            var paid = await app.InStoreAsync("demo", db => db.Database.SqlQuery<decimal>($"""
                select coalesce(sum(total), 0) as "Value" from orders
                where paid_at is not null and (paid_at at time zone 'Asia/Shanghai')::date >= {from}
                """).SingleAsync());
            Assert.True(current.GetProperty("paidOrders").GetInt32() >= 10, current.ToString());
            Assert.Equal(paid, current.GetProperty("gmv").GetDecimal());
        }

        // Customer service signs in to the admin area; acme stays small.
        var cs = app.ClientFor("demo");
        await cs.SignInStaffAsync(DemoShop.CustomerServiceEmail);
        Assert.Equal(HttpStatusCode.OK, (await cs.GetAsync("/admin")).StatusCode);
        // Through EF's store filter: CountAsync's owner connection is not held to one store by row-level security.
        Assert.True(await app.InStoreAsync("acme", db => db.Products.CountAsync()) < 5);
        Assert.Equal(0, await app.InStoreAsync("acme", db => db.Orders.CountAsync()));
    }

    private async Task<Dictionary<string, long>> CountsAsync()
    {
        var counts = new Dictionary<string, long>();
        foreach (var table in Tables)
        {
            counts[table] = await app.CountAsync("demo", $"from {table}");
        }

        return counts;
    }

    private static async Task<JsonDocument> JsonAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {body[..Math.Min(body.Length, 500)]}");
        return JsonDocument.Parse(body);
    }
}
