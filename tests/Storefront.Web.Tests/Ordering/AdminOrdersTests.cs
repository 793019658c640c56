using System.Net;
using System.Net.Http.Json;
using System.Text;
using Storefront.Domain.Ordering;
using Storefront.Domain.Tenancy;
using Storefront.Web.Tests.Infrastructure;
using static Storefront.Web.Tests.Infrastructure.ApiAssert;

namespace Storefront.Web.Tests.Ordering;

/// <summary>The merchant's order work through the admin API: ship (parcels, partial), notes, cancel with refund, the grid, CSV, settings.</summary>
public sealed class AdminOrdersTests(StorefrontApp app) : IClassFixture<StorefrontApp>
{
    private const string Store = "demo";
    private const string Orders = "/api/v1/admin/orders";

    private async Task<HttpClient> MerchantAsync(string email = "merchant@demo.local")
    {
        var client = app.ClientFor(Store);
        await client.SignInStaffAsync(email);
        return client;
    }

    private async Task<Dictionary<string, Guid>> SkusAsync(params (string Suffix, int Stock)[] skus)
    {
        var tag = Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        var seeded = await app.SeedProductAsync(Store, "发货测试 " + tag, [.. skus.Select(s => ($"{tag}-{s.Suffix}", s.Stock, 0))]);
        return skus.ToDictionary(s => s.Suffix, s => seeded[$"{tag}-{s.Suffix}"]);
    }

    private static object Parcel(string carrier, string tracking, params (Guid LineId, int Quantity)[] lines) =>
        new { carrier, trackingNumber = tracking, lines = lines.Select(l => new { lineId = l.LineId, quantity = l.Quantity }) };

    private static Task<HttpResponseMessage> ShipAsync(HttpClient client, string number, params object[] parcels) =>
        client.PostAsJsonAsync($"{Orders}/{number}/ship", new { parcels });

    [Fact]
    public async Task Partial_shipment_keeps_the_order_awaiting_shipment_until_the_last_unit_and_deducts_what_shipped()
    {
        var skus = await SkusAsync(("A", 10), ("B", 5));
        var number = await app.PlaceOrderAsync(Store, paid: true, (skus["A"], 3), (skus["B"], 1));
        var order = await app.OrderAsync(Store, number);
        var (lineA, lineB) = (order.Lines.Single(l => l.SkuId == skus["A"]).Id, order.Lines.Single(l => l.SkuId == skus["B"]).Id);
        var client = await MerchantAsync();

        var first = await JsonAsync(await ShipAsync(client, number, Parcel("顺丰速运", "SF0000000001", (lineA, 2))));
        Assert.Equal("Paid", first.GetProperty("status").GetString());
        Assert.Equal((8, 1), await app.StockAsync(Store, skus["A"]));
        Assert.Equal((5, 1), await app.StockAsync(Store, skus["B"]));

        var detail = await JsonAsync(await client.GetAsync($"{Orders}/{number}"));
        Assert.Equal("Paid", detail.GetProperty("status").GetString());
        Assert.True(detail.GetProperty("canShip").GetBoolean());
        Assert.False(detail.GetProperty("canCancel").GetBoolean());   // something shipped: no cancelling any more

        app.Clock.Advance(TimeSpan.FromMinutes(5));
        var last = await JsonAsync(await ShipAsync(client, number, Parcel("中通快递", "ZT0000000002", (lineA, 1), (lineB, 1))));
        Assert.Equal("Shipped", last.GetProperty("status").GetString());
        Assert.Equal((7, 0), await app.StockAsync(Store, skus["A"]));
        Assert.Equal((4, 0), await app.StockAsync(Store, skus["B"]));

        detail = await JsonAsync(await client.GetAsync($"{Orders}/{number}"));
        Assert.Equal(["SF0000000001", "ZT0000000002"],
            detail.GetProperty("shipments").EnumerateArray().Select(s => s.GetProperty("trackingNumber").GetString()));
        Assert.Equal(["placed", "paid", "parcel", "shipped"], detail.GetProperty("timeline").EnumerateArray().Select(e => e.GetProperty("kind").GetString()));
        Assert.Equal(2, await app.CountAsync(Store, $"from outbox_messages where kind = 'order.shipped' and body like '%{number}%'"));
        Assert.Equal(2, await app.CountAsync(Store, $"from audit_log where action = 'order.shipped' and entity_id = '{order.Id}' and actor_id is not null"));
        Assert.Equal(HttpStatusCode.Conflict, (await ShipAsync(client, number, Parcel("顺丰速运", "SF0000000003"))).StatusCode);
    }

