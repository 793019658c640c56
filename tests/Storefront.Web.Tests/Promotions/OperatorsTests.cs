using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Storefront.Domain.Ordering;
using Storefront.Domain.Pricing;
using Storefront.Domain.Promotions;
using Storefront.Web.Features.Demo;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Tests.Infrastructure;
using static Storefront.Web.Tests.Infrastructure.ApiAssert;

namespace Storefront.Web.Tests.Promotions;

/// <summary>
/// What operators configure through /api/v1/admin/promotions: 满减/满折, coupons, 限时折扣, flash sales, member tiers,
/// points rules, the preview and the stats; bad input refused with problem+json and nothing changed; Owner and Operator
/// only; one store never sees or touches another's.
/// </summary>
public sealed class OperatorsTests(StorefrontApp app) : IClassFixture<StorefrontApp>
{
    private const string Store = "demo";
    private const string Admin = "/api/v1/admin/promotions";

    /// <summary>A shopper's cookie is not a staff sign-in: the admin API answers 401 (not signed in as staff) or 403.</summary>
    private static readonly HttpStatusCode[] Refused = [HttpStatusCode.Unauthorized, HttpStatusCode.Forbidden];

    private DateTimeOffset Now => app.Clock.GetUtcNow();

    private async Task<HttpClient> StaffAsync(string role = "operator", string store = Store)
    {
        var client = app.ClientFor(store);
        await client.SignInStaffAsync($"{role}@{store}.local");
        return client;
    }

    private object FullReduction(string name = "满200减50", decimal threshold = 200m, decimal off = 50m, DateTimeOffset? start = null, DateTimeOffset? end = null,
        string scope = "Store", Guid[]? scopeIds = null, bool stacks = true) => new
        {
            name,
            kind = "AmountOff",
            threshold = "Amount",
            tiers = new[] { new { threshold, value = off } },
            scope,
            scopeIds = scopeIds ?? [],
            stacksWithCoupons = stacks,
            startsAt = start ?? Now.AddMinutes(-1),
            endsAt = end ?? Now.AddDays(7),
        };

    private object AmountCoupon(string name = "满100减20", decimal value = 20m, decimal minSpend = 100m, int total = 100, int limit = 1) => new
    {
        name,
        kind = "Amount",
        value,
        minSpend,
        scope = "Store",
        stackable = true,
        validity = "DaysFromClaim",
        validDays = 7,
        totalQuantity = total,
        perShopperLimit = limit,
        claimable = true,
    };

    private async Task<(Guid ProductId, Guid SkuId)> SkuAsync(decimal price = 100m)
    {
        var tag = Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        var skus = await app.SeedProductAsync(Store, "活动商品 " + tag, price, categoryId: null, list: true, ($"PA-{tag}", 100, 0));
        var skuId = skus.Values.Single();
        var productId = await app.InStoreAsync(Store, db => db.Skus.Where(s => s.Id == skuId).Select(s => s.ProductId).SingleAsync());
        return (productId, skuId);
    }

    private Task<long> AuditCountAsync(string action, Guid id) => app.CountAsync(Store, $"from audit_log where action = '{action}' and entity_id = '{id}'");

    [Fact]
    public async Task An_operator_creates_a_full_reduction_promotion_edits_it_and_turns_it_off_each_change_audited()
    {
        var client = await StaffAsync();

        var beijing = TimeSpan.FromHours(8);   // a time with an offset is stored as the same instant
        var created = await JsonAsync(await client.PostAsJsonAsync($"{Admin}/order-promotions",
            FullReduction("双十二满减", start: Now.ToOffset(beijing), end: Now.AddDays(7).ToOffset(beijing))), HttpStatusCode.Created);
        Assert.Equal(Now, created.GetProperty("startsAt").GetDateTimeOffset());
        var id = created.GetProperty("id").GetGuid();
        Assert.Equal("双十二满减", created.GetProperty("name").GetString());
        Assert.Equal("满200减50", created.GetProperty("summary").GetString());
        Assert.True(created.GetProperty("isEnabled").GetBoolean());

        var edited = await JsonAsync(await client.PutAsJsonAsync($"{Admin}/order-promotions/{id}", new
        {
            name = "双十二满减",
            kind = "AmountOff",
            threshold = "Amount",
            tiers = new[] { new { threshold = 300m, value = 100m }, new { threshold = 200m, value = 50m } },
            scope = "Store",
            stacksWithCoupons = false,
            startsAt = Now,
            endsAt = Now.AddDays(3),
        }));
        Assert.Equal("满200减50，满300减100", edited.GetProperty("summary").GetString());
        Assert.False(edited.GetProperty("stacksWithCoupons").GetBoolean());

        await JsonAsync(await client.PostAsync($"{Admin}/order-promotions/{id}/disable", null));
        var one = await JsonAsync(await client.GetAsync($"{Admin}/order-promotions/{id}"));
        Assert.False(one.GetProperty("isEnabled").GetBoolean());
        Assert.Contains(await JsonAsync(await client.GetAsync($"{Admin}/order-promotions")) is var list ? list.EnumerateArray() : default,
            r => r.GetProperty("id").GetGuid() == id);

        Assert.Equal(1, await AuditCountAsync("promotion.order.created", id));
        Assert.Equal(1, await AuditCountAsync("promotion.order.updated", id));
        Assert.Equal(1, await AuditCountAsync("promotion.disabled", id));
    }

