using System.Net;
using Microsoft.EntityFrameworkCore;
using Storefront.Domain.Promotions;
using Storefront.Web.Tests.Infrastructure;

namespace Storefront.Web.Tests.Promotions;

/// <summary>The flash sale storefront: /flash and the product page's promotions block, counting down and selling out, never stale.</summary>
public sealed class FlashStorefrontTests(StorefrontApp app) : IClassFixture<StorefrontApp>
{
    [Fact]
    public async Task A_flash_sale_counts_down_to_its_start_goes_live_and_shows_sold_out_on_the_flash_page_and_the_product_page()
    {
        var code = "FL-" + Guid.NewGuid().ToString("N")[..8];
        var skuId = (await app.SeedProductAsync("demo", "秒杀耳机", 199m, categoryId: null, list: true, (code, 100, 5)))[code];
        var slug = await app.InStoreAsync("demo", db => db.Products.Where(p => p.Skus.Any(s => s.Id == skuId)).Select(p => p.Slug).SingleAsync());
        var start = app.Clock.GetUtcNow().AddHours(1).AddMinutes(2).AddSeconds(3);
        var itemId = await app.InStoreAsync("demo", async db =>
        {
            var sale = FlashSale.Create(db.TenantId!.Value, "午间秒杀", start, start.AddHours(2), app.Clock.GetUtcNow());
            var item = sale.SetItem((await db.Skus.SingleAsync(s => s.Id == skuId)).ProductId, new FlashSaleItemDraft(skuId, 99m, 10, 1), 199m,
                app.Clock.GetUtcNow());
            db.FlashSales.Add(sale);
            await db.SaveChangesAsync();
            return item.Id;
        });

        var guest = app.ClientFor("demo");
        var product = await guest.GetPageAsync("/p/" + slug);
        Assert.Equal($"/promotions/product/{slug}", product.QuerySelector("[data-testid=product-promotions]")?.GetAttribute("data-promotions-src"));

        var flash = await guest.GetPageAsync("/flash");
        var session = flash.QuerySelectorAll("[data-testid=flash-session]").Single(s => s.TextContent.Contains("午间秒杀"));
        Assert.Equal("Upcoming", session.GetAttribute("data-phase"));
        Assert.Equal("01:02:03", session.QuerySelector("[data-testid=flash-countdown-remaining]")?.TextContent);
        var item = session.QuerySelector($"[data-testid=flash-item][data-sku='{code}']")!;
        Assert.Contains("99.00", item.QuerySelector("[data-testid=flash-price]")!.TextContent);
        Assert.Contains("10", item.QuerySelector("[data-testid=flash-left]")!.TextContent);

        var block = await guest.GetPageAsync($"/promotions/product/{slug}");
        Assert.Equal("Upcoming", block.QuerySelector("[data-testid=product-flash]")?.GetAttribute("data-phase"));

        // It starts: the page (and the block of the cached product page) says so at once, counting down to the end.
        app.Clock.Advance(TimeSpan.FromHours(1).Add(TimeSpan.FromMinutes(3)));
        flash = await guest.GetPageAsync("/flash");
        session = flash.QuerySelectorAll("[data-testid=flash-session]").Single(s => s.TextContent.Contains("午间秒杀"));
        Assert.Equal("Live", session.GetAttribute("data-phase"));
        Assert.Equal("01:59:03", session.QuerySelector("[data-testid=flash-countdown-remaining]")?.TextContent);
        block = await guest.GetPageAsync($"/promotions/product/{slug}");
        Assert.Equal("Live", block.QuerySelector("[data-testid=product-flash]")?.GetAttribute("data-phase"));
        Assert.Contains("99.00", block.QuerySelector("[data-testid=product-flash-price]")!.TextContent);
        Assert.Null(block.QuerySelector("[data-testid=product-flash-sold-out]"));

        // It sells out (the quota taken by orders): 已抢光 at once, with no catalog eviction.
        await app.ExecuteAsync("demo", $"update flash_sale_items set sold = quota where id = '{itemId}'");
        flash = await guest.GetPageAsync("/flash");
        item = flash.QuerySelector($"[data-testid=flash-item][data-sku='{code}']")!;
        Assert.Equal("true", item.GetAttribute("data-sold-out"));
        Assert.Equal("已抢光", item.QuerySelector("[data-testid=flash-sold-out]")?.TextContent);
        block = await guest.GetPageAsync($"/promotions/product/{slug}");
        Assert.Equal("已抢光", block.QuerySelector("[data-testid=product-flash-sold-out]")?.TextContent);

        // It ends: gone from both.
        app.Clock.Advance(TimeSpan.FromHours(2));
        flash = await guest.GetPageAsync("/flash");
        Assert.DoesNotContain(flash.QuerySelectorAll("[data-testid=flash-session]"), s => s.TextContent.Contains("午间秒杀"));
        block = await guest.GetPageAsync($"/promotions/product/{slug}");
        Assert.Null(block.QuerySelector("[data-testid=product-flash]"));
    }

