using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Storefront.Domain.Members;
using Storefront.Web.Features.Members;
using Storefront.Web.Features.Platform;
using Storefront.Web.Features.Promotions.Admin;
using Storefront.Web.Tests.Infrastructure;
using Storefront.Web.Tests.Ordering;

namespace Storefront.Web.Tests.CrossCutting.Caching;

/// <summary>
/// Signed-in shoppers' catalog pages come from the output cache, one copy per member tier that shows a price, with
/// nothing of one shopper in them; the name and cart count come from GET /api/v1/me/summary (docs/decisions/0028).
/// Each test opens a store of its own. A cache hit shows as a write behind the app's back (no announcement) not seen.
/// </summary>
public sealed class SignedInCacheTests(StorefrontApp app) : IClassFixture<StorefrontApp>
{
    [Fact]
    public async Task Two_signed_in_shoppers_of_one_tier_share_the_cached_pages_and_neither_sees_the_others_name_or_cart()
    {
        var shop = await StoreAsync();
        var a = await ShopperAsync(shop.Slug, "甲顾客");
        var b = await ShopperAsync(shop.Slug, "乙顾客");
        await app.AddToCartAsync(shop.Slug, a.Id, shop.SkuId, 1);
        await app.AddToCartAsync(shop.Slug, b.Id, shop.SkuId, 3);

        var categoryA = await a.Client.GetStringAsync($"/c/{shop.Category}");
        var productA = await a.Client.GetStringAsync($"/p/{shop.Product}");
        Assert.Contains("缓存商品", productA);
        Assert.Contains("data-testid=\"account-link\"", categoryA);   // the signed-in layout

        // Renamed behind the app's back: B still gets the copy rendered for A.
        await OwnerSqlAsync(shop.Slug, $"update products set name = '偷改的名字' where slug = '{shop.Product}'");
        var categoryB = await b.Client.GetStringAsync($"/c/{shop.Category}");
        var productB = await b.Client.GetStringAsync($"/p/{shop.Product}");
        Assert.Equal(productA, productB);
        Assert.Equal(categoryA, categoryB);
        Assert.DoesNotContain("偷改的名字", productB);

        foreach (var page in new[] { categoryA, productA })
        {
            Assert.DoesNotContain("甲顾客", page);
            Assert.DoesNotContain("乙顾客", page);
            Assert.DoesNotContain("__RequestVerificationToken", page);
            var html = Forms.Parse(page);
            Assert.Equal("", html.QuerySelector("[data-testid=shopper-name]")?.TextContent);
            var badge = html.QuerySelector("[data-testid=cart-badge]");
            Assert.NotNull(badge);
            Assert.Equal("", badge.TextContent);
            Assert.True(badge.HasAttribute("hidden"));
        }

        // A guest still gets the anonymous copy (sign-in links, no account links).
        var guest = await app.ClientFor(shop.Slug).GetStringAsync($"/p/{shop.Product}");
        Assert.DoesNotContain("data-testid=\"account-link\"", guest);
    }

    [Fact]
    public async Task A_member_of_a_discount_tier_sees_the_member_price_in_the_first_html_and_others_do_not()
    {
        var shop = await StoreAsync(price: 100m);
        var gold = await TiersAsync(shop.Slug);
        var member = await ShopperAsync(shop.Slug, "黄金顾客");
        var other = await ShopperAsync(shop.Slug, "普通顾客");
        await TierAsync(shop.Slug, member.Id, gold);

        foreach (var path in new[] { $"/p/{shop.Product}", $"/c/{shop.Category}" })
        {
            var mine = Forms.Parse(await member.Client.GetStringAsync(path));
            var price = mine.QuerySelector("[data-testid=member-price]");
            Assert.NotNull(price);
            Assert.Contains("黄金会员价", price.TextContent);
            Assert.Contains("¥90.00", price.TextContent);

            Assert.Null(Forms.Parse(await other.Client.GetStringAsync(path)).QuerySelector("[data-testid=member-price]"));
            Assert.Null(Forms.Parse(await app.ClientFor(shop.Slug).GetStringAsync(path)).QuerySelector("[data-testid=member-price]"));
        }

        // Another member of the tier is served the member's copy (a hit: the rename behind the app's back is not seen).
        var second = await ShopperAsync(shop.Slug, "又一位黄金顾客");
        await TierAsync(shop.Slug, second.Id, gold);
        await OwnerSqlAsync(shop.Slug, $"update products set name = '偷改的名字' where slug = '{shop.Product}'");
        var page = await second.Client.GetStringAsync($"/p/{shop.Product}");
        Assert.Contains("¥90.00", page);
        Assert.DoesNotContain("偷改的名字", page);
    }