    [Fact]
    public async Task Order_promotions_that_make_no_sense_are_refused_with_field_errors_and_nothing_is_saved()
    {
        var client = await StaffAsync();
        var before = await app.CountAsync(Store, "from order_promotions");

        var offAboveThreshold = await ProblemAsync(await client.PostAsJsonAsync($"{Admin}/order-promotions", FullReduction(threshold: 200m, off: 250m)));
        Assert.Contains("满200减250", Assert.Single(Errors(offAboveThreshold, "tiers")));

        var backwards = await ProblemAsync(await client.PostAsJsonAsync($"{Admin}/order-promotions", FullReduction(start: Now, end: Now.AddHours(-1))));
        Assert.NotEmpty(Errors(backwards, "endsAt"));

        var rate = await ProblemAsync(await client.PostAsJsonAsync($"{Admin}/order-promotions", new
        {
            name = "满2件",
            kind = "Rate",
            threshold = "Quantity",
            tiers = new[] { new { threshold = 2m, value = 1.2m } },
            scope = "Store",
            startsAt = Now,
            endsAt = Now.AddDays(1),
        }));
        Assert.NotEmpty(Errors(rate, "tiers"));

        var tiersDown = await ProblemAsync(await client.PostAsJsonAsync($"{Admin}/order-promotions", new
        {
            name = "倒挂",
            kind = "AmountOff",
            threshold = "Amount",
            tiers = new[] { new { threshold = 200m, value = 50m }, new { threshold = 300m, value = 40m } },
            scope = "Store",
            startsAt = Now,
            endsAt = Now.AddDays(1),
        }));
        Assert.NotEmpty(Errors(tiersDown, "tiers"));

        var noName = await ProblemAsync(await client.PostAsJsonAsync($"{Admin}/order-promotions", FullReduction(name: "  ")));
        Assert.NotEmpty(Errors(noName, "name"));

        var noScope = await ProblemAsync(await client.PostAsJsonAsync($"{Admin}/order-promotions", FullReduction(scope: "Products")));
        Assert.NotEmpty(Errors(noScope, "scopeIds"));

        var unknownProduct = await ProblemAsync(await client.PostAsJsonAsync($"{Admin}/order-promotions",
            FullReduction(scope: "Products", scopeIds: [Guid.NewGuid()])));
        Assert.NotEmpty(Errors(unknownProduct, "scopeIds"));

        var badKind = await ProblemAsync(await client.PostAsync($"{Admin}/order-promotions",
            new StringContent("""{"name":"x","kind":"Bogus"}""", Encoding.UTF8, "application/json")));
        Assert.Equal(400, badKind.GetProperty("status").GetInt32());

        var broken = await ProblemAsync(await client.PostAsync($"{Admin}/order-promotions", new StringContent("{not json", Encoding.UTF8, "application/json")));
        Assert.Equal(400, broken.GetProperty("status").GetInt32());

        var huge = await ProblemAsync(await client.PostAsync($"{Admin}/order-promotions",
            new StringContent("""{"name":"x","kind":"AmountOff","threshold":"Amount","tiers":[{"threshold":1e40,"value":1}],"scope":"Store"}""", Encoding.UTF8,
                "application/json")));
        Assert.Equal(400, huge.GetProperty("status").GetInt32());

        foreach (var json in new[]
        {
            """{"name":"nulls","kind":"AmountOff","threshold":"Amount","tiers":null,"scope":"Products","scopeIds":null}""",
            """{"name":"null tier","kind":"AmountOff","threshold":"Amount","tiers":[null],"scope":"Store"}""",
            """{"name":"no times","kind":"AmountOff","threshold":"Amount","tiers":[{"threshold":200,"value":50}],"scope":"Store"}""",
        })
        {
            var refused = await ProblemAsync(await client.PostAsync($"{Admin}/order-promotions", new StringContent(json, Encoding.UTF8, "application/json")));
            Assert.Equal(400, refused.GetProperty("status").GetInt32());
        }

        foreach (var (path, json) in new[]
        {
            ("coupons", "{\"name\":null,\"kind\":\"Amount\",\"value\":5,\"scope\":\"Categories\",\"scopeIds\":null,"
                + "\"validity\":\"FixedDates\",\"totalQuantity\":1,\"perShopperLimit\":1}"),
            ("item-discounts", """{"name":"x","kind":"Rate","value":0.8,"productIds":null,"skuIds":null}"""),
            ("flash-sales", """{"name":"x","items":[null]}"""),
            ("member-tiers", """{"name":null}"""),
            ("preview", """{"lines":null,"at":"0001-01-01T00:00:00Z"}"""),
        })
        {
            var refused = await ProblemAsync(await client.PostAsync($"{Admin}/{path}", new StringContent(json, Encoding.UTF8, "application/json")));
            Assert.Equal(400, refused.GetProperty("status").GetInt32());
        }

        await ProblemAsync(await client.PutAsJsonAsync($"{Admin}/order-promotions/{Guid.NewGuid()}", FullReduction()), HttpStatusCode.NotFound);
        Assert.Equal(before, await app.CountAsync(Store, "from order_promotions"));
    }

