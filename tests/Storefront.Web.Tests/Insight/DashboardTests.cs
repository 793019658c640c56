using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Storefront.Domain.AfterSales;
using Storefront.Domain.Insight;
using Storefront.Domain.Ordering;
using Storefront.Web.Tests.Infrastructure;
using static Storefront.Web.Tests.Infrastructure.ApiAssert;

namespace Storefront.Web.Tests.Insight;

/// <summary>
/// The dashboard's figures against a hand computation, to the cent. The fixture (demo, Asia/Shanghai; D1 = 2030-03-09,
/// D2 = 03-10, D3 = 03-11 in Shanghai) puts orders on both sides of the store's midnight (15:59:59Z and 16:00Z), a full
/// refund by cancellation, two partial refunds of one order, an unpaid order cancelled, parcels, approved and rejected
/// cases, and an order of acme on the same days, which demo must not count.
/// </summary>
public sealed class DashboardTests(StorefrontApp app) : IClassFixture<StorefrontApp>
{
    private const string Api = "/api/v1/admin/dashboard";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static DateTimeOffset Utc(int day, int hour, int minute, int second = 0) => new(2030, 3, day, hour, minute, second, TimeSpan.Zero);

    [Fact]
    public async Task Each_figure_matches_a_hand_computation_over_the_stores_days()
    {
        At(Utc(9, 15, 30));                                           // D1 23:30: three shoppers register (staff sign in now: sessions age with the clock)
        var owner = await StaffAsync("owner@demo.local");
        var merchant = await StaffAsync("merchant@demo.local");
        var x = await app.SeedSkuAsync("demo", "INS-X", stock: 100, price: 100.00m);
        var y = await app.SeedSkuAsync("demo", "INS-Y", stock: 100, price: 35.50m);
        var anvil = await app.SeedSkuAsync("acme", "INS-A", stock: 10, price: 899.00m);
        var shoppers = await app.ShoppersAsync("demo", 3);
        var (s1, s2, s3) = (shoppers[0].Email, shoppers[1].Email, shoppers[2].Email);
        At(Utc(9, 15, 50));
        var o1 = await app.PlacePendingOrderAsync("demo", s1, x);     // 100.00 + 10.00 shipping
        At(Utc(9, 15, 59));
        await PayAsync(o1);                                           // D1 23:59: 110.00
        At(Utc(9, 16, 0));                                            // D2 00:00
        var o2 = await app.PlacePendingOrderAsync("demo", s1, y, 2);  // 71.00 + 10.00
        await PayAsync(o2);                                           // D2: 81.00
        At(Utc(9, 16, 10));
        var o3 = await app.PlacePendingOrderAsync("demo", s2, x, 2);
        await PayAsync(o3);                                           // D2: 210.00
        At(Utc(9, 16, 15));
        var o4 = await app.PlacePendingOrderAsync("demo", s3, y);     // never paid
        At(Utc(9, 16, 20));
        await JsonAsync(await merchant.PostAsJsonAsync($"/api/v1/admin/orders/{o3}/cancel", new { reason = "缺货" }));   // refunds 210.00 on D2
        await JsonAsync(await merchant.PostAsJsonAsync($"/api/v1/admin/orders/{o4}/cancel", new { reason = "买家要求" }));
        At(Utc(9, 16, 30));
        var s4 = (await app.ShoppersAsync("demo", 1))[0].Email;       // D2: a fourth member
        var o5 = await app.PlacePendingOrderAsync("demo", s1, x);
        await PayAsync(o5);                                           // D2: 110.00; s1's second order of D2
        At(Utc(9, 16, 40));
        var case5 = await OpenCaseAsync(o5);
        At(Utc(9, 17, 0));
        await RefundAsync(o2, 20.00m, "part-1");                      // D2: O2's first refund
        At(Utc(9, 17, 30));
        await RefundAsync(o2, 5.00m, "part-2");                       // D2: O2 again (one refunded order)
        At(Utc(9, 18, 0));
        await ShipAsync(o1);                                          // D2 02:00: O1's first parcel, 2 h 1 min after payment
        At(Utc(9, 18, 40));
        await AnswerAsync(case5, approve: true);                      // D2: answered after 2 h
        At(Utc(9, 19, 0));
        await app.PlaceOrderAsync("acme", paid: true, (anvil, 1));   // acme's D2: 899.00, not demo's
        At(Utc(10, 15, 59, 59));
        var o6 = await app.PlacePendingOrderAsync("demo", s4, y);
        await PayAsync(o6);                                           // D2 23:59:59: 45.50
        At(Utc(10, 16, 0));
        var o7 = await app.PlacePendingOrderAsync("demo", s2, y);
        await PayAsync(o7);                                           // D3 00:00: 45.50
        At(Utc(10, 16, 5));
        var case7 = await OpenCaseAsync(o7);
        At(Utc(10, 16, 35));
        await AnswerAsync(case7, approve: false);                     // D3: answered after 30 min
        At(Utc(11, 0, 0));
        await JsonAsync(await merchant.PostAsJsonAsync($"/api/v1/admin/orders/{o6}/ship",
            new { parcels = new[] { new { carrier = "顺丰速运", trackingNumber = "SF2030031100", lines = Array.Empty<object>() } } }));   // D3: 8 h 0 min 1 s
        // Today is D3 (08:00 in Shanghai): O7 45.50 by s2; no refund (0 / 45.50); O6's parcel 28,801 s → 8.00 h; case 7 answered in
        // 1,800 s → 0.50 h. Against D2: 81.00 + 210.00 + 110.00 + 45.50 = 446.50 in 4 orders by s1 (2), s2, s4; 446.50 / 4 = 111.625 →
        // 111.63; repeat 1/3; refunded 210.00 + 20.00 + 5.00 = 235.00 (235 / 446.5 = 0.52631 → 0.5263) on 2 orders (2/4); s4 registered;
        // O1's parcel 7,260 s → 2.0166 → 2.02 h; case 5 answered in 7,200 s → 2.00 h.
        var today = await DashboardAsync(owner, "period=Today");
        Assert.Equal("2030-03-11", today.GetProperty("from").GetString());
        Assert.Equal("2030-03-10", today.GetProperty("previousTo").GetString());
        Assert.Equal(new InsightFigures(45.50m, 1, 1, 45.50m, 0m, 0m, 0, 0m, 0m, 0, 8.00m, 0.50m), Figures(today, "current"));
        var d2 = new InsightFigures(446.50m, 4, 3, 111.63m, 0.3333m, 235.00m, 2, 0.5263m, 0.5m, 1, 2.02m, 2.00m);
        Assert.Equal(d2, Figures(today, "previous"));
        Assert.Equal(-0.8981m, today.GetProperty("change").GetProperty("gmv").GetDecimal());   // (45.50 − 446.50) / 446.50
        Assert.Equal(-0.75m, today.GetProperty("change").GetProperty("paidOrders").GetDecimal());

        // Yesterday (D2) against D1: O1 110.00 by s1, nothing refunded or shipped on D1, three members.
        var yesterday = await DashboardAsync(owner, "period=Yesterday");
        Assert.Equal(d2, Figures(yesterday, "current"));
        Assert.Equal(new InsightFigures(110.00m, 1, 1, 110.00m, 0m, 0m, 0, 0m, 0m, 3, null, null), Figures(yesterday, "previous"));
        Assert.Equal(3.0591m, yesterday.GetProperty("change").GetProperty("gmv").GetDecimal());   // (446.50 − 110.00) / 110.00
        Assert.Equal(-0.6667m, yesterday.GetProperty("change").GetProperty("newMembers").GetDecimal());
        Assert.Equal(JsonValueKind.Null, yesterday.GetProperty("change").GetProperty("averageShipHours").ValueKind);

        // The last 7 days (03-05 … 03-11): D1 + D2 + D3 = 110.00 + 446.50 + 45.50 = 602.00 in 6 orders (100.333 → 100.33) by s1 (3),
        // s2 (2) and s4: repeat 2/3; 235 / 602 = 0.390365 → 0.3904; 2/6 orders refunded; 4 members; parcels (7,260 + 28,801) / 2 s =
        // 5.0085 h → 5.01; answers (7,200 + 1,800) / 2 s = 1.25 h. The 7 days before hold nothing: no change to show.
        var week = await DashboardAsync(owner, "period=Last7Days");
        Assert.Equal(new InsightFigures(602.00m, 6, 3, 100.33m, 0.6667m, 235.00m, 2, 0.3904m, 0.3333m, 4, 5.01m, 1.25m), Figures(week, "current"));
        Assert.Equal(new InsightFigures(0m, 0, 0, null, null, 0m, 0, null, null, 0, null, null), Figures(week, "previous"));
        Assert.Equal(JsonValueKind.Null, week.GetProperty("change").GetProperty("gmv").ValueKind);
        var days = week.GetProperty("days").EnumerateArray().ToDictionary(d => d.GetProperty("day").GetString()!, d => d.GetProperty("figures"));
        Assert.Equal(7, days.Count);
        Assert.Equal([0m, 0m, 0m, 0m, 110.00m, 446.50m, 45.50m], days.OrderBy(d => d.Key).Select(d => d.Value.GetProperty("gmv").GetDecimal()));
        Assert.Equal([0, 0, 0, 0, 1, 3, 1], days.OrderBy(d => d.Key).Select(d => d.Value.GetProperty("payingBuyers").GetInt32()));
        // No tracked visits in this fixture (VisitTrackingTests has them): 0 visitors, and no rate over 0 visitors.
        Assert.True(week.GetProperty("visitors").GetProperty("available").GetBoolean());
        Assert.Equal(0, week.GetProperty("visitors").GetProperty("uniqueVisitors").GetInt32());
        Assert.Equal(JsonValueKind.Null, week.GetProperty("visitors").GetProperty("conversionRate").ValueKind);

        // A custom range, D1–D2: 556.50 in 5 orders (111.30) by s1 (3), s2, s4; 235 / 556.5 = 0.42228 → 0.4223; 2/5 refunded.
        var custom = await DashboardAsync(owner, "from=2030-03-09&to=2030-03-10");
        Assert.Equal("Custom", custom.GetProperty("period").GetString());
        Assert.Equal(new InsightFigures(556.50m, 5, 3, 111.30m, 0.3333m, 235.00m, 2, 0.4223m, 0.4m, 4, 2.02m, 2.00m), Figures(custom, "current"));

        // acme sees its own order only, and demo never saw it.
        var acme = await DashboardAsync(await StaffAsync("owner@acme.local", "acme"), "from=2030-03-09&to=2030-03-10");
        Assert.Equal((899.00m, 1, 1), (Figures(acme, "current").Gmv, Figures(acme, "current").PaidOrders, Figures(acme, "current").PayingBuyers));

        // Recounting from the rows gives what the triggers kept.
        await JsonAsync(await owner.PostAsync($"{Api}/rebuild", null));
        Assert.Equal(Figures(custom, "current"), Figures(await DashboardAsync(owner, "from=2030-03-09&to=2030-03-10"), "current"));
        Assert.Equal(Figures(week, "current"), Figures(await DashboardAsync(owner, "period=Last7Days"), "current"));

        // In London (GMT in March) the midnight falls elsewhere: O1, O2, O3 and O5 are all paid on 03-09 (511.00, 4 orders, s1 ×3 and s2),
        // the refunds too, and all four members registered that day; O6 and O7 (91.00) on 03-10.
        try
        {
            await JsonAsync(await owner.PutAsJsonAsync("/api/v1/admin/settings/store", new { timeZone = "Europe/London" }));
            var london = await DashboardAsync(owner, "from=2030-03-09&to=2030-03-09");
            Assert.Equal("Europe/London", london.GetProperty("timeZone").GetString());
            Assert.Equal(new InsightFigures(511.00m, 4, 2, 127.75m, 0.5m, 235.00m, 2, 0.4599m, 0.5m, 4, 2.02m, 2.00m), Figures(london, "current"));
            Assert.Equal(91.00m, Figures(await DashboardAsync(owner, "from=2030-03-10&to=2030-03-10"), "current").Gmv);
        }
        finally
        {
            await JsonAsync(await owner.PutAsJsonAsync("/api/v1/admin/settings/store", new { timeZone = "Asia/Shanghai" }));
        }

        // Later today a new buyer pays twice: a repeat buyer of the week by today's two orders alone (s1, s2 and s5 of s1, s2, s4, s5).
        At(Utc(11, 1, 0));
        var s5 = (await app.ShoppersAsync("demo", 1))[0].Email;
        await PayAsync(await app.PlacePendingOrderAsync("demo", s5, y));
        await PayAsync(await app.PlacePendingOrderAsync("demo", s5, y));
        var later = Figures(await DashboardAsync(owner, "period=Last7Days"), "current");
        Assert.Equal((693.00m, 8, 4, 0.75m), (later.Gmv, later.PaidOrders, later.PayingBuyers, later.RepurchaseRate));
    }