    [Fact]
    public async Task Several_parcels_in_one_request_ship_the_whole_order()
    {
        var skus = await SkusAsync(("A", 10), ("B", 10));
        var number = await app.PlaceOrderAsync(Store, paid: true, (skus["A"], 2), (skus["B"], 2));
        var order = await app.OrderAsync(Store, number);
        var lineA = order.Lines.Single(l => l.SkuId == skus["A"]).Id;
        var client = await MerchantAsync();

        var result = await JsonAsync(await ShipAsync(client, number, Parcel("顺丰速运", "SF1000000001", (lineA, 2)), Parcel("京东物流", "JD1000000002")));

        Assert.Equal("Shipped", result.GetProperty("status").GetString());
        Assert.Equal(2, result.GetProperty("parcels").GetArrayLength());
        Assert.Equal((8, 0), await app.StockAsync(Store, skus["A"]));
        Assert.Equal((8, 0), await app.StockAsync(Store, skus["B"]));
    }

    [Fact]
    public async Task Shipping_an_unpaid_order_is_refused_with_409_and_changes_nothing()
    {
        var skus = await SkusAsync(("A", 10));
        var number = await app.PlaceOrderAsync(Store, paid: false, (skus["A"], 2));
        var client = await MerchantAsync();

        await ProblemAsync(await ShipAsync(client, number, Parcel("顺丰速运", "SF2000000001")), HttpStatusCode.Conflict);

        Assert.Equal((10, 2), await app.StockAsync(Store, skus["A"]));
        var order = await app.OrderAsync(Store, number);
        Assert.Equal(OrderStatus.PendingPayment, order.Status);
        Assert.Empty(order.Shipments);
    }