    [Fact]
    public async Task A_tier_change_and_a_rate_change_show_on_the_members_next_page()
    {
        var shop = await StoreAsync(price: 100m);
        var gold = await TiersAsync(shop.Slug);
        var member = await ShopperAsync(shop.Slug, "会变的顾客");
        await TierAsync(shop.Slug, member.Id, gold, updatedDaysAgo: 2);
        Assert.Contains("¥90.00", await MemberPriceAsync(member.Client, shop.Product));

        // The operator makes 黄金 a 8折 tier: a saved tier evicts the store's pages, and the key carries the rate.
        await app.SendAsync(shop.Slug, new SaveMemberTier.Command
        {
            Id = gold,
            Name = "黄金",
            GrowthThreshold = 1000m,
            DiscountRate = 0.8m,
            FreeShipping = false,
            PointsMultiplier = 1m,
        });
        Assert.Contains("¥80.00", await MemberPriceAsync(member.Client, shop.Product));

        // The daily regrade moves the member down to 普通 (no completed orders): the next page has no member price.
        var result = await app.SendAsync(shop.Slug, new RegradeMembers.Command());
        Assert.Equal(1, result.Changed);
        Assert.Null(await MemberPriceAsync(member.Client, shop.Product));
    }

    [Fact]
    public async Task The_summary_answers_the_shoppers_own_name_cart_count_and_coupons()
    {
        var shop = await StoreAsync();
        var a = await ShopperAsync(shop.Slug, "摘要甲");
        var b = await ShopperAsync(shop.Slug, "摘要乙");
        await app.AddToCartAsync(shop.Slug, a.Id, shop.SkuId, 2);

        var response = await a.Client.GetAsync("/api/v1/me/summary");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("no-store", response.Headers.CacheControl?.ToString());
        var mine = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(mine.GetProperty("signedIn").GetBoolean());
        Assert.Equal("摘要甲", mine.GetProperty("name").GetString());
        Assert.Equal(1, mine.GetProperty("cartCount").GetInt32());

        var theirs = await b.Client.GetFromJsonAsync<JsonElement>("/api/v1/me/summary");
        Assert.Equal("摘要乙", theirs.GetProperty("name").GetString());
        Assert.Equal(0, theirs.GetProperty("cartCount").GetInt32());

        var guest = await app.ClientFor(shop.Slug).GetFromJsonAsync<JsonElement>("/api/v1/me/summary");
        Assert.False(guest.GetProperty("signedIn").GetBoolean());
        Assert.Equal(JsonValueKind.Null, guest.GetProperty("name").ValueKind);
    }

    [Fact]
    public async Task Adding_to_the_cart_and_signing_out_work_from_a_cached_page()
    {
        var shop = await StoreAsync();
        var a = await ShopperAsync(shop.Slug, "加购甲");
        var b = await ShopperAsync(shop.Slug, "加购乙");
        await b.Client.GetStringAsync($"/p/{shop.Product}");   // B's visit keeps the signed-in copy
        var page = Forms.Parse(await a.Client.GetStringAsync($"/p/{shop.Product}"));
        Assert.Equal("/cart/add", page.QuerySelector("[data-testid=add-to-cart]")?.GetAttribute("formaction"));

        var added = await PostFormAsync(a.Client, shop.Slug, "/cart/add", new() { ["sku"] = shop.SkuCode, ["quantity"] = "2" });
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        Assert.Equal($"/cart?added={shop.SkuCode}", added.Headers.Location?.OriginalString);
        Assert.Equal(1, (await a.Client.GetFromJsonAsync<JsonElement>("/api/v1/me/summary")).GetProperty("cartCount").GetInt32());
        Assert.Equal(2, await app.InStoreAsync(shop.Slug, db => db.CartLines.Where(l => l.OwnerId == a.Id).SumAsync(l => l.Quantity)));

        // The cached page's sign-out form has no token: a post from this site's page signs out, one without Origin does not.
        var form = page.QuerySelector("form[action='/account/logout']");
        Assert.NotNull(form);
        Assert.Null(form.QuerySelector("input[name=__RequestVerificationToken]"));
        var refused = await a.Client.PostAsync("/account/logout", new FormUrlEncodedContent(new Dictionary<string, string>()));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var signedOut = await PostFormAsync(a.Client, shop.Slug, "/account/logout", []);
        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        Assert.False((await a.Client.GetFromJsonAsync<JsonElement>("/api/v1/me/summary")).GetProperty("signedIn").GetBoolean());
    }

