using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Storefront.Web.Tests.Infrastructure;
using static Storefront.Web.Tests.Infrastructure.ApiAssert;

namespace Storefront.Web.Tests.Insight;

/// <summary>
/// The customer analysis against a hand computation. demo (Asia/Shanghai) is set to a 60-day window, recent ≤ 10 days,
/// frequent ≥ 2 orders, high spend ≥ 200.00; today is 2032-06-30 in Shanghai, so the window is 05-02 … 06-30. X costs
/// 100.00 and Y 35.50, each order with 10.00 shipping. One buyer lands in each of the eight groups; two of them only because
/// days are Shanghai days (UTC would put f's last day at 06-19, 11 days ago, and h's 05-02 order before the window).
/// </summary>
public sealed class CustomerSegmentsTests(StorefrontApp app) : IClassFixture<StorefrontApp>
{
    private const string Api = "/api/v1/admin/insight/customers";

    private static DateTimeOffset Utc(int month, int day, int hour, int minute = 0, int second = 0, int year = 2032) =>
        new(year, month, day, hour, minute, second, TimeSpan.Zero);

    [Fact]
    public async Task Segments_new_and_returning_buyers_and_tiers_match_a_hand_computation()
    {
        At(Utc(4, 1, 2));
        var x = await app.SeedSkuAsync("demo", "RFM-X", stock: 100, price: 100.00m);
        var y = await app.SeedSkuAsync("demo", "RFM-Y", stock: 100, price: 35.50m);
        var anvil = await app.SeedSkuAsync("acme", "RFM-A", stock: 10, price: 899.00m);
        var people = await app.ShoppersAsync("demo", 8);
        var (a, b, c, d, e, f, g, h) = (people[0].Email, people[1].Email, people[2].Email, people[3].Email, people[4].Email, people[5].Email,
            people[6].Email, people[7].Email);
        await app.AddressAsync("demo", people[0].Id, "13800138000");

        await app.PaidOrderAsync("demo", h, y);                      // 04-01: before the window (h is a returning buyer)
        At(Utc(5, 1, 16));
        await app.PaidOrderAsync("demo", h, y);                      // 05-02 00:00 in Shanghai: the window's first day, 45.50
        At(Utc(5, 5, 3));
        await app.PaidOrderAsync("demo", g, y);                      // 45.50
        At(Utc(5, 6, 3));
        await app.PaidOrderAsync("demo", g, y);                      // 45.50: g 2 orders, 91.00, last 05-06 (55 days)
        At(Utc(5, 10, 3));
        await app.PaidOrderAsync("demo", c, x);                      // 110.00
        At(Utc(5, 15, 3));
        await app.PaidOrderAsync("demo", d, x, 2);                   // 210.00: d 1 order, last 05-15 (46 days)
        At(Utc(5, 20, 3));
        await app.PaidOrderAsync("demo", c, x);                      // 110.00: c 2 orders, 220.00, last 05-20 (41 days)
        At(Utc(5, 25, 3));
        await app.PaidOrderAsync("demo", e, y);                      // 45.50 (e's first, before the 30-day period)
        At(Utc(6, 19, 16));
        await app.PaidOrderAsync("demo", f, y);                      // 06-20 00:00 in Shanghai: 45.50, 10 days ago (recent)
        await app.PlacePendingOrderAsync("demo", f, y);               // never paid: not counted
        At(Utc(6, 25, 3));
        await app.PaidOrderAsync("demo", a, x);                      // 110.00
        At(Utc(6, 28, 3));
        var bOrder = await app.PaidOrderAsync("demo", b, x, 2);      // 210.00, cancelled below with a full refund (still paid)
        At(Utc(6, 29, 4));
        await app.PaidOrderAsync("demo", a, x);                      // 110.00: a 2 orders, 220.00, last 06-29
        At(Utc(6, 29, 15, 59, 59));
        await app.PaidOrderAsync("demo", e, y);                      // 06-29 23:59:59 in Shanghai: e 2 orders, 91.00, last 06-29
        await app.PlaceOrderAsync("acme", paid: true, (anvil, 1));   // acme's, never demo's

        At(Utc(6, 30, 2));                                           // 2032-06-30 10:00 in Shanghai
        var owner = await StaffAsync("owner@demo.local");
        var merchant = await StaffAsync("merchant@demo.local");
        await JsonAsync(await merchant.PostAsJsonAsync($"/api/v1/admin/orders/{bOrder}/cancel", new { reason = "缺货" }));
        await JsonAsync(await owner.PutAsJsonAsync($"{Api}/rfm", new { windowDays = 60, recentDays = 10, frequentOrders = 2, monetaryAmount = 200.00m }));

        var result = await JsonAsync(await owner.GetAsync(Api));
        Assert.Equal(("2032-05-02", "2032-06-30"), (result.GetProperty("from").GetString(), result.GetProperty("to").GetString()));
        Assert.Equal(8, result.GetProperty("buyers").GetInt32());
        var segments = result.GetProperty("segments").EnumerateArray()
            .ToDictionary(s => s.GetProperty("segment").GetString()!, s => (s.GetProperty("buyers").GetInt32(), s.GetProperty("orders").GetInt32(),
                s.GetProperty("amount").GetDecimal()));
        Assert.Equal(new Dictionary<string, (int, int, decimal)>
        {
            ["ImportantValue"] = (1, 2, 220.00m),          // a: 1 day, 2 orders, 220.00
            ["ImportantDevelopment"] = (1, 1, 210.00m),    // b: 2 days, 1 order, 210.00 (refunded later: paid amount, as GMV)
            ["ImportantRetention"] = (1, 2, 220.00m),      // c: 41 days
            ["ImportantWinBack"] = (1, 1, 210.00m),        // d: 46 days
            ["GeneralValue"] = (1, 2, 91.00m),             // e: 1 day
            ["GeneralDevelopment"] = (1, 1, 45.50m),       // f: 10 days
            ["GeneralRetention"] = (1, 2, 91.00m),         // g: 55 days
            ["GeneralWinBack"] = (1, 1, 45.50m),           // h: 59 days, one order in the window
        }, segments);

        // The last 30 days (06-01 … 06-30): a, b, e, f paid; only e paid before (05-25). The last 60: all eight; only h before (04-01).
        var month = result.GetProperty("newVsReturning");
        Assert.Equal((4, 3, 1), (month.GetProperty("buyers").GetInt32(), month.GetProperty("newBuyers").GetInt32(),
            month.GetProperty("returningBuyers").GetInt32()));
        var sixty = (await JsonAsync(await owner.GetAsync($"{Api}?days=60"))).GetProperty("newVsReturning");
        Assert.Equal((8, 7, 1), (sixty.GetProperty("buyers").GetInt32(), sixty.GetProperty("newBuyers").GetInt32(),
            sixty.GetProperty("returningBuyers").GetInt32()));

        // Tier distribution: every tier's members, and the shoppers with none, as the rows hold them.
        var expected = await app.InStoreAsync("demo", async db =>
        {
            var tiers = await db.MemberTiers.Select(t => new { t.Name, Members = db.MemberAccounts.Count(m => m.TierId == t.Id) }).ToListAsync();
            var none = await db.Shoppers.CountAsync() - tiers.Sum(t => t.Members);
            return tiers.Select(t => ((string?)t.Name, t.Members)).Append((null, none)).OrderBy(t => t.Item1).ToList();
        });
        List<(string?, int)> shown = [.. result.GetProperty("tiers").EnumerateArray()
            .Select(t => (t.GetProperty("name").GetString(), t.GetProperty("members").GetInt32())).OrderBy(t => t.Item1)];
        Assert.Equal(expected, shown);

        // Drill-down: a, with the address book's phone masked; the CSV the same.
        var members = await JsonAsync(await owner.GetAsync($"{Api}/members?segment=ImportantValue"));
        Assert.Equal(1, members.GetProperty("total").GetInt32());
        var row = members.GetProperty("rows")[0];
        Assert.Equal((a, "138****8000", "2032-06-29", 1, 2, 220.00m), (row.GetProperty("email").GetString(), row.GetProperty("phone").GetString(),
            row.GetProperty("lastDay").GetString(), row.GetProperty("daysSinceLast").GetInt32(), row.GetProperty("orders").GetInt32(),
            row.GetProperty("amount").GetDecimal()));
        var csv = await owner.GetAsync($"{Api}/members.csv?segment=ImportantValue");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        var text = (await csv.Content.ReadAsStringAsync()).TrimStart('\uFEFF');
        Assert.StartsWith("邮箱,", text, StringComparison.Ordinal);
        Assert.Contains($"{a},", text, StringComparison.Ordinal);
        Assert.Contains("138****8000", text, StringComparison.Ordinal);
        Assert.DoesNotContain("13800138000", text, StringComparison.Ordinal);
        Assert.Equal(9, (await owner.GetStringAsync($"{Api}/members.csv")).Trim().Split('\n').Length);   // header + every scored buyer

        // A coupon to the group: one copy to a; again, a already holds the per-shopper limit.
        var coupon = await app.CouponAsync("demo", "RFM 回馈券", total: 5, perShopper: 1);
        var sent = await JsonAsync(await owner.PostAsJsonAsync($"{Api}/send-coupon", new { couponId = coupon, segment = "ImportantValue" }));
        Assert.Equal((1, 1, 0), (sent.GetProperty("sent").GetInt32(), sent.GetProperty("members").GetInt32(), sent.GetProperty("missed").GetInt32()));
        var again = await JsonAsync(await owner.PostAsJsonAsync($"{Api}/send-coupon", new { couponId = coupon, segment = "ImportantValue" }));
        Assert.Equal(0, again.GetProperty("sent").GetInt32());
        Assert.Equal(new[] { people[0].Id }, await app.InStoreAsync("demo", db => db.ShopperCoupons.Where(s => s.CouponId == coupon).Select(s => s.ShopperId)
            .ToListAsync()));

        // acme scores its own buyer only.
        var acme = await JsonAsync(await (await StaffAsync("owner@acme.local", "acme")).GetAsync(Api));
        Assert.Equal(1, acme.GetProperty("buyers").GetInt32());
        Assert.Equal(1, acme.GetProperty("segments").EnumerateArray().Single(s => s.GetProperty("segment").GetString() == "ImportantDevelopment")
            .GetProperty("buyers").GetInt32());   // 899.00 yesterday, one order (acme keeps the default thresholds)
    }