    [Fact]
    public async Task An_operator_creates_coupons_and_bad_coupons_are_refused()
    {
        var client = await StaffAsync();

        var amount = await JsonAsync(await client.PostAsJsonAsync($"{Admin}/coupons", AmountCoupon("满100减20")), HttpStatusCode.Created);
        var id = amount.GetProperty("id").GetGuid();
        Assert.Equal("满100减20", amount.GetProperty("summary").GetString());
        Assert.Equal(100, amount.GetProperty("totalQuantity").GetInt32());

        var rate = await JsonAsync(await client.PostAsJsonAsync($"{Admin}/coupons", new
        {
            name = "全场9折",
            kind = "Rate",
            value = 0.9m,
            cap = 30m,
            minSpend = 0m,
            scope = "Store",
            stackable = false,
            validity = "FixedDates",
            validFrom = Now.ToOffset(TimeSpan.FromHours(8)),
            validUntil = Now.AddDays(30).ToOffset(TimeSpan.FromHours(8)),
            totalQuantity = 500,
            perShopperLimit = 2,
            claimable = true,
        }), HttpStatusCode.Created);
        Assert.Equal("无门槛9折 最高减30", rate.GetProperty("summary").GetString());
        Assert.False(rate.GetProperty("stackable").GetBoolean());

        var before = await app.CountAsync(Store, "from coupons");
        Assert.NotEmpty(Errors(await ProblemAsync(await client.PostAsJsonAsync($"{Admin}/coupons", AmountCoupon(value: 150m, minSpend: 100m))), "value"));
        Assert.NotEmpty(Errors(await ProblemAsync(await client.PostAsJsonAsync($"{Admin}/coupons", AmountCoupon(total: 0))), "totalQuantity"));
        Assert.NotEmpty(Errors(await ProblemAsync(await client.PostAsJsonAsync($"{Admin}/coupons", AmountCoupon(limit: 0))), "perShopperLimit"));
        var percentAbove100 = await ProblemAsync(await client.PostAsJsonAsync($"{Admin}/coupons", new
        {
            name = "120%",
            kind = "Rate",
            value = 1.2m,
            scope = "Store",
            validity = "DaysFromClaim",
            validDays = 3,
            totalQuantity = 10,
            perShopperLimit = 1,
        }));
        Assert.NotEmpty(Errors(percentAbove100, "value"));
        var noDates = await ProblemAsync(await client.PostAsJsonAsync($"{Admin}/coupons", new
        {
            name = "无日期",
            kind = "Amount",
            value = 5m,
            scope = "Store",
            validity = "FixedDates",
            totalQuantity = 10,
            perShopperLimit = 1,
        }));
        Assert.NotEmpty(Errors(noDates, "validFrom"));
        Assert.Equal(before, await app.CountAsync(Store, "from coupons"));

        // 30 already issued: the quantity cannot go below that (the domain's rule, a 400 with its message).
        await app.ExecuteAsync(Store, $"update coupons set issued = 30 where id = '{id}'");
        var below = await ProblemAsync(await client.PutAsJsonAsync($"{Admin}/coupons/{id}", AmountCoupon(total: 20)));
        Assert.Contains("30", below.GetProperty("title").GetString());
        var raised = await JsonAsync(await client.PutAsJsonAsync($"{Admin}/coupons/{id}", AmountCoupon(total: 200)));
        Assert.Equal(200, raised.GetProperty("totalQuantity").GetInt32());
        Assert.Equal(30, raised.GetProperty("issued").GetInt32());

        await JsonAsync(await client.PostAsync($"{Admin}/coupons/{id}/disable", null));
        var listed = (await JsonAsync(await client.GetAsync($"{Admin}/coupons"))).EnumerateArray().Single(c => c.GetProperty("id").GetGuid() == id);
        Assert.False(listed.GetProperty("isEnabled").GetBoolean());
        Assert.Equal(1, await AuditCountAsync("promotion.coupon.created", id));
        Assert.Equal(1, await AuditCountAsync("promotion.coupon.updated", id));
    }