    private sealed record Shop(string Slug, string Category, string Product, Guid SkuId, string SkuCode);

    private sealed record Visitor(HttpClient Client, Guid Id);

    /// <summary>A new store with one category and one listed product of one SKU.</summary>
    private async Task<Shop> StoreAsync(decimal price = 50m)
    {
        var slug = "signedin-" + Guid.NewGuid().ToString("N")[..8];
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new CreateStore.Command { Slug = slug, Name = "缓存商店 " + slug });
        }

        var category = await app.CategoryAsync(slug, "缓存分类", "cache-category");
        var product = await app.ProductAsync(slug, "缓存商品", price, category: category, stock: 50, slug: "cache-product");
        var sku = await app.InStoreAsync(slug, db => db.Skus.Where(s => s.ProductId == product.ProductId).Select(s => new { s.Id, s.Code }).SingleAsync());
        return new Shop(slug, "cache-category", "cache-product", sku.Id, sku.Code);
    }

    private async Task<Visitor> ShopperAsync(string store, string name)
    {
        var client = app.ClientFor(store);
        var response = await client.PostAsJsonAsync("/api/v1/account/register",
            new { email = $"s-{Guid.NewGuid():N}@example.com", password = "Shopper1234-long", displayName = name });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return new Visitor(client, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("shopperId").GetGuid());
    }

    /// <summary>普通 (everyone, no discount) and 黄金 (9折); answers 黄金's id.</summary>
    private Task<Guid> TiersAsync(string store) => app.InStoreAsync(store, async db =>
    {
        var now = app.Clock.GetUtcNow();
        var gold = MemberTier.Create(db.TenantId!.Value, new MemberTierDraft("黄金", 1000m, 0.9m, false, 1m), now);
        db.MemberTiers.AddRange(MemberTier.Create(db.TenantId!.Value, new MemberTierDraft("普通", 0m, 1m, false, 1m), now), gold);
        await db.SaveChangesAsync();
        return gold.Id;
    });

    /// <summary>Puts the shopper in the tier (before any page of theirs is rendered), as if regraded <paramref name="updatedDaysAgo"/> days ago.</summary>
    private Task TierAsync(string store, Guid shopper, Guid tier, int updatedDaysAgo = 0) => app.InStoreAsync(store, async db =>
    {
        var at = app.Clock.GetUtcNow().AddDays(-updatedDaysAgo);
        return await db.Database.ExecuteSqlAsync($"""
            insert into member_accounts (tenant_id, shopper_id, tier_id, growth, points_balance, tier_changed_at, updated_at)
            values ({db.TenantId!.Value}, {shopper}, {tier}, 0, 0, {at}, {at})
            on conflict (tenant_id, shopper_id) do update set tier_id = excluded.tier_id, updated_at = excluded.updated_at
            """);
    });

    private static async Task<string?> MemberPriceAsync(HttpClient client, string product) =>
        Forms.Parse(await client.GetStringAsync($"/p/{product}")).QuerySelector("[data-testid=member-price]")?.TextContent;

    private static Task<HttpResponseMessage> PostFormAsync(HttpClient client, string store, string url, Dictionary<string, string> values)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(values) };
        request.Headers.Add("Origin", $"http://{store}.localhost");
        return client.SendAsync(request);
    }

    private async Task OwnerSqlAsync(string store, string sql)
    {
        await using var conn = new Npgsql.NpgsqlConnection(app.Database.AdminConnectionString);
        await conn.OpenAsync();
        await using var cmd = new Npgsql.NpgsqlCommand($"select set_config('app.tenant_id', '{await app.StoreIdAsync(store)}', false); {sql}", conn);
        await cmd.ExecuteNonQueryAsync();
    }
}