    /// <summary>
    /// The per-buyer rollup (migration 0053) as days pass: built on the first read, a buyer crossing two thresholds, a refund (M is
    /// the paid amount, as GMV), a payment written after later ones, the window moving past a buyer's first order, another store.
    /// Window 30 days, recent ≤ 7 days, frequent ≥ 2 orders, high spend ≥ 200.00; X costs 100.00 and Y 35.50, plus 10.00 shipping.
    /// In 2034, far after the other test's days. Buyers: p, q and r.
    /// </summary>
    [Fact]
    public async Task The_buyer_rollup_follows_payments_refunds_late_rows_and_the_moving_window()
    {
        At(Utc(3, 1, 2, year: 2034));                                // 2034-03-01 10:00 in Shanghai: D0
        var x = await app.SeedSkuAsync("demo", "RFM2-X", stock: 100, price: 100.00m);
        var y = await app.SeedSkuAsync("demo", "RFM2-Y", stock: 100, price: 35.50m);
        var anvil = await app.SeedSkuAsync("acme", "RFM2-A", stock: 10, price: 899.00m);
        var people = await app.ShoppersAsync("demo", 3);
        var (p, q, r) = (people[0].Email, people[1].Email, people[2].Email);
        var owner = await StaffAsync("owner@demo.local");
        await JsonAsync(await owner.PutAsJsonAsync($"{Api}/rfm", new { windowDays = 30, recentDays = 7, frequentOrders = 2, monetaryAmount = 200.00m }));
        await app.PaidOrderAsync("demo", p, x);                      // p: 110.00 on D0
        await app.PaidOrderAsync("demo", q, y);                      // q: 45.50 on D0
        Assert.Equal(new Dictionary<string, (int, int, decimal)> { ["GeneralDevelopment"] = (2, 2, 155.50m) }, await SegmentsAsync(owner));

        At(Utc(3, 6, 2, year: 2034));                                // D0 + 5: p's second order makes p frequent and valuable
        var second = await app.PaidOrderAsync("demo", p, x);
        Assert.Equal(new Dictionary<string, (int, int, decimal)>
        {
            ["ImportantValue"] = (1, 2, 220.00m),
            ["GeneralDevelopment"] = (1, 1, 45.50m),
        }, await SegmentsAsync(owner));
        var merchant = await StaffAsync("merchant@demo.local");
        await JsonAsync(await merchant.PostAsJsonAsync($"/api/v1/admin/orders/{second}/cancel", new { reason = "缺货" }));   // refunded in full

        // A payment of D0 + 2 (03-03 in Shanghai) written after D0 + 5's (a late callback, a repair): its buyer day comes out of order.
        var late = await app.PlacePendingOrderAsync("demo", q, y);
        await app.InStoreAsync("demo", db => db.Database.ExecuteSqlAsync(
            $"update orders set status = 'Paid', paid_at = {Utc(3, 2, 18, year: 2034)} where number = {late}"));
        At(Utc(3, 11, 2, year: 2034));                               // D0 + 10: the window moved ten days, none of these left it
        Assert.Equal(new Dictionary<string, (int, int, decimal)>
        {
            ["ImportantValue"] = (1, 2, 220.00m),                    // p: last D0 + 5, the refund not subtracted
            ["GeneralRetention"] = (1, 2, 91.00m),                   // q: last D0 + 2, 8 days ago
        }, await SegmentsAsync(owner));

        At(Utc(4, 1, 2, year: 2034));                                // D0 + 31: the window is D0 + 2 … D0 + 31, D0's orders left it
        await app.PaidOrderAsync("demo", r, y);
        await app.PlaceOrderAsync("acme", paid: true, (anvil, 1));   // acme's, never demo's
        owner = await StaffAsync("owner@demo.local");                // a month on: signed in again
        Assert.Equal(new Dictionary<string, (int, int, decimal)>
        {
            ["GeneralDevelopment"] = (1, 1, 45.50m),                 // r: today
            ["GeneralWinBack"] = (2, 2, 155.50m),                    // p: D0 + 5 (26 days), q: D0 + 2, one order each in the window
        }, await SegmentsAsync(owner));
        Assert.Equal(["2034-03-03"], await app.InStoreAsync("demo", db => db.Database
            .SqlQuery<string>($"select from_day::text as \"Value\" from insight_buyer_windows").ToListAsync()));   // read from the rollup

        // The last 30 days: p, q and r bought; p and q bought before too (D0). The last 5: r alone, new.
        var split = (await JsonAsync(await owner.GetAsync($"{Api}?days=30"))).GetProperty("newVsReturning");
        Assert.Equal((3, 1, 2), (split.GetProperty("buyers").GetInt32(), split.GetProperty("newBuyers").GetInt32(),
            split.GetProperty("returningBuyers").GetInt32()));
        var week = (await JsonAsync(await owner.GetAsync($"{Api}?days=5"))).GetProperty("newVsReturning");
        Assert.Equal((1, 1, 0), (week.GetProperty("buyers").GetInt32(), week.GetProperty("newBuyers").GetInt32(),
            week.GetProperty("returningBuyers").GetInt32()));
        var members = await JsonAsync(await owner.GetAsync($"{Api}/members?segment=GeneralWinBack"));
        List<(string?, int, decimal)> winBack = [(p, 1, 110.00m), (q, 1, 45.50m)];
        Assert.Equal(winBack, [.. members.GetProperty("rows").EnumerateArray()
            .Select(m => (m.GetProperty("email").GetString(), m.GetProperty("orders").GetInt32(), m.GetProperty("amount").GetDecimal()))]);

        var acme = await JsonAsync(await (await StaffAsync("owner@acme.local", "acme")).GetAsync(Api));
        Assert.Equal(1, acme.GetProperty("buyers").GetInt32());
    }