    [Fact]
    public async Task Time_limited_discounts_and_flash_sales_are_created_and_checked()
    {
        var client = await StaffAsync();
        var (productId, skuId) = await SkuAsync(price: 100m);

        var discount = await JsonAsync(await client.PostAsJsonAsync($"{Admin}/item-discounts", new
        {
            name = "限时8折",
            kind = "Rate",
            value = 0.8m,
            productIds = new[] { productId },
            startsAt = Now.ToOffset(TimeSpan.FromHours(8)),
            endsAt = Now.AddDays(2),
        }), HttpStatusCode.Created);
        Assert.Equal("8折", discount.GetProperty("summary").GetString());
        var discountId = discount.GetProperty("id").GetGuid();
        Assert.Equal(1, await AuditCountAsync("promotion.discount.created", discountId));
        Assert.NotEmpty(Errors(await ProblemAsync(await client.PostAsJsonAsync($"{Admin}/item-discounts", new
        {
            name = "空",
            kind = "Rate",
            value = 0.8m,
            startsAt = Now,
            endsAt = Now.AddDays(2),
        })), "productIds"));
        Assert.NotEmpty(Errors(await ProblemAsync(await client.PostAsJsonAsync($"{Admin}/item-discounts", new
        {
            name = "150%",
            kind = "Rate",
            value = 1.5m,
            skuIds = new[] { skuId },
            startsAt = Now,
            endsAt = Now.AddDays(2),
        })), "value"));

        object Sale(decimal price, int quota, int limit = 2) => new
        {
            name = "整点秒杀",
            startsAt = Now.AddHours(1).ToOffset(TimeSpan.FromHours(8)),
            endsAt = Now.AddHours(2).ToOffset(TimeSpan.FromHours(8)),
            items = new[] { new { skuId, flashPrice = price, quota, perShopperLimit = limit } },
        };

        var sale = await JsonAsync(await client.PostAsJsonAsync($"{Admin}/flash-sales", Sale(59.9m, 10)), HttpStatusCode.Created);
        var saleId = sale.GetProperty("id").GetGuid();
        var item = sale.GetProperty("items").EnumerateArray().Single();
        Assert.Equal(59.9m, item.GetProperty("flashPrice").GetDecimal());
        Assert.Equal(100m, item.GetProperty("listPrice").GetDecimal());
        Assert.Equal(10, item.GetProperty("quota").GetInt32());

        Assert.NotEmpty(Errors(await ProblemAsync(await client.PostAsJsonAsync($"{Admin}/flash-sales", Sale(100m, 10))), "items"));
        Assert.NotEmpty(Errors(await ProblemAsync(await client.PostAsJsonAsync($"{Admin}/flash-sales", Sale(50m, 0))), "items"));
        Assert.NotEmpty(Errors(await ProblemAsync(await client.PostAsJsonAsync($"{Admin}/flash-sales", Sale(50m, 5, limit: 0))), "items"));

        await app.ExecuteAsync(Store, $"update flash_sale_items set sold = 6 where flash_sale_id = '{saleId}'");
        var belowSold = await ProblemAsync(await client.PutAsJsonAsync($"{Admin}/flash-sales/{saleId}", Sale(59.9m, 5)));
        Assert.Contains("6", belowSold.GetProperty("title").GetString());
        var raised = await JsonAsync(await client.PutAsJsonAsync($"{Admin}/flash-sales/{saleId}", Sale(49.9m, 20, limit: 1)));
        var raisedItem = raised.GetProperty("items").EnumerateArray().Single();
        Assert.Equal((49.9m, 20, 6, 1), (raisedItem.GetProperty("flashPrice").GetDecimal(), raisedItem.GetProperty("quota").GetInt32(),
            raisedItem.GetProperty("sold").GetInt32(), raisedItem.GetProperty("perShopperLimit").GetInt32()));

        var (_, other) = await SkuAsync(price: 30m);
        var swapped = await ProblemAsync(await client.PutAsJsonAsync($"{Admin}/flash-sales/{saleId}", new
        {
            name = "整点秒杀",
            startsAt = Now.AddHours(1),
            endsAt = Now.AddHours(2),
            items = new[] { new { skuId = other, flashPrice = 19.9m, quota = 5, perShopperLimit = 1 } },
        }));
        Assert.Equal(400, swapped.GetProperty("status").GetInt32());   // the sold SKU cannot be removed
        Assert.Equal(1, await app.CountAsync(Store, $"from flash_sale_items where flash_sale_id = '{saleId}'"));
        Assert.Equal(1, await AuditCountAsync("promotion.flash.updated", saleId));
    }