    [Fact]
    public async Task Bad_shipping_input_is_refused_with_400_and_ships_nothing()
    {
        var skus = await SkusAsync(("A", 10));
        var number = await app.PlaceOrderAsync(Store, paid: true, (skus["A"], 2));
        var lineA = (await app.OrderAsync(Store, number)).Lines.Single().Id;
        var client = await MerchantAsync();

        var noCarrier = await ProblemAsync(await ShipAsync(client, number, Parcel("", "SF3000000001")), HttpStatusCode.BadRequest);
        Assert.True(noCarrier.GetProperty("errors").TryGetProperty("parcels[0].carrier", out _), noCarrier.ToString());
        var unknownCarrier = await ProblemAsync(await ShipAsync(client, number, Parcel("火星快递", "SF3000000001")), HttpStatusCode.BadRequest);
        Assert.True(unknownCarrier.GetProperty("errors").TryGetProperty("parcels[0].carrier", out _), unknownCarrier.ToString());
        var noTracking = await ProblemAsync(await ShipAsync(client, number, Parcel("顺丰速运", "  ")), HttpStatusCode.BadRequest);
        Assert.True(noTracking.GetProperty("errors").TryGetProperty("parcels[0].trackingNumber", out _), noTracking.ToString());
        await ProblemAsync(await ShipAsync(client, number, Parcel("顺丰速运", "SF3000000001", (lineA, 3))), HttpStatusCode.BadRequest);
        await ProblemAsync(await ShipAsync(client, number, Parcel("顺丰速运", "SF3000000001", (lineA, 0))), HttpStatusCode.BadRequest);
        await ProblemAsync(await ShipAsync(client, number, Parcel("顺丰速运", "SF3000000001", (Guid.NewGuid(), 1))), HttpStatusCode.BadRequest);
        await ProblemAsync(await client.PostAsJsonAsync($"{Orders}/{number}/ship", new { parcels = Array.Empty<object>() }), HttpStatusCode.BadRequest);
        var broken = await client.PostAsync($"{Orders}/{number}/ship", new StringContent("{\"parcels\": 5", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, broken.StatusCode);
        await ProblemAsync(await ShipAsync(client, "20990101000001", Parcel("顺丰速运", "SF3000000001")), HttpStatusCode.NotFound);

        var order = await app.OrderAsync(Store, number);
        Assert.Equal(OrderStatus.Paid, order.Status);
        Assert.Empty(order.Shipments);
        Assert.Equal((10, 2), await app.StockAsync(Store, skus["A"]));
    }

    [Fact]
    public async Task Only_owners_and_merchants_work_on_orders_and_only_owners_change_the_settings()
    {
        var skus = await SkusAsync(("A", 10));
        var number = await app.PlaceOrderAsync(Store, paid: true, (skus["A"], 1));
        var operatorClient = await MerchantAsync("operator@demo.local");
        Assert.Equal(HttpStatusCode.Forbidden, (await operatorClient.GetAsync(Orders)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await ShipAsync(operatorClient, number, Parcel("顺丰速运", "SF4000000001"))).StatusCode);
        var shopper = app.ClientFor(Store);
        await shopper.SignInShopperAsync("shopper@demo.local");
        Assert.Equal(HttpStatusCode.Unauthorized, (await shopper.GetAsync($"{Orders}/{number}")).StatusCode);
        var acme = app.ClientFor("acme");
        await acme.SignInStaffAsync("owner@acme.local");
        Assert.Equal(HttpStatusCode.NotFound, (await acme.GetAsync($"{Orders}/{number}")).StatusCode);   // another store's order does not exist there

        var merchant = await MerchantAsync();
        Assert.Equal(HttpStatusCode.Forbidden,
            (await merchant.PutAsJsonAsync("/api/v1/admin/settings/ordering", new { paymentTimeoutMinutes = 15, autoConfirmDays = 7 })).StatusCode);
    }

    [Fact]
    public async Task Cancelling_a_paid_order_refunds_it_in_full_once_releases_its_stock_and_is_audited()
    {
        var skus = await SkusAsync(("A", 10));
        var number = await app.PlaceOrderAsync(Store, paid: true, (skus["A"], 2));
        var other = await app.PlaceOrderAsync(Store, paid: true, (skus["A"], 3));   // its reservation must stay
        var order = await app.OrderAsync(Store, number);
        Assert.Equal((10, 5), await app.StockAsync(Store, skus["A"]));
        var client = await MerchantAsync();
        var second = await MerchantAsync("owner@demo.local");

        // Twice at once, by two people: one refund, one release.
        var answers = await Task.WhenAll(
            client.PostAsJsonAsync($"{Orders}/{number}/cancel", new { reason = "缺货" }),
            second.PostAsJsonAsync($"{Orders}/{number}/cancel", new { reason = "缺货" }));
        foreach (var answer in answers)
        {
            var result = await JsonAsync(answer);
            Assert.Equal("Cancelled", result.GetProperty("status").GetString());
            Assert.Equal(order.Total, result.GetProperty("refundedAmount").GetDecimal());
        }

        Assert.Equal((10, 3), await app.StockAsync(Store, skus["A"]));
        Assert.Equal(1,
            await app.CountAsync(Store,
            $"from refunds where order_id = '{order.Id}' and idempotency_key = 'cancel:{order.Id}' and status = 'Succeeded' and amount = {order.Total}"));
        var cancelled = await app.OrderAsync(Store, number);
        Assert.Equal(order.Total, cancelled.RefundedAmount);
        Assert.Single(cancelled.Events, e => e.Kind == "refunded");
        Assert.Single(cancelled.Events, e => e.Kind == "cancelled");
        Assert.Equal(1, await app.CountAsync(Store, $"from audit_log where action = 'order.cancelled' and entity_id = '{order.Id}'"));
        Assert.Equal(1, await app.CountAsync(Store, $"from audit_log where action = 'order.refunded' and entity_id = '{order.Id}'"));
        Assert.Equal(1, await app.CountAsync(Store, $"from outbox_messages where kind = 'order.cancelled' and body like '%{number}%'"));

        // Later again: still once.
        await JsonAsync(await client.PostAsJsonAsync($"{Orders}/{number}/cancel", new { reason = "缺货" }));
        Assert.Equal(1, await app.CountAsync(Store, $"from refunds where order_id = '{order.Id}'"));
        Assert.Equal((10, 3), await app.StockAsync(Store, skus["A"]));
        Assert.Equal(OrderStatus.Paid, (await app.OrderAsync(Store, other)).Status);
    }

    [Fact]
    public async Task Staff_cancel_an_unpaid_order_without_a_refund_but_not_a_shipped_one_and_need_a_reason()
    {
        var skus = await SkusAsync(("A", 10));
        var unpaid = await app.PlaceOrderAsync(Store, paid: false, (skus["A"], 1));
        var shipped = await app.PlaceOrderAsync(Store, paid: true, (skus["A"], 2));
        var client = await MerchantAsync();

        var noReason = await ProblemAsync(await client.PostAsJsonAsync($"{Orders}/{unpaid}/cancel", new { reason = " " }), HttpStatusCode.BadRequest);
        Assert.True(noReason.GetProperty("errors").TryGetProperty("reason", out _));

        var result = await JsonAsync(await client.PostAsJsonAsync($"{Orders}/{unpaid}/cancel", new { reason = "买家要求取消" }));
        Assert.Equal("Cancelled", result.GetProperty("status").GetString());
        Assert.Equal(0m, result.GetProperty("refundedAmount").GetDecimal());
        Assert.Equal(0, await app.CountAsync(Store, $"from refunds r join orders o on o.id = r.order_id where o.number = '{unpaid}'"));

        var line = (await app.OrderAsync(Store, shipped)).Lines.Single().Id;
        await JsonAsync(await ShipAsync(client, shipped, Parcel("顺丰速运", "SF5000000001", (line, 1))));
        await ProblemAsync(await client.PostAsJsonAsync($"{Orders}/{shipped}/cancel", new { reason = "缺货" }), HttpStatusCode.Conflict);
        Assert.Equal((9, 1), await app.StockAsync(Store, skus["A"]));
    }

    [Fact]
    public async Task Internal_notes_join_the_timeline_for_staff()
    {
        var skus = await SkusAsync(("A", 10));
        var number = await app.PlaceOrderAsync(Store, paid: true, (skus["A"], 1));
        var client = await MerchantAsync();

        await JsonAsync(await client.PostAsJsonAsync($"{Orders}/{number}/notes", new { text = "客户来电：周末送货" }));
        await ProblemAsync(await client.PostAsJsonAsync($"{Orders}/{number}/notes", new { text = "" }), HttpStatusCode.BadRequest);
        await ProblemAsync(await client.PostAsJsonAsync($"{Orders}/{number}/notes", new { text = new string('长', 201) }), HttpStatusCode.BadRequest);

        var detail = await JsonAsync(await client.GetAsync($"{Orders}/{number}"));
        var note = detail.GetProperty("timeline").EnumerateArray().Single(e => e.GetProperty("kind").GetString() == "note");
        Assert.Equal("客户来电：周末送货", note.GetProperty("reason").GetString());
        Assert.True(note.GetProperty("internal").GetBoolean());
        Assert.False(string.IsNullOrEmpty(note.GetProperty("actorName").GetString()));
    }

    [Fact]
    public async Task The_grid_filters_by_status_number_phone_and_placed_date_and_exports_what_it_shows_as_csv()
    {
        var skus = await SkusAsync(("A", 50));
        var phone = "139" + Random.Shared.Next(10_000_000, 99_999_999);
        var address = ShippingAddress.Create("李四", phone, "浙江省", "杭州市", "西湖区", "文三路 1 号");
        app.Clock.Advance(TimeSpan.FromDays(3));
        var dayOne = StoreTimeZone.DayOf(app.Clock.GetUtcNow(), StoreTimeZone.Find(StoreTimeZone.Default));
        var unpaid = await app.PlaceOrderAsync(Store, paid: false, address, (skus["A"], 1));
        app.Clock.Advance(TimeSpan.FromDays(1));
        var paid = await app.PlaceOrderAsync(Store, paid: true, address, (skus["A"], 2));
        var client = await MerchantAsync();

        async Task<List<string>> NumbersAsync(string query) =>
            [.. (await JsonAsync(await client.GetAsync($"{Orders}?take=200&{query}"))).GetProperty("items").EnumerateArray()
                .Select(i => i.GetProperty("number").GetString()!)];

        Assert.Equal([paid, unpaid], await NumbersAsync($"phone={phone}"));
        Assert.Equal([unpaid, paid], await NumbersAsync($"phone={phone}&sort=Placed&desc=false"));
        Assert.Equal([paid], await NumbersAsync($"phone={phone}&status=Paid"));
        Assert.Equal([unpaid], await NumbersAsync($"phone={phone}&from={dayOne:yyyy-MM-dd}&to={dayOne:yyyy-MM-dd}"));
        Assert.Equal([paid], await NumbersAsync($"phone={phone}&from={dayOne.AddDays(1):yyyy-MM-dd}"));
        Assert.Equal([paid], await NumbersAsync($"number={paid}"));
        Assert.Contains(unpaid, await NumbersAsync($"number={unpaid[..10]}"));
        var page = await JsonAsync(await client.GetAsync($"{Orders}?phone={phone}"));
        Assert.Equal(2, page.GetProperty("total").GetInt32());
        Assert.Equal("李四", page.GetProperty("items")[0].GetProperty("recipientName").GetString());

        await ProblemAsync(await client.GetAsync($"{Orders}?phone=12345"), HttpStatusCode.BadRequest);
        await ProblemAsync(await client.GetAsync($"{Orders}?from=2026-12-02&to=2026-12-01"), HttpStatusCode.BadRequest);
        await ProblemAsync(await client.GetAsync($"{Orders}?number=abc"), HttpStatusCode.BadRequest);

        var csv = await client.GetAsync($"{Orders}.csv?phone={phone}&status=Paid");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var bytes = await csv.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var rows = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, rows.Length);
        Assert.StartsWith("订单号,状态,下单时间", rows[0]);
        Assert.StartsWith($"{paid},待发货,", rows[1]);
        Assert.Contains(Storefront.Domain.Privacy.PersonalData.MaskPhone(phone), rows[1]);   // masked in the export (issue 19)
        Assert.DoesNotContain(phone, rows[1]);
        Assert.Contains("×2", rows[1]);
        await ProblemAsync(await client.GetAsync($"{Orders}.csv?phone=12"), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task The_owner_sets_the_payment_timeout_and_auto_confirm_days_and_new_orders_follow_them()
    {
        var owner = await MerchantAsync("owner@demo.local");
        var before = await JsonAsync(await owner.GetAsync("/api/v1/admin/settings/ordering"));

        var bad = await ProblemAsync(await owner.PutAsJsonAsync("/api/v1/admin/settings/ordering", new { paymentTimeoutMinutes = 1, autoConfirmDays = 31 }),
            HttpStatusCode.BadRequest);
        Assert.True(bad.GetProperty("errors").TryGetProperty("paymentTimeoutMinutes", out _));
        Assert.True(bad.GetProperty("errors").TryGetProperty("autoConfirmDays", out _));

        try
        {
            var saved = await JsonAsync(await owner.PutAsJsonAsync("/api/v1/admin/settings/ordering", new { paymentTimeoutMinutes = 15, autoConfirmDays = 7 }));
            Assert.Equal(15, saved.GetProperty("paymentTimeoutMinutes").GetInt32());
            Assert.Equal(7, (await JsonAsync(await owner.GetAsync("/api/v1/admin/settings/ordering"))).GetProperty("autoConfirmDays").GetInt32());
            Assert.True(await app.CountAsync(Store, "from audit_log where action = 'settings.ordering' and actor_id is not null") >= 1);

            var skus = await SkusAsync(("A", 10));
            var number = await app.PlaceOrderAsync(Store, paid: true, (skus["A"], 1));
            var order = await app.OrderAsync(Store, number);
            Assert.Equal(order.PlacedAt + TimeSpan.FromMinutes(15), order.PaymentDueAt);
            await JsonAsync(await ShipAsync(owner, number, Parcel("顺丰速运", "SF6000000001")));
            var shipped = await app.OrderAsync(Store, number);
            Assert.Equal(shipped.ShippedAt!.Value + TimeSpan.FromDays(7), shipped.AutoConfirmAt);
        }
        finally
        {
            await owner.PutAsJsonAsync("/api/v1/admin/settings/ordering", new
            {
                paymentTimeoutMinutes = before.GetProperty("paymentTimeoutMinutes").GetInt32(),
                autoConfirmDays = before.GetProperty("autoConfirmDays").GetInt32(),
            });
        }
    }

    [Fact]
    public async Task The_admin_order_pages_open_for_merchants_and_the_settings_page_for_owners_only()
    {
        var skus = await SkusAsync(("A", 10));
        var number = await app.PlaceOrderAsync(Store, paid: true, (skus["A"], 1));
        var merchant = await MerchantAsync();

        var grid = await merchant.GetAsync("/admin/orders");
        Assert.Equal(HttpStatusCode.OK, grid.StatusCode);
        Assert.Contains("data-testid=\"order-grid\"", await grid.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await merchant.GetAsync($"/admin/orders/{number}")).StatusCode);
        var settings = await merchant.GetAsync("/admin/settings/ordering");
        Assert.Equal(HttpStatusCode.Redirect, settings.StatusCode);
        Assert.StartsWith("/admin/denied", settings.Headers.Location!.PathAndQuery);

        var operatorClient = await MerchantAsync("operator@demo.local");
        Assert.Equal(HttpStatusCode.Redirect, (await operatorClient.GetAsync("/admin/orders")).StatusCode);
        var owner = await MerchantAsync("owner@demo.local");
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync("/admin/settings/ordering")).StatusCode);
    }
}