    /// <summary>The groups with buyers: name → (buyers, orders, amount).</summary>
    private static async Task<Dictionary<string, (int, int, decimal)>> SegmentsAsync(HttpClient owner) =>
        (await JsonAsync(await owner.GetAsync(Api))).GetProperty("segments").EnumerateArray()
            .Where(s => s.GetProperty("buyers").GetInt32() > 0)
            .ToDictionary(s => s.GetProperty("segment").GetString()!, s => (s.GetProperty("buyers").GetInt32(), s.GetProperty("orders").GetInt32(),
                s.GetProperty("amount").GetDecimal()));

    [Fact]
    public async Task Operators_read_and_send_merchants_may_not()
    {
        var op = await StaffAsync("operator@demo.local");
        Assert.Equal(HttpStatusCode.OK, (await op.GetAsync(Api)).StatusCode);
        var merchant = await StaffAsync("merchant@demo.local");
        Assert.Equal(HttpStatusCode.Forbidden, (await merchant.GetAsync(Api)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await merchant.GetAsync($"{Api}/members.csv")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden,
            (await merchant.PostAsJsonAsync($"{Api}/send-coupon", new { couponId = Guid.NewGuid(), segment = "ImportantValue" })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.ClientFor("demo").GetAsync(Api)).StatusCode);
    }

    [Theory]
    [InlineData(0, 0, 1, 0, "urn:storefront:rfm.window")]
    [InlineData(60, 60, 2, 200, "urn:storefront:rfm.recent")]
    [InlineData(60, 10, 0, 200, "urn:storefront:rfm.frequency")]
    [InlineData(60, 10, 2, -1, "urn:storefront:rfm.monetary")]
    public async Task Bad_thresholds_are_a_400_naming_the_rule(int window, int recent, int frequent, decimal monetary, string type)
    {
        var response = await (await StaffAsync("owner@demo.local")).PutAsJsonAsync($"{Api}/rfm",
            new { windowDays = window, recentDays = recent, frequentOrders = frequent, monetaryAmount = monetary });

        Assert.Equal(type, (await ProblemAsync(response)).GetProperty("type").GetString());
    }

    [Theory]
    [InlineData("/members?segment=Whales")]
    [InlineData("/members?page=0")]
    [InlineData("?days=0")]
    [InlineData("?days=367")]
    [InlineData("/members.csv?segment=Whales")]
    public async Task A_bad_parameter_is_a_400_not_a_500(string query)
    {
        var response = await (await StaffAsync("owner@demo.local")).GetAsync(Api + query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Sending_needs_a_coupon_and_a_known_group()
    {
        var owner = await StaffAsync("owner@demo.local");
        var none = await ProblemAsync(await owner.PostAsJsonAsync($"{Api}/send-coupon", new { couponId = Guid.Empty, segment = "GeneralValue" }));
        Assert.NotEmpty(Errors(none, "couponId"));
        Assert.Equal(HttpStatusCode.NotFound,
            (await owner.PostAsJsonAsync($"{Api}/send-coupon", new { couponId = Guid.NewGuid(), segment = "GeneralValue" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest,
            (await owner.PostAsJsonAsync($"{Api}/send-coupon", new { couponId = Guid.NewGuid(), segment = "Whales" })).StatusCode);
    }

    private async Task<HttpClient> StaffAsync(string email, string store = "demo")
    {
        var client = app.ClientFor(store);
        await client.SignInStaffAsync(email);
        return client;
    }

    private void At(DateTimeOffset at) => app.Clock.SetUtcNow(at);
}