    [Fact]
    public async Task Member_tiers_and_points_rules_are_set_by_operators()
    {
        var client = await StaffAsync();
        var tiers = new[] { ("普通", 0m, 1m, false, 1m), ("白银", 1000m, 0.98m, false, 1.2m), ("黄金", 5000m, 0.95m, true, 1.5m), ("钻石", 20000m, 0.9m, true, 2m) };
        foreach (var (name, growth, rate, free, multiplier) in tiers)
        {
            await JsonAsync(await client.PostAsJsonAsync($"{Admin}/member-tiers", new
            {
                name,
                growthThreshold = growth,
                discountRate = rate,
                freeShipping = free,
                pointsMultiplier = multiplier,
            }), HttpStatusCode.Created);
        }

        var list = await JsonAsync(await client.GetAsync($"{Admin}/member-tiers"));
        Assert.Equal(["普通", "白银", "黄金", "钻石"], list.EnumerateArray().Select(t => t.GetProperty("name").GetString()));

        var sameThreshold = await ProblemAsync(await client.PostAsJsonAsync($"{Admin}/member-tiers",
            new { name = "铂金", growthThreshold = 5000m, discountRate = 0.9m, pointsMultiplier = 1m }));
        Assert.NotEmpty(Errors(sameThreshold, "growthThreshold"));
        var badRate = await ProblemAsync(await client.PostAsJsonAsync($"{Admin}/member-tiers",
            new { name = "铂金", growthThreshold = 9000m, discountRate = 1.1m, pointsMultiplier = 11m }));
        Assert.NotEmpty(Errors(badRate, "discountRate"));
        Assert.NotEmpty(Errors(badRate, "pointsMultiplier"));

        var gold = list.EnumerateArray().Single(t => t.GetProperty("name").GetString() == "黄金").GetProperty("id").GetGuid();
        var edited = await JsonAsync(await client.PutAsJsonAsync($"{Admin}/member-tiers/{gold}",
            new { name = "黄金", growthThreshold = 6000m, discountRate = 0.95m, freeShipping = true, pointsMultiplier = 1.5m }));
        Assert.Equal(6000m, edited.GetProperty("growthThreshold").GetDecimal());
        Assert.Equal(1, await AuditCountAsync("members.tier.updated", gold));

        var rules = await JsonAsync(await client.GetAsync($"{Admin}/points-rules"));
        Assert.Equal(100, rules.GetProperty("redeemPointsPerYuan").GetInt32());
        var updated = await JsonAsync(await client.PutAsJsonAsync($"{Admin}/points-rules",
            new { earnPerYuan = 2, redeemPointsPerYuan = 100, redeemCapPercent = 30, expiryYears = 1, growthWindowDays = 365 }));
        Assert.Equal(30, updated.GetProperty("redeemCapPercent").GetInt32());
        var bad = await ProblemAsync(await client.PutAsJsonAsync($"{Admin}/points-rules",
            new { earnPerYuan = 2, redeemPointsPerYuan = 0, redeemCapPercent = 130, expiryYears = 1, growthWindowDays = 365 }));
        Assert.NotEmpty(Errors(bad, "redeemPointsPerYuan"));
        Assert.NotEmpty(Errors(bad, "redeemCapPercent"));
        Assert.Equal(30, (await JsonAsync(await client.GetAsync($"{Admin}/points-rules"))).GetProperty("redeemCapPercent").GetInt32());
        Assert.Equal(1, await app.CountAsync(Store, "from audit_log where action = 'settings.points'"));
    }

    [Fact]
    public async Task The_preview_prices_a_promotion_before_it_goes_live()
    {
        var client = await StaffAsync();
        var (productId, skuId) = await SkuAsync(price: 120m);
        var start = Now.AddDays(7);
        await JsonAsync(await client.PostAsJsonAsync($"{Admin}/order-promotions",
            FullReduction("下周满减", 200m, 50m, start, start.AddDays(1), "Products", [productId])), HttpStatusCode.Created);
        var coupon = (await JsonAsync(await client.PostAsJsonAsync($"{Admin}/coupons", AmountCoupon("预览券", 10m, 150m)), HttpStatusCode.Created))
            .GetProperty("id").GetGuid();

        var today = await JsonAsync(await client.PostAsJsonAsync($"{Admin}/preview", new { lines = new[] { new { skuId, quantity = 2 } } }));
        Assert.Equal(240m, today.GetProperty("quote").GetProperty("subtotal").GetDecimal());
        Assert.DoesNotContain(today.GetProperty("quote").GetProperty("orderAdjustments").EnumerateArray(), a =>
            a.GetProperty("label").GetString()!.StartsWith("下周满减", StringComparison.Ordinal));

        var nextWeek = await JsonAsync(await client.PostAsJsonAsync($"{Admin}/preview", new
        {
            lines = new[] { new { skuId, quantity = 2 } },
            couponId = coupon,
            at = start.AddHours(1),
        }));
        var quote = nextWeek.GetProperty("quote");
        var adjustments = quote.GetProperty("orderAdjustments").EnumerateArray().ToList();
        Assert.Equal(50m,
            adjustments.Single(a => a.GetProperty("label").GetString()!.StartsWith("下周满减", StringComparison.Ordinal)).GetProperty("amount").GetDecimal());
        Assert.Equal(10m, adjustments.Single(a => a.GetProperty("kind").GetString() == "coupon").GetProperty("amount").GetDecimal());
        Assert.Equal(60m, quote.GetProperty("discount").GetDecimal());
        Assert.Equal("活动商品", nextWeek.GetProperty("lines")[0].GetProperty("productName").GetString()![..4]);

        var empty = await ProblemAsync(await client.PostAsJsonAsync($"{Admin}/preview", new { lines = Array.Empty<object>() }));
        Assert.NotEmpty(Errors(empty, "lines"));
        var unknown = await ProblemAsync(await client.PostAsJsonAsync($"{Admin}/preview",
            new { lines = new[] { new { skuId = Guid.NewGuid(), quantity = 1 } } }));
        Assert.NotEmpty(Errors(unknown, "lines"));
    }