    [Fact]
    public async Task Owners_and_operators_read_the_dashboard_other_roles_do_not()
    {
        Assert.Equal(HttpStatusCode.OK, (await (await StaffAsync("operator@demo.local")).GetAsync(Api)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await StaffAsync("merchant@demo.local")).GetAsync(Api)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await StaffAsync("operator@demo.local")).PostAsync($"{Api}/rebuild", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.ClientFor("demo").GetAsync(Api)).StatusCode);

        // The admin home: the dashboard for the operator, the simple home for the merchant.
        var operatorHome = await (await StaffAsync("operator@demo.local")).GetPageAsync("/admin");
        Assert.NotNull(operatorHome.QuerySelector("[data-testid=dashboard]"));
        var merchantHome = await (await StaffAsync("merchant@demo.local")).GetPageAsync("/admin");
        Assert.Null(merchantHome.QuerySelector("[data-testid=dashboard]"));
        Assert.NotNull(merchantHome.QuerySelector("a[href='/admin/products']"));
    }

    [Theory]
    [InlineData("from=2030-03-10&to=2030-03-09", "to")]
    [InlineData("from=2029-01-01&to=2030-01-02", "to")]
    [InlineData("from=2030-03-10", "to")]
    [InlineData("to=2030-03-10", "from")]
    [InlineData("period=Custom", "from")]
    [InlineData("from=0001-01-01&to=0001-01-01", "from")]
    public async Task A_bad_range_is_a_field_error(string query, string field)
    {
        var problem = await ProblemAsync(await (await StaffAsync("owner@demo.local")).GetAsync($"{Api}?{query}"));

        Assert.NotEmpty(Errors(problem, field));
    }

    [Theory]
    [InlineData("from=2030-02-30&to=2030-03-01")]
    [InlineData("period=Fortnight")]
    public async Task An_unreadable_parameter_is_a_400_not_a_500(string query)
    {
        var response = await (await StaffAsync("owner@demo.local")).GetAsync($"{Api}?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    private async Task<HttpClient> StaffAsync(string email, string store = "demo")
    {
        var client = app.ClientFor(store);
        await client.SignInStaffAsync(email);
        return client;
    }

    private void At(DateTimeOffset at) => app.Clock.SetUtcNow(at);

    private static async Task<JsonElement> DashboardAsync(HttpClient client, string query) => await JsonAsync(await client.GetAsync($"{Api}?{query}"));

    private static InsightFigures Figures(JsonElement result, string which) => result.GetProperty(which).Deserialize<InsightFigures>(Json)!;

    /// <summary>Paid now through the sandbox (InsightSeed.PayAsync).</summary>
    private Task PayAsync(string number) => app.PayAsync("demo", number);

    private Task RefundAsync(string number, decimal amount, string key) => app.InStoreAsync("demo", async db =>
    {
        var now = app.Clock.GetUtcNow();
        var order = await db.Orders.SingleAsync(o => o.Number == number);
        var payment = await db.Payments.SingleAsync(p => p.OrderId == order.Id);
        var refund = Refund.Request(db.TenantId!.Value, order.Id, payment.Id, amount, "部分退款", $"{key}-{number}", now);
        db.Refunds.Add(refund);
        await db.SaveChangesAsync();
        refund.Complete(true, "rf-" + key, now);   // pending first, succeeded later: the update counts it
        return await db.SaveChangesAsync();
    });

    private Task ShipAsync(string number) => app.InStoreAsync("demo", async db =>
    {
        var order = await db.Orders.Include(o => o.Lines).Include(o => o.Shipments).SingleAsync(o => o.Number == number);
        order.Ship("顺丰速运", "SF" + number[^8..], [], OrderActor.Staff(null), TimeSpan.FromDays(10), app.Clock.GetUtcNow());
        return await db.SaveChangesAsync();
    });

    private Task<Guid> OpenCaseAsync(string number) => app.InStoreAsync("demo", async db =>
    {
        var order = await db.Orders.Include(o => o.Lines).SingleAsync(o => o.Number == number);
        var opened = AfterSalesCase.Open(order,
            new AfterSalesRequest(order.Lines[0].Id, AfterSalesKind.RefundOnly, AfterSalesReason.NotReceived, 1, "还没收到", null), [],
            AfterSalesPolicy.Default, null, app.Clock.GetUtcNow());
        db.AfterSalesCases.Add(opened);
        await db.SaveChangesAsync();
        return opened.Id;
    });

    private Task AnswerAsync(Guid caseId, bool approve) => app.InStoreAsync("demo", async db =>
    {
        var found = await db.AfterSalesCases.SingleAsync(c => c.Id == caseId);
        if (approve)
        {
            found.Approve(OrderActor.Staff(null), null, app.Clock.GetUtcNow());
        }
        else
        {
            found.Reject(OrderActor.Staff(null), "已发货，请耐心等待", app.Clock.GetUtcNow());
        }

        return await db.SaveChangesAsync();
    });
}
