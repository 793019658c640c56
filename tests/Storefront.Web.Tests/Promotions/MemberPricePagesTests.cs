using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Storefront.Domain.Catalog;
using Storefront.Domain.Members;
using Storefront.Domain.Pricing;
using Storefront.Web.Features.Catalog.Admin;
using Storefront.Web.Tests.Infrastructure;
using Storefront.Web.Tests.Ordering;

namespace Storefront.Web.Tests.Promotions;

/// <summary>
/// 会员价 where a member shops: the chosen SKU's member price on the product page, the member line in the cart, and 满减
/// thresholds judged on what the member pays (docs/decisions/0031): a 凑单 hint says what is left to reach one.
/// </summary>
public sealed class MemberPricePagesTests(StorefrontApp app) : IClassFixture<StorefrontApp>
{
    /// <summary>黄金 (9.5折) is the store's only tier, from growth 0: every shopper of this class's store is a 黄金 member.</summary>
    private Task GoldForEveryoneAsync() => app.InStoreAsync("demo", async db =>
    {
        if (!await db.MemberTiers.AnyAsync())
        {
            db.MemberTiers.Add(MemberTier.Create(db.TenantId!.Value, new MemberTierDraft("黄金", 0m, 0.95m, false, 1m), app.Clock.GetUtcNow()));
            await db.SaveChangesAsync();
        }

        return 0;
    });

    private static string? Text(AngleSharp.Html.Dom.IHtmlDocument page, string selector) => page.QuerySelector(selector)?.TextContent.Trim();

    [Fact]
    public async Task A_member_whose_member_price_falls_under_the_threshold_sees_in_the_cart_and_at_checkout_what_is_left_to_reach_it()
    {
        await GoldForEveryoneAsync();
        var (client, shopper) = await app.NewShopperAsync();
        var (sku, product) = await app.PricedSkuAsync("凑单耳机", 200m, 10);
        await app.FullReductionAsync("会员凑单", ScopeKind.Products, [product], (200m, 30m));
        await app.AddToCartAsync("demo", shopper, sku, 1);

        // ¥200.00 at list price, ¥190.00 for a 黄金 member: under 满200, so nothing off, and ¥10.00 still to go.
        var cart = await client.GetPageAsync("/cart");
        Assert.Equal("黄金会员价 9.5折 −¥10.00", Text(cart, "[data-testid=line-adjustment][data-kind=member]"));
        Assert.Null(cart.QuerySelector("[data-testid=order-adjustment][data-kind=order-promotion]"));
        Assert.Equal("再买¥10.00可减30", Text(cart, "[data-testid=promotion-hint][data-applied=false]"));
        Assert.Equal("¥190.00", Text(cart, "[data-testid=cart-total]"));

        var checkout = await client.GetPageAsync("/checkout");
        Assert.Equal("再买¥10.00可减30", Text(checkout, "[data-testid=promotion-hint][data-applied=false]"));
        Assert.Equal("¥190.00", Text(checkout, "[data-testid=total]"));

        // In English, the same facts in English words (the tier's name is the store's).
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/culture?c=en&returnUrl=/")).StatusCode);
        cart = await client.GetPageAsync("/cart");
        Assert.Equal("黄金 member price, 5% off −¥10.00", Text(cart, "[data-testid=line-adjustment][data-kind=member]"));
        Assert.Equal("Spend ¥10.00 more to get ¥30 off", Text(cart, "[data-testid=promotion-hint][data-applied=false]"));

        // One more reaches the threshold on the member price: the 满减 applies and the hint says so.
        await app.InStoreAsync("demo", db => db.CartLines.Where(l => l.OwnerId == shopper).ExecuteUpdateAsync(s => s.SetProperty(l => l.Quantity, 2)));
        cart = await client.GetPageAsync("/cart");
        Assert.Equal("You get ¥30 off ¥200", Text(cart, "[data-testid=promotion-hint][data-applied=true]"));
        Assert.Equal("¥350.00", Text(cart, "[data-testid=cart-total]"));
    }

    [Fact]
    public async Task A_member_sees_the_chosen_skus_member_price_next_to_its_price_and_a_guest_sees_none()
    {
        await GoldForEveryoneAsync();
        var slug = "member-sku-" + Guid.NewGuid().ToString("N")[..8];
        await app.ProductAsync("demo", new CreateProduct.Command
        {
            Name = "会员价水杯",
            Slug = slug,
            Specs = [new SpecAttribute("容量", ["小", "大"])],
            Skus =
            [
                new() { SpecValues = ["小"], Code = slug + "-S", Price = 100m, Stock = 5 },
                new() { SpecValues = ["大"], Code = slug + "-L", Price = 200m, Stock = 5 },
            ],
            List = true,
        });
        var (member, _) = await app.NewShopperAsync();

        var page = await member.GetPageAsync($"/p/{slug}?sku={slug}-L");
        Assert.Equal("¥200.00", Text(page, "[data-testid=chosen-price]"));
        Assert.Equal("黄金会员价 ¥190.00", Text(page, "[data-testid=chosen-member-price]"));
        // What js/product.js shows when another SKU is chosen: each SKU's own member price.
        var variants = JsonDocument.Parse(page.QuerySelector("script[data-role=variants]")!.TextContent).RootElement;
        Assert.Equal(["黄金会员价 ¥95.00", "黄金会员价 ¥190.00"],
            variants.GetProperty("skus").EnumerateArray().OrderBy(s => s.GetProperty("code").GetString()).Reverse()
                .Select(s => s.GetProperty("member").GetString()));

        var guest = await app.ClientFor("demo").GetPageAsync($"/p/{slug}?sku={slug}-L");
        Assert.True(guest.QuerySelector("[data-testid=chosen-member-price]")!.HasAttribute("hidden"));
        Assert.Equal("", Text(guest, "[data-testid=chosen-member-price]"));
    }
}
