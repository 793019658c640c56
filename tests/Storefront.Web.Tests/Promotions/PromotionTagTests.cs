using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Storefront.Web.Tests.Infrastructure;
using static Storefront.Web.Tests.Infrastructure.ApiAssert;

namespace Storefront.Web.Tests.Promotions;

/// <summary>
/// Product cards on the home, category and search pages carry one promotion tag (秒杀, 满200减30, 券), and the cached
/// pages follow the promotions: a change an operator saves shows on the very next request, and so does a start or end by time.
/// </summary>
public sealed class PromotionTagTests(StorefrontApp app) : IClassFixture<StorefrontApp>
{
    private const string Admin = "/api/v1/admin/promotions";

    private DateTimeOffset Now => app.Clock.GetUtcNow();

    /// <summary>A listed product in a category of its own, so its category page and category search list it with nothing else.</summary>
    private async Task<(Guid ProductId, Guid SkuId, string Name, string Category)> ProductAsync()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var category = "tags-" + tag;
        var categoryId = await app.CategoryAsync("demo", "标签分类" + tag, category);
        var name = "标签商品" + tag;
        var created = await app.ProductAsync("demo", name, 120m, category: categoryId);
        var skuId = await app.InStoreAsync("demo", db => db.Skus.Where(s => s.ProductId == created.ProductId).Select(s => s.Id).SingleAsync());
        return (created.ProductId, skuId, name, category);
    }

    private async Task<HttpClient> OperatorAsync()
    {
        var client = app.ClientFor("demo");
        await client.SignInStaffAsync("operator@demo.local");
        return client;
    }

    /// <summary>The tag on the product's card on each list a guest sees (cached pages): home, category page, category search.</summary>
    private async Task<string?[]> TagsAsync(string name, string category)
    {
        var guest = app.ClientFor("demo");
        var tags = new List<string?>();
        foreach (var url in new[] { "/", $"/c/{category}", $"/search?category={category}" })
        {
            var page = await guest.GetPageAsync(url);
            var card = page.QuerySelectorAll("[data-testid=product-card]").Single(c => c.TextContent.Contains(name, StringComparison.Ordinal));
            tags.Add(card.QuerySelector("[data-testid=promo-tag]")?.TextContent.Trim());
        }

        return [.. tags];
    }

    private static string?[] Everywhere(string? tag) => [tag, tag, tag];

    [Fact]
    public async Task A_full_reduction_shows_when_it_starts_changes_with_its_tiers_and_goes_when_it_ends_by_time()
    {
        var (productId, _, name, category) = await ProductAsync();
        var client = await OperatorAsync();
        Assert.Equal(Everywhere(null), await TagsAsync(name, category));

        var created = await JsonAsync(await client.PostAsJsonAsync($"{Admin}/order-promotions", new
        {
            name = "标签满减",
            kind = "AmountOff",
            threshold = "Amount",
            tiers = new[] { new { threshold = 200m, value = 30m } },
            scope = "Products",
            scopeIds = new[] { productId },
            stacksWithCoupons = true,
            startsAt = Now.AddHours(1),
            endsAt = Now.AddHours(3),
        }), HttpStatusCode.Created);
        var id = created.GetProperty("id").GetGuid();
        // Saved but not yet started: the pages (rendered again after the change) show nothing.
        Assert.Equal(Everywhere(null), await TagsAsync(name, category));

        app.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(Everywhere("满200减30"), await TagsAsync(name, category));

        // An edit shows on the very next request: the lowest tier is what a card names.
        var edited = await client.PutAsJsonAsync($"{Admin}/order-promotions/{id}", new
        {
            name = "标签满减",
            kind = "AmountOff",
            threshold = "Amount",
            tiers = new[] { new { threshold = 300m, value = 50m }, new { threshold = 150m, value = 20m } },
            scope = "Products",
            scopeIds = new[] { productId },
            stacksWithCoupons = true,
            startsAt = Now.AddHours(-1),
            endsAt = Now.AddHours(2),
        });
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        Assert.Equal(Everywhere("满150减20"), await TagsAsync(name, category));

        app.Clock.Advance(TimeSpan.FromHours(2));
        Assert.Equal(Everywhere(null), await TagsAsync(name, category));
    }

    [Fact]
    public async Task A_running_flash_sale_comes_first_a_claimable_coupon_shows_券_and_a_promotion_switched_off_shows_nothing()
    {
        var (productId, skuId, name, category) = await ProductAsync();
        var client = await OperatorAsync();
        Assert.Equal(Everywhere(null), await TagsAsync(name, category));

        var coupon = await JsonAsync(await client.PostAsJsonAsync($"{Admin}/coupons", new
        {
            name = "标签券",
            kind = "Amount",
            value = 10m,
            minSpend = 100m,
            scope = "Products",
            scopeIds = new[] { productId },
            stackable = true,
            validity = "DaysFromClaim",
            validDays = 7,
            totalQuantity = 100,
            perShopperLimit = 1,
            claimable = true,
        }), HttpStatusCode.Created);
        Assert.Equal(Everywhere("券"), await TagsAsync(name, category));

        var sale = await JsonAsync(await client.PostAsJsonAsync($"{Admin}/flash-sales", new
        {
            name = "标签秒杀",
            startsAt = Now.AddMinutes(-1),
            endsAt = Now.AddHours(1),
            items = new[] { new { skuId, flashPrice = 99m, quota = 10, perShopperLimit = 1 } },
        }), HttpStatusCode.Created);
        Assert.Equal(Everywhere("秒杀"), await TagsAsync(name, category));

        // Switched off (停用): the flash sale's tag goes at once, then the coupon's.
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"{Admin}/flash-sales/{sale.GetProperty("id").GetGuid()}/disable", null)).StatusCode);
        Assert.Equal(Everywhere("券"), await TagsAsync(name, category));
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"{Admin}/coupons/{coupon.GetProperty("id").GetGuid()}/disable", null)).StatusCode);
        Assert.Equal(Everywhere(null), await TagsAsync(name, category));
    }

    [Fact]
    public async Task Under_English_a_full_reduction_tag_is_in_English()
    {
        var (productId, _, name, category) = await ProductAsync();
        var client = await OperatorAsync();
        await JsonAsync(await client.PostAsJsonAsync($"{Admin}/order-promotions", new
        {
            name = "英文满减",
            kind = "AmountOff",
            threshold = "Amount",
            tiers = new[] { new { threshold = 200m, value = 30m } },
            scope = "Products",
            scopeIds = new[] { productId },
            stacksWithCoupons = true,
            startsAt = Now.AddMinutes(-1),
            endsAt = Now.AddHours(1),
        }), HttpStatusCode.Created);

        var guest = app.ClientFor("demo");
        Assert.Equal(HttpStatusCode.Redirect, (await guest.GetAsync("/culture?c=en&returnUrl=/")).StatusCode);   // sets the language cookie
        var page = await guest.GetPageAsync($"/c/{category}");
        var card = page.QuerySelectorAll("[data-testid=product-card]").Single(c => c.TextContent.Contains(name, StringComparison.Ordinal));
        Assert.Equal("¥30 off ¥200", card.QuerySelector("[data-testid=promo-tag]")?.TextContent.Trim());
    }
}
