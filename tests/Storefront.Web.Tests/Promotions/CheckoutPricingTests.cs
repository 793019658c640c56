using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Storefront.Domain.Members;
using Storefront.Domain.Ordering;
using Storefront.Domain.Pricing;
using Storefront.Web.Features.Ordering;
using Storefront.Web.Tests.Infrastructure;
using Storefront.Web.Tests.Ordering;

namespace Storefront.Web.Tests.Promotions;

/// <summary>
/// Promotions in the cart, the checkout preview and placed orders, through real HTTP and PostgreSQL: 满减 with its hints,
/// the best coupon, a chosen or no coupon, points, 秒杀 lines; what placing takes (coupon once, points once, flash
/// quota and limit) and what cancelling gives back.
/// </summary>
public sealed class CheckoutPricingTests(StorefrontApp app) : IClassFixture<StorefrontApp>
{
    private static async Task<JsonElement> Json(HttpResponseMessage response) => await response.Content.ReadFromJsonAsync<JsonElement>();

    private static Task<JsonElement> PreviewAsync(HttpClient client, object? body = null) =>
        client.PostAsJsonAsync("/api/v1/checkout/preview", body ?? new { }).ContinueWith(t => Json(t.Result)).Unwrap();

    private static string[] Texts(JsonElement array, string property) => [.. array.EnumerateArray().Select(e => e.GetProperty(property).GetString()!)];