    [Fact]
    public async Task Promotion_analysis_counts_paid_orders_units_discount_gmv_and_roi_per_promotion()
    {
        var client = await StaffAsync();
        var (_, skuId) = await SkuAsync(price: 100m);
        var promotion = (await JsonAsync(await client.PostAsJsonAsync($"{Admin}/order-promotions", FullReduction("统计满减", 200m, 30m)), HttpStatusCode.Created))
            .GetProperty("id").GetGuid();
        var coupon = (await JsonAsync(await client.PostAsJsonAsync($"{Admin}/coupons", AmountCoupon("统计券", 5m, 0m, total: 10, limit: 5)),
            HttpStatusCode.Created)).GetProperty("id").GetGuid();
        var sale = (await JsonAsync(await client.PostAsJsonAsync($"{Admin}/flash-sales", new
        {
            name = "统计秒杀",
            startsAt = Now.AddMinutes(-1),
            endsAt = Now.AddHours(1),
            items = new[] { new { skuId, flashPrice = 80m, quota = 10, perShopperLimit = 5 } },
        }), HttpStatusCode.Created)).GetProperty("id").GetGuid();

        var (_, other) = await SkuAsync(price: 100m);
        await app.PayAsync(Store, await OrderWithPromotionsAsync(promotion, [(other, 3)], withCoupon: coupon));   // 300: 满减 30, coupon 5 → 265
        await app.PayAsync(Store, await OrderWithPromotionsAsync(promotion, [(other, 2)], withCoupon: null));     // 200: 满减 30 → 170
        await OrderWithPromotionsAsync(promotion, [(other, 2)], withCoupon: null);                                // never paid: not counted
        await app.PayAsync(Store, await OrderWithPromotionsAsync(promotion, [(skuId, 2)], withCoupon: null));     // flash 2 × 20 off → 160, no 满减

        // Paid today (the analysis reads promotion_days, kept as the orders were paid): orders, units, discount, GMV, ROI = GMV ÷ discount.
        var stats = await JsonAsync(await client.GetAsync("/api/v1/admin/insight/promotions?period=Today"));
        JsonElement Row(Guid id) => stats.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("id").GetGuid() == id);
        (int, int, decimal, decimal, decimal) Figures(JsonElement r) => (r.GetProperty("orders").GetInt32(), r.GetProperty("units").GetInt32(),
            r.GetProperty("discount").GetDecimal(), r.GetProperty("gmv").GetDecimal(), r.GetProperty("roi").GetDecimal());
        Assert.Equal((2, 0, 60m, 435m, 7.25m), Figures(Row(promotion)));
        Assert.Equal((1, 0, 5m, 265m, 53.00m), Figures(Row(coupon)));
        Assert.Equal((1, 1m), (Row(coupon).GetProperty("claimed").GetInt32(), Row(coupon).GetProperty("redemptionRate").GetDecimal()));
        Assert.Equal((1, 2, 40m, 160m, 4.00m), Figures(Row(sale)));
    }

    /// <summary>An order priced with one 满减, the store's flash sales and (optionally) a new copy of a coupon for the demo shopper, as the checkout prices
    /// it.</summary>
    private Task<string> OrderWithPromotionsAsync(Guid promotionId, (Guid SkuId, int Quantity)[] items, Guid? withCoupon) => app.InStoreAsync(Store, async db =>
    {
        var tenant = db.TenantId!.Value;
        var now = Now;
        var shopper = await db.Shoppers.SingleAsync(s => s.Email == $"shopper@{Store}.local");
        var ids = items.Select(i => i.SkuId).ToList();
        var skus = await db.Skus.AsNoTracking().Where(s => ids.Contains(s.Id)).ToDictionaryAsync(s => s.Id);
        var productIds = skus.Values.Select(s => s.ProductId).ToList();
        var products = await db.Products.AsNoTracking().Where(p => productIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id);
        var promotions = await db.OrderPromotions.AsNoTracking().Where(p => p.Id == promotionId).ToListAsync();
        var sales = await db.FlashSales.AsNoTracking().Where(s => s.IsEnabled).ToListAsync();
        var offers = new List<CouponOffer>();
        if (withCoupon is { } couponId)
        {
            var coupon = await db.Coupons.SingleAsync(c => c.Id == couponId);
            var copy = coupon.IssueTo(shopper.Id, CouponSource.Claimed, now);
            db.ShopperCoupons.Add(copy);
            offers.Add(coupon.ToOffer(copy));
        }

        var context = new PricingContext(null, [], [.. sales.SelectMany(s => s.Items.Select(i => s.ToRule(i, 0)))], [.. promotions.Select(p => p.ToRule())],
            offers, offers.Count > 0 ? CouponChoice.Of(offers[0].ShopperCouponId) : CouponChoice.None, null, 0, 0);
        var quote = PricingEngine.Price(new PricingRequest(
            [.. items.Select(i => new PricingLine(i.SkuId, skus[i.SkuId].ProductId, null, skus[i.SkuId].Price, i.Quantity, 0))], null, now, context));
        var number = await OrderNumbers.NextAsync(db, now, Storefront.Domain.Tenancy.StoreTimeZone.Find(null), default);
        var orderItems = items.Select(i =>
        {
            var sku = skus[i.SkuId];
            var product = products[sku.ProductId];
            return new OrderItem(product.Id, sku.Id, product.Name, product.Slug, sku.Code, sku.SpecText, sku.Image, sku.WeightGrams, i.Quantity);
        }).ToList();
        db.Orders.Add(Order.Place(tenant, number, shopper.Id, OrderSeed.Address, null, orderItems, quote, "", null, TimeSpan.FromMinutes(30), now));
        await db.SaveChangesAsync();
        return number;
    });

    [Fact]
    public async Task Merchants_shoppers_and_strangers_are_refused_owners_and_operators_allowed()
    {
        var merchant = await StaffAsync("merchant");
        var owner = await StaffAsync("owner");
        var shopper = app.ClientFor(Store);
        await shopper.SignInShopperAsync($"shopper@{Store}.local");
        var anonymous = app.ClientFor(Store);
        string[] reads = ["order-promotions", "coupons", "item-discounts", "flash-sales", "member-tiers", "points-rules"];

        foreach (var path in reads)
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await merchant.GetAsync($"{Admin}/{path}")).StatusCode);
            Assert.Contains((await shopper.GetAsync($"{Admin}/{path}")).StatusCode, Refused);
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"{Admin}/{path}")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync($"{Admin}/{path}")).StatusCode);
        }

        var before = await app.CountAsync(Store, "from order_promotions");
        Assert.Equal(HttpStatusCode.Forbidden, (await merchant.PostAsJsonAsync($"{Admin}/order-promotions", FullReduction())).StatusCode);
        Assert.Contains((await shopper.PostAsJsonAsync($"{Admin}/coupons", AmountCoupon())).StatusCode, Refused);
        Assert.Equal(HttpStatusCode.Forbidden,
            (await merchant.PutAsJsonAsync($"{Admin}/points-rules",
            new { earnPerYuan = 1, redeemPointsPerYuan = 100, redeemCapPercent = 20, expiryYears = 1, growthWindowDays = 365 })).StatusCode);
        Assert.Equal(before, await app.CountAsync(Store, "from order_promotions"));
        await JsonAsync(await owner.PostAsJsonAsync($"{Admin}/order-promotions", FullReduction("店主满减")), HttpStatusCode.Created);
    }

    [Fact]
    public async Task One_store_neither_sees_nor_changes_another_stores_promotions()
    {
        var demo = await StaffAsync();
        var acme = await StaffAsync(store: "acme");
        var (productId, skuId) = await SkuAsync();
        var promotion = (await JsonAsync(await demo.PostAsJsonAsync($"{Admin}/order-promotions", FullReduction("demo 满减")), HttpStatusCode.Created))
            .GetProperty("id").GetGuid();
        var coupon = (await JsonAsync(await demo.PostAsJsonAsync($"{Admin}/coupons", AmountCoupon("demo 券")), HttpStatusCode.Created))
            .GetProperty("id").GetGuid();

        Assert.DoesNotContain((await JsonAsync(await acme.GetAsync($"{Admin}/order-promotions"))).EnumerateArray(), r =>
            r.GetProperty("id").GetGuid() == promotion);
        Assert.DoesNotContain((await JsonAsync(await acme.GetAsync($"{Admin}/coupons"))).EnumerateArray(), r => r.GetProperty("id").GetGuid() == coupon);
        await ProblemAsync(await acme.GetAsync($"{Admin}/order-promotions/{promotion}"), HttpStatusCode.NotFound);
        await ProblemAsync(await acme.PutAsJsonAsync($"{Admin}/order-promotions/{promotion}", FullReduction("hijack")), HttpStatusCode.NotFound);
        await ProblemAsync(await acme.PutAsJsonAsync($"{Admin}/coupons/{coupon}", AmountCoupon("hijack")), HttpStatusCode.NotFound);
        await ProblemAsync(await acme.PostAsync($"{Admin}/coupons/{coupon}/disable", null), HttpStatusCode.NotFound);
        await ProblemAsync(await acme.PostAsync($"{Admin}/order-promotions/{promotion}/disable", null), HttpStatusCode.NotFound);

        // demo's products and SKUs are unknown at acme
        Assert.NotEmpty(Errors(await ProblemAsync(await acme.PostAsJsonAsync($"{Admin}/order-promotions",
            FullReduction(scope: "Products", scopeIds: [productId]))), "scopeIds"));
        Assert.NotEmpty(Errors(await ProblemAsync(await acme.PostAsJsonAsync($"{Admin}/flash-sales", new
        {
            name = "跨店",
            startsAt = Now,
            endsAt = Now.AddHours(1),
            items = new[] { new { skuId, flashPrice = 1m, quota = 1, perShopperLimit = 1 } },
        })), "items"));
        Assert.NotEmpty(Errors(await ProblemAsync(await acme.PostAsJsonAsync($"{Admin}/preview", new { lines = new[] { new { skuId, quantity = 1 } } })),
            "lines"));

        // demo's operator signed in at demo is nobody at acme
        var demoAtAcme = app.ClientFor("acme");
        await demoAtAcme.SignInStaffAsync("operator@demo.local").ContinueWith(_ => { });
        Assert.NotEqual(HttpStatusCode.OK, (await demoAtAcme.GetAsync($"{Admin}/coupons")).StatusCode);

        var stored = await app.InStoreAsync(Store, db => db.OrderPromotions.SingleAsync(p => p.Id == promotion));
        Assert.Equal("demo 满减", stored.Name);
        Assert.True(stored.IsEnabled);
    }

    [Fact]
    public async Task The_promotion_pages_open_for_operators_and_owners_only()
    {
        var client = await StaffAsync();
        var owner = await StaffAsync("owner");
        var merchant = await StaffAsync("merchant");
        var pages = new Dictionary<string, string>
        {
            ["/admin/promotions"] = "promotion-form",
            ["/admin/promotions/coupons"] = "coupon-form",
            ["/admin/promotions/discounts"] = "discount-form",
            ["/admin/promotions/flash-sales"] = "flash-form",
            ["/admin/promotions/members"] = "points-form",
            ["/admin/promotions/preview"] = "preview-form",
            ["/admin/insight/promotions"] = "promotion-analysis",
        };
        foreach (var (url, testId) in pages)
        {
            var page = await client.GetAsync(url);
            var html = await page.Content.ReadAsStringAsync();
            Assert.True(page.StatusCode == HttpStatusCode.OK, $"{url}: {(int)page.StatusCode} {html[..Math.Min(html.Length, 2000)]}");
            Assert.Contains($"data-testid=\"{testId}\"", html);
            Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync(url)).StatusCode);
            Assert.Equal(HttpStatusCode.Redirect, (await merchant.GetAsync(url)).StatusCode);
        }
    }
}

/// <summary>The demo store's promotions (seeded only when the app runs with demo data), in a database of their own.</summary>
public sealed class OperatorsDemoSeedTests(StorefrontApp app) : IClassFixture<StorefrontApp>
{
    [Fact]
    public async Task The_demo_store_gets_a_full_reduction_a_coupon_four_tiers_and_a_flash_sale_once()
    {
        await DemoPromotions.SeedAsync(app.Services);
        await DemoPromotions.SeedAsync(app.Services);

        Assert.Equal(1, await app.CountAsync("demo", "from order_promotions"));
        Assert.Equal(3, await app.CountAsync("demo", "from coupons where claimable"));
        Assert.Equal(1, await app.CountAsync("demo", "from flash_sales"));
        var tiers = await app.InStoreAsync("demo", db => db.MemberTiers.OrderBy(t => t.GrowthThreshold).Select(t => t.Name).ToListAsync());
        Assert.Equal(["普通", "白银", "黄金", "钻石"], tiers);
        Assert.Equal(0, await app.InStoreAsync("acme", db => db.MemberTiers.CountAsync()));
    }
}