    [Fact]
    public async Task The_product_block_offers_the_coupons_covering_the_product_and_a_guest_is_sent_to_sign_in()
    {
        var code = "CP-" + Guid.NewGuid().ToString("N")[..8];
        var skuId = (await app.SeedProductAsync("demo", "领券商品", 120m, categoryId: null, list: true, (code, 10, 1)))[code];
        var (productId, slug) = await app.InStoreAsync("demo", db =>
            db.Products.Where(p => p.Skus.Any(s => s.Id == skuId)).Select(p => new ValueTuple<Guid, string>(p.Id, p.Slug)).SingleAsync());
        var mine = await app.CouponAsync("demo", "本品券", 10, 1, scope: Storefront.Domain.Pricing.ScopeKind.Products, scopeIds: [productId]);
        var other = await app.CouponAsync("demo", "他品券", 10, 1, scope: Storefront.Domain.Pricing.ScopeKind.Products, scopeIds: [Guid.NewGuid()]);

        var guest = app.ClientFor("demo");
        var block = await guest.GetPageAsync($"/promotions/product/{slug}");
        var chips = block.QuerySelectorAll("[data-testid=product-coupon]").Select(c => c.GetAttribute("data-coupon-id")).ToList();
        Assert.Contains(mine.ToString(), chips);
        Assert.DoesNotContain(other.ToString(), chips);
        Assert.Equal($"/account/login?returnUrl=%2Fp%2F{slug}",
            block.QuerySelector($"[data-coupon-id='{mine}'] [data-testid=product-claim-signin]")?.GetAttribute("href"));

        var shopper = (await app.ShoppersAsync("demo", 1)).Single();
        var client = app.ClientFor("demo");
        await client.SignInShopperAsync(shopper.Email, ShopperSeed.Password);
        block = await client.GetPageAsync($"/promotions/product/{slug}");
        var form = (AngleSharp.Html.Dom.IHtmlFormElement)block.QuerySelector($"[data-coupon-id='{mine}'] form")!;
        Assert.Null((await client.GetPageAsync($"/promotions/product/{slug}")).QuerySelector($"[data-coupon-id='{mine}'] [data-testid=product-claim-signin]"));
        var post = new HttpRequestMessage(HttpMethod.Post, form.GetAttribute("action"))
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["returnUrl"] = "/p/" + slug }),
        };
        post.Headers.Add("Origin", "http://demo.localhost");
        var response = await client.SendAsync(post);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/p/{slug}?coupon=claimed#product-promotions", response.Headers.Location?.OriginalString);
        var page = await client.GetPageAsync($"/p/{slug}?coupon=claimed");
        Assert.NotNull(page.QuerySelector("[data-testid=product-claim-outcome]"));
        block = await client.GetPageAsync($"/promotions/product/{slug}");
        Assert.NotNull(block.QuerySelector($"[data-coupon-id='{mine}'] [data-testid=coupon-held]"));
        Assert.Equal(1, await app.CountAsync("demo", $"from shopper_coupons where coupon_id = '{mine}' and shopper_id = '{shopper.Id}'"));
    }

    [Fact]
    public async Task The_flash_page_shows_a_stored_image_from_its_media_address()
    {
        var merchant = app.ClientFor("demo");
        await merchant.SignInStaffAsync("merchant@demo.local");
        var upload = await merchant.PostAsync("/api/v1/admin/media",
            new MultipartFormDataContent { { AfterSales.ReviewSeed.PngContent(), "file", "lamp.png" } });
        Assert.Equal(HttpStatusCode.OK, upload.StatusCode);
        var name = System.Text.Json.JsonDocument.Parse(await upload.Content.ReadAsStringAsync()).RootElement.GetProperty("name").GetString()!;

        var code = "FI-" + Guid.NewGuid().ToString("N")[..8];
        var skuId = (await app.SeedProductAsync("demo", "秒杀台灯", 199m, categoryId: null, list: true, (code, 10, 1)))[code];
        await app.ExecuteAsync("demo", $"update skus set image = '{name}' where id = '{skuId}'");
        var now = app.Clock.GetUtcNow();
        await app.InStoreAsync("demo", async db =>
        {
            var sale = FlashSale.Create(db.TenantId!.Value, "图片秒杀", now.AddMinutes(-1), now.AddHours(1), now);
            sale.SetItem((await db.Skus.SingleAsync(s => s.Id == skuId)).ProductId, new FlashSaleItemDraft(skuId, 99m, 5, 1), 199m, now);
            db.FlashSales.Add(sale);
            return await db.SaveChangesAsync();
        });

        var guest = app.ClientFor("demo");
        var flash = await guest.GetPageAsync("/flash");
        var src = flash.QuerySelector($"[data-testid=flash-item][data-sku='{code}'] img")?.GetAttribute("src");

        // The stored name is served under /media/ (the page linked "/{name}", a 404, before).
        Assert.Equal("/media/" + name, src);
        var image = await guest.GetAsync(src);
        Assert.Equal(HttpStatusCode.OK, image.StatusCode);
        Assert.Equal("image/png", image.Content.Headers.ContentType?.MediaType);
    }
}