    [Fact]
    public async Task The_cart_shows_the_full_reduction_its_hints_and_the_best_coupon_and_the_order_pays_that_total()
    {
        var (client, shopper) = await app.NewShopperAsync();
        var (sku, product) = await app.PricedSkuAsync("满减外套", 120m, 20);
        var promotion = await app.FullReductionAsync("冬季满减", ScopeKind.Products, [product], (200m, 50m), (300m, 100m));
        var coupon = await app.CouponForAsync(shopper, "外套券", 10m, 100m, [product]);

        // One coat (¥120): below 满200; the coupon (满100减10) already applies.
        await app.AddToCartAsync("demo", shopper, sku, 1);
        var cart = await Json(await client.GetAsync("/api/v1/cart"));
        var pricing = cart.GetProperty("pricing");
        Assert.Contains("再买¥80.00可减50", Texts(pricing.GetProperty("hints"), "text"));
        Assert.Equal(coupon, pricing.GetProperty("couponId").GetGuid());
        Assert.Equal(110m, pricing.GetProperty("total").GetDecimal());

        // Two coats (¥240): 满200减50 applied, 满300减100 within reach, the coupon on top (it stacks).
        await app.InStoreAsync("demo", db => db.CartLines.Where(l => l.OwnerId == shopper).ExecuteUpdateAsync(s => s.SetProperty(l => l.Quantity, 2)));
        cart = await Json(await client.GetAsync("/api/v1/cart"));
        pricing = cart.GetProperty("pricing");
        var hints = Texts(pricing.GetProperty("hints"), "text");
        Assert.Contains("已享满200减50", hints);
        Assert.Contains("再买¥60.00可减100", hints);
        var adjustments = pricing.GetProperty("adjustments").EnumerateArray()
            .Select(a => (a.GetProperty("kind").GetString(), a.GetProperty("amount").GetDecimal(), a.GetProperty("sourceId").GetGuid())).ToList();
        Assert.Equal([(AdjustmentKinds.OrderPromotion, 50m, promotion), (AdjustmentKinds.Coupon, 10m, coupon)], adjustments);
        Assert.Equal((240m, 60m, 180m),
            (pricing.GetProperty("subtotal").GetDecimal(), pricing.GetProperty("discount").GetDecimal(), pricing.GetProperty("total").GetDecimal()));
        var line = cart.GetProperty("lines")[0].GetProperty("pricing");
        Assert.Equal(180m, line.GetProperty("paid").GetDecimal());
        Assert.Equal(2, line.GetProperty("adjustments").GetArrayLength());

        // The cart page shows the same.
        var page = await client.GetPageAsync("/cart");
        Assert.Contains(page.QuerySelectorAll("[data-testid=promotion-hint]"), h => h.TextContent.Trim() == "已享满200减50");
        Assert.Contains(page.QuerySelectorAll("[data-testid=promotion-hint]"), h => h.TextContent.Trim() == "再买¥60.00可减100");
        Assert.Equal(2, page.QuerySelectorAll("[data-testid=order-adjustment]").Length);
        Assert.Contains("外套券", page.QuerySelector("[data-testid=cart-coupon]")!.TextContent);
        Assert.Contains("180.00", page.QuerySelector("[data-testid=cart-total]")!.TextContent);

        // Checkout: free shipping from ¥99 of goods; the order costs what the cart said.
        var preview = await PreviewAsync(client);
        Assert.Equal((180m, 0m), (preview.GetProperty("total").GetDecimal(), preview.GetProperty("shippingFee").GetDecimal()));
        Assert.Equal(coupon, preview.GetProperty("recommendedCouponId").GetGuid());
        var checkout = await client.GetPageAsync("/checkout");
        Assert.Contains(checkout.QuerySelectorAll("[data-testid=coupon-option]"), o => o.GetAttribute("data-applied") == "true"
            && o.TextContent.Contains("外套券"));
        Assert.Equal(2, checkout.QuerySelectorAll("[data-testid=breakdown-adjustment]").Length);

        var placed = await client.PlaceOrderAsync("k-" + Guid.NewGuid(), new { address = CheckoutSeed.InlineAddress, expectedTotal = 180m });
        Assert.Equal(HttpStatusCode.Created, placed.StatusCode);
        var number = (await Json(placed)).GetProperty("number").GetString()!;
        var order = await app.StoredOrderAsync("demo", number);
        Assert.Equal((240m, 60m, 180m, coupon), (order.Subtotal, order.Discount, order.Total, order.ShopperCouponId!.Value));
        Assert.Equal(order.Id, await app.CouponOrderAsync(coupon));

        // The shopper's order shows the coupon; cancelling gives it back.
        var detail = await Json(await client.GetAsync($"/api/v1/orders/{number}"));
        Assert.Contains(Texts(detail.GetProperty("adjustments"), "label"), l => l.Contains("外套券"));
        var orderPage = await client.GetPageAsync($"/orders/{number}");
        Assert.NotNull(orderPage.QuerySelector("[data-testid=order-adjustment]"));
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync($"/api/v1/orders/{number}/cancel", new { reason = "不要了" })).StatusCode);
        Assert.Null(await app.CouponOrderAsync(coupon));
    }

    [Fact]
    public async Task A_full_reduction_on_a_category_covers_its_subcategories_in_the_cart_and_the_order()
    {
        var (client, shopper) = await app.NewShopperAsync();
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var clothing = await app.CategoryAsync("demo", "服装" + suffix, "clothing-" + suffix);
        var coats = await app.CategoryAsync("demo", "外套" + suffix, "coats-" + suffix, clothing);
        var (coat, _) = await app.PricedSkuAsync("羽绒服", 150m, 20, coats);
        var (other, _) = await app.PricedSkuAsync("台灯", 150m, 20);
        var promotion = await app.FullReductionAsync("服装满减", ScopeKind.Categories, [clothing], (200m, 30m));

        // A coat (in a subcategory of 服装) and a lamp: only the coat counts towards 满200, so no reduction yet.
        await app.AddToCartAsync("demo", shopper, coat, 1);
        await app.AddToCartAsync("demo", shopper, other, 1);
        var pricing = (await Json(await client.GetAsync("/api/v1/cart"))).GetProperty("pricing");
        Assert.Equal((300m, 0m), (pricing.GetProperty("subtotal").GetDecimal(), pricing.GetProperty("discount").GetDecimal()));

        // Two coats: ¥300 of 服装, 满200减30 applies; the order pays what the cart said.
        await app.InStoreAsync("demo", db =>
            db.CartLines.Where(l => l.OwnerId == shopper && l.SkuId == coat).ExecuteUpdateAsync(s => s.SetProperty(l => l.Quantity, 2)));
        pricing = (await Json(await client.GetAsync("/api/v1/cart"))).GetProperty("pricing");
        Assert.Equal((450m, 30m), (pricing.GetProperty("subtotal").GetDecimal(), pricing.GetProperty("discount").GetDecimal()));
        Assert.Contains(pricing.GetProperty("adjustments").EnumerateArray(), a => a.GetProperty("sourceId").GetGuid() == promotion);

        var placed = await client.PlaceOrderAsync("k-" + Guid.NewGuid(),
            new { address = CheckoutSeed.InlineAddress, expectedTotal = pricing.GetProperty("total").GetDecimal() });
        Assert.Equal(HttpStatusCode.Created, placed.StatusCode);
        var order = await app.StoredOrderAsync("demo", (await Json(placed)).GetProperty("number").GetString()!);
        Assert.Equal((450m, 30m), (order.Subtotal, order.Discount));
    }

    [Fact]
    public async Task An_expired_coupon_is_listed_as_expired_and_choosing_it_says_it_expired()
    {
        var (client, shopper) = await app.NewShopperAsync();
        var (sku, product) = await app.PricedSkuAsync("过期券商品", 60m, 20);
        var expired = await app.CouponForAsync(shopper, "过期券", 5m, 50m, [product]);
        var now = app.Clock.GetUtcNow();
        await app.ExecuteAsync("demo", $"update shopper_coupons set valid_from = '{now.AddDays(-31):O}', valid_until = '{now.AddHours(-1):O}' "
            + $"where id = '{expired}'");
        await app.AddToCartAsync("demo", shopper, sku, 1);

        var best = await PreviewAsync(client);
        var option = best.GetProperty("couponOptions").EnumerateArray().Single(o => o.GetProperty("shopperCouponId").GetGuid() == expired);
        Assert.False(option.GetProperty("usable").GetBoolean());
        Assert.Equal("已过期", option.GetProperty("reason").GetString());

        var chosen = await PreviewAsync(client, new { coupon = expired.ToString() });
        Assert.Contains("已过期", chosen.GetProperty("couponProblem").GetString());
        Assert.DoesNotContain("不属于你", chosen.GetProperty("couponProblem").GetString());
    }

    [Fact]
    public async Task A_chosen_coupon_or_none_is_priced_and_a_coupon_below_its_minimum_says_why()
    {
        var (client, shopper) = await app.NewShopperAsync();
        var (sku, product) = await app.PricedSkuAsync("选券商品", 60m, 20);
        var small = await app.CouponForAsync(shopper, "小券", 5m, 50m, [product]);
        var big = await app.CouponForAsync(shopper, "大券", 30m, 100m, [product]);
        await app.AddToCartAsync("demo", shopper, sku, 1);

        var best = await PreviewAsync(client);
        Assert.Equal(small, best.GetProperty("couponId").GetGuid());
        var options = best.GetProperty("couponOptions").EnumerateArray().ToDictionary(o => o.GetProperty("shopperCouponId").GetGuid());
        Assert.True(options[small].GetProperty("usable").GetBoolean());
        Assert.Equal(5m, options[small].GetProperty("saving").GetDecimal());
        Assert.False(options[big].GetProperty("usable").GetBoolean());
        Assert.Equal("适用商品满¥100.00可用，还差¥40.00。", options[big].GetProperty("reason").GetString());

        var none = await PreviewAsync(client, new { coupon = "none" });
        Assert.Equal(JsonValueKind.Null, none.GetProperty("couponId").ValueKind);
        Assert.Equal(60m + 10m, none.GetProperty("total").GetDecimal());

        var unusable = await PreviewAsync(client, new { coupon = big.ToString() });
        Assert.Contains("还差¥40.00", unusable.GetProperty("couponProblem").GetString());
        Assert.Equal("none", unusable.GetProperty("couponChoice").GetString());

        // Placing with the coupon that cannot be used is refused, nothing is taken.
        var refused = await client.PlaceOrderAsync("k-" + Guid.NewGuid(), new { address = CheckoutSeed.InlineAddress, coupon = big.ToString() });
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Null(await app.CouponOrderAsync(big));

        var bad = await client.PlaceOrderAsync("k-" + Guid.NewGuid(), new { address = CheckoutSeed.InlineAddress, coupon = "not-a-coupon" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);

        var placed = await client.PlaceOrderAsync("k-" + Guid.NewGuid(), new { address = CheckoutSeed.InlineAddress, coupon = "none", expectedTotal = 70m });
        Assert.Equal(HttpStatusCode.Created, placed.StatusCode);
        Assert.Null(await app.CouponOrderAsync(small));
    }

    [Fact]
    public async Task Points_pay_part_of_the_order_from_the_oldest_lot_and_come_back_when_it_is_cancelled()
    {
        var (client, shopper) = await app.NewShopperAsync();
        var (sku, _) = await app.PricedSkuAsync("积分商品", 100m, 20);
        await app.GivePointsAsync(shopper, 700);
        await app.GivePointsAsync(shopper, 300, expiresAt: app.Clock.GetUtcNow().AddDays(10));   // expires first: spent first
        await app.AddToCartAsync("demo", shopper, sku, 1);

        // 100 points = ¥1, at most 20 % of ¥100: 1000 points held, 2000 would be allowed.
        var preview = await PreviewAsync(client, new { points = 500 });
        Assert.Equal((1000, 1000, 500, 5m), (preview.GetProperty("pointsBalance").GetInt32(), preview.GetProperty("pointsUsable").GetInt32(),
            preview.GetProperty("pointsUsed").GetInt32(), preview.GetProperty("pointsDeduction").GetDecimal()));
        Assert.Equal(95m, preview.GetProperty("total").GetDecimal());

        // More than held: a clear refusal, nothing spent.
        var tooMany = await client.PlaceOrderAsync("k-" + Guid.NewGuid(), new { address = CheckoutSeed.InlineAddress, points = 5000 });
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
        Assert.Contains("你只有 1000 积分", (await Json(tooMany)).GetProperty("title").GetString());
        Assert.Equal(1000, await app.PointsBalanceAsync(shopper));

        var placed = await client.PlaceOrderAsync("k-" + Guid.NewGuid(), new { address = CheckoutSeed.InlineAddress, points = 500, expectedTotal = 95m });
        Assert.Equal(HttpStatusCode.Created, placed.StatusCode);
        var number = (await Json(placed)).GetProperty("number").GetString()!;
        var order = await app.StoredOrderAsync("demo", number);
        Assert.Equal((500, 5m, 95m), (order.PointsUsed, order.PointsDeduction, order.Total));
        Assert.Equal(500, await app.PointsBalanceAsync(shopper));
        var lots = await app.InStoreAsync("demo", db =>
            db.PointsEntries.AsNoTracking().Where(e => e.ShopperId == shopper).OrderBy(e => e.Points).ToListAsync());
        Assert.Equal([(PointsEntryKind.Redeemed, -500, 0), (PointsEntryKind.Earned, 300, 0), (PointsEntryKind.Earned, 700, 500)],
            lots.Select(e => (e.Kind, e.Points, e.Remaining)).ToList());

        var detail = await Json(await client.GetAsync($"/api/v1/orders/{number}"));
        Assert.Equal((500, 5m), (detail.GetProperty("pointsUsed").GetInt32(), detail.GetProperty("pointsDeduction").GetDecimal()));
        var orderPage = await client.GetPageAsync($"/orders/{number}");
        Assert.Contains("500", orderPage.QuerySelector("[data-testid=order-points]")!.TextContent);

        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync($"/api/v1/orders/{number}/cancel", new { reason = "不要了" })).StatusCode);
        Assert.Equal(1000, await app.PointsBalanceAsync(shopper));
        Assert.Equal(1,
            await app.CountAsync("demo", $"from points_entries where shopper_id = '{shopper}' and kind = 'Returned' and points = 500 and remaining = 500"));
    }

    [Fact]
    public async Task Two_parallel_checkouts_never_spend_the_same_points_twice()
    {
        var (client, shopper) = await app.NewShopperAsync();
        var (sku, _) = await app.PricedSkuAsync("并发积分", 100m, 20);
        await app.GivePointsAsync(shopper, 1000);
        await app.AddToCartAsync("demo", shopper, sku, 1);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 2).Select(i =>
            client.PlaceOrderAsync($"points-{i}-{Guid.NewGuid()}", new { address = CheckoutSeed.InlineAddress, points = 600 })));

        Assert.DoesNotContain(outcomes, o => (int)o.StatusCode >= 500);
        Assert.Single(outcomes, o => o.StatusCode == HttpStatusCode.Created);
        // The other one is refused: 409 when it got as far as spending (the conditional UPDATE found too few points), or 400
        // when the first had already emptied the cart before it read it.
        var refused = Assert.Single(outcomes, o => o.StatusCode != HttpStatusCode.Created);
        Assert.Contains(refused.StatusCode, new[] { HttpStatusCode.Conflict, HttpStatusCode.BadRequest });
        Assert.Equal(400, await app.PointsBalanceAsync(shopper));
        Assert.Equal(1, await app.CountAsync("demo", $"from points_entries where shopper_id = '{shopper}' and kind = 'Redeemed'"));
        Assert.Equal(1, await app.CountAsync("demo", $"from orders where shopper_id = '{shopper}' and points_used = 600"));
    }

    [Fact]
    public async Task Two_parallel_checkouts_use_a_coupon_once()
    {
        var (client, shopper) = await app.NewShopperAsync();
        var (sku, product) = await app.PricedSkuAsync("并发用券", 100m, 20);
        var coupon = await app.CouponForAsync(shopper, "抢用券", 20m, 50m, [product]);
        await app.AddToCartAsync("demo", shopper, sku, 1);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 2).Select(i =>
            client.PlaceOrderAsync($"coupon-{i}-{Guid.NewGuid()}", new { address = CheckoutSeed.InlineAddress, coupon = coupon.ToString() })));

        Assert.DoesNotContain(outcomes, o => (int)o.StatusCode >= 500);
        Assert.Single(outcomes, o => o.StatusCode == HttpStatusCode.Created);
        Assert.Contains(Assert.Single(outcomes, o => o.StatusCode != HttpStatusCode.Created).StatusCode,
            new[] { HttpStatusCode.Conflict, HttpStatusCode.BadRequest });
        Assert.Equal(1, await app.CountAsync("demo", $"from orders where shopper_coupon_id = '{coupon}'"));
        Assert.NotNull(await app.CouponOrderAsync(coupon));
    }

    [Fact]
    public async Task A_flash_line_takes_quota_and_the_shoppers_limit_and_the_payment_timeout_gives_everything_back()
    {
        var (client, shopper) = await app.NewShopperAsync();
        var (flashSku, _) = await app.PricedSkuAsync("秒杀耳机", 199m, 50);
        var (other, otherProduct) = await app.PricedSkuAsync("配件", 100m, 50);
        var item = await app.FlashItemAsync(flashSku, 99m, quota: 10, perShopperLimit: 2);
        var coupon = await app.CouponForAsync(shopper, "配件券", 10m, 50m, [otherProduct]);
        await app.GivePointsAsync(shopper, 1000);
        await app.AddToCartAsync("demo", shopper, flashSku, 2);
        await app.AddToCartAsync("demo", shopper, other, 1);

        var preview = await PreviewAsync(client, new { points = 1000 });
        var flashLine = preview.GetProperty("lines").EnumerateArray().Single(l => l.GetProperty("skuId").GetGuid() == flashSku);
        Assert.Contains(flashLine.GetProperty("adjustments").EnumerateArray(),
            a => a.GetProperty("kind").GetString() == AdjustmentKinds.Flash && a.GetProperty("amount").GetDecimal() == 200m
                && a.GetProperty("sourceId").GetGuid() == item);
        Assert.Equal(1000, preview.GetProperty("pointsUsed").GetInt32());
        Assert.Equal(coupon, preview.GetProperty("couponId").GetGuid());
        var total = preview.GetProperty("total").GetDecimal();

        var placed = await client.PlaceOrderAsync("k-" + Guid.NewGuid(), new { address = CheckoutSeed.InlineAddress, points = 1000, expectedTotal = total });
        Assert.Equal(HttpStatusCode.Created, placed.StatusCode);
        var number = (await Json(placed)).GetProperty("number").GetString()!;
        Assert.Equal((2, 2), await app.FlashCountsAsync(item, shopper));
        Assert.NotNull(await app.CouponOrderAsync(coupon));
        Assert.Equal(0, await app.PointsBalanceAsync(shopper));

        // The limit is reached: one more is priced at the list price, with a note saying why.
        await app.AddToCartAsync("demo", shopper, flashSku, 1);
        var again = await PreviewAsync(client);
        var note = again.GetProperty("lines")[0].GetProperty("promotionNotes")[0].GetString();
        Assert.Contains("限购 2 件", note);
        Assert.Equal(199m, again.GetProperty("total").GetDecimal());
        await app.InStoreAsync("demo", db => db.CartLines.Where(l => l.OwnerId == shopper).ExecuteDeleteAsync());

        // Unpaid past the due time: the timeout cancels it and everything comes back.
        var order = await app.StoredOrderAsync("demo", number);
        app.Clock.SetUtcNow(order.PaymentDueAt.AddSeconds(1));
        // The app's own timer job may get there first (it skips an order this batch holds, and the other way round).
        await app.SendAsync("demo", new ExpireUnpaidOrders.Command());
        for (var i = 0; i < 100 && (await app.StoredOrderAsync("demo", number)).Status != OrderStatus.Cancelled; i++)
        {
            await Task.Delay(100);
        }

        Assert.Equal(OrderStatus.Cancelled, (await app.StoredOrderAsync("demo", number)).Status);
        Assert.Equal((0, 0), await app.FlashCountsAsync(item, shopper));
        Assert.Null(await app.CouponOrderAsync(coupon));
        Assert.Equal(1000, await app.PointsBalanceAsync(shopper));
    }

    [Fact]
    public async Task Staff_cancelling_an_order_gives_the_coupon_and_the_points_back()
    {
        var (client, shopper) = await app.NewShopperAsync();
        var (sku, product) = await app.PricedSkuAsync("后台取消", 200m, 20);
        var coupon = await app.CouponForAsync(shopper, "后台券", 20m, 100m, [product]);
        await app.GivePointsAsync(shopper, 800);
        await app.AddToCartAsync("demo", shopper, sku, 1);

        // ¥200 − ¥20 coupon = ¥180; 800 points pay ¥8 (the cap, 20 % of ¥180, would allow ¥36).
        var placed = await client.PlaceOrderAsync("k-" + Guid.NewGuid(), new { address = CheckoutSeed.InlineAddress, points = 800, expectedTotal = 172m });
        Assert.Equal(HttpStatusCode.Created, placed.StatusCode);
        var number = (await Json(placed)).GetProperty("number").GetString();
        Assert.Equal(0, await app.PointsBalanceAsync(shopper));
        Assert.NotNull(await app.CouponOrderAsync(coupon));

        var staff = app.ClientFor("demo");
        await staff.SignInStaffAsync("owner@demo.local");
        var cancelled = await staff.PostAsJsonAsync($"/api/v1/admin/orders/{number}/cancel", new { reason = "缺货" });
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        Assert.Equal(800, await app.PointsBalanceAsync(shopper));
        Assert.Null(await app.CouponOrderAsync(coupon));
    }

    [Fact]
    public async Task The_checkout_page_picks_a_coupon_and_points_shows_the_breakdown_and_places_the_order_at_that_total()
    {
        var (client, shopper) = await app.NewShopperAsync();
        var (sku, product) = await app.PricedSkuAsync("页面选券", 150m, 20);
        var best = await app.CouponForAsync(shopper, "页面大券", 30m, 100m, [product]);
        var smaller = await app.CouponForAsync(shopper, "页面小券", 10m, 100m, [product]);
        var tooHigh = await app.CouponForAsync(shopper, "页面高门槛券", 50m, 500m, [product]);
        await app.GivePointsAsync(shopper, 1000);
        await app.AddToCartAsync("demo", shopper, sku, 1);

        var page = await client.GetPageAsync("/checkout");
        var options = page.QuerySelectorAll("[data-testid=coupon-option]").ToDictionary(o => Guid.Parse(o.GetAttribute("data-coupon")!));
        Assert.Equal("true", options[best].GetAttribute("data-applied"));
        Assert.NotNull(options[best].QuerySelector("[data-testid=coupon-recommended]"));
        Assert.Contains("¥30.00", options[best].QuerySelector("[data-testid=coupon-saving]")!.TextContent);
        Assert.Contains("¥10.00", options[smaller].QuerySelector("[data-testid=coupon-saving]")!.TextContent);
        Assert.Contains("还差¥350.00", options[tooHigh].QuerySelector("[data-testid=coupon-reason]")!.TextContent);
        Assert.Contains("1000", page.QuerySelector("[data-testid=points-balance]")!.TextContent);
        Assert.Equal("¥120.00", page.QuerySelector("[data-testid=total]")!.TextContent.Trim());

        // The smaller coupon and 500 points (¥5), chosen with the page's GET forms.
        page = await client.GetPageAsync($"/checkout?coupon={smaller}&points=500");
        Assert.Equal("¥135.00", page.QuerySelector("[data-testid=total]")!.TextContent.Trim());
        Assert.Contains("500", page.QuerySelector("[data-testid=points-deduction]")!.TextContent);
        // The points deduction is listed once, on its own row, not again among the promotions' lines.
        Assert.DoesNotContain(page.QuerySelectorAll("[data-testid=breakdown-adjustment]"), a => a.GetAttribute("data-kind") == "points");
        Assert.Single(page.QuerySelectorAll("[data-testid=breakdown] dd"), d => d.TextContent.Contains("¥5.00"));
        Assert.Contains(page.QuerySelectorAll("[data-testid=breakdown-adjustment-label]"), l => l.TextContent.Contains("页面小券"));

        var fields = page.HiddenFields("checkout-form");
        fields["Input.AddressId"] = "";
        fields["Input.Address.Name"] = "赵六";
        fields["Input.Address.Phone"] = "13700001111";
        fields["Input.Address.Province"] = "广东省";
        fields["Input.Address.City"] = "深圳市";
        fields["Input.Address.District"] = "南山区";
        fields["Input.Address.Street"] = "科技园 1 号";
        var posted = await client.PostAsync("/checkout", new FormUrlEncodedContent(fields));
        Assert.True(posted.StatusCode == HttpStatusCode.Redirect, $"{(int)posted.StatusCode}: {await posted.Content.ReadAsStringAsync()}");
        var order = await app.InStoreAsync("demo", db => db.Orders.AsNoTracking().SingleAsync(o => o.ShopperId == shopper));
        Assert.Equal((135m, smaller, 500), (order.Total, order.ShopperCouponId!.Value, order.PointsUsed));
        Assert.Null(await app.CouponOrderAsync(best));
        Assert.Equal(500, await app.PointsBalanceAsync(shopper));
    }
}
