using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Storefront.Domain.Ordering;
using Storefront.Domain.Ordering.Risk;
using Storefront.Web.Tests.Infrastructure;
using static Storefront.Web.Tests.Infrastructure.ApiAssert;

namespace Storefront.Web.Tests.Ordering;

/// <summary>
/// 风控 against real PostgreSQL: scoring at checkout (score and reasons stored, held above the threshold), held orders refused
/// at shipping until approved, cancelling a held order with its refund, the coupon claim limits per IP and per address, and
/// the settings' access and field errors. Each test sets the store's settings it relies on, and uses a phone and street of its own.
/// </summary>
public sealed class RiskControlTests(StorefrontApp app) : IClassFixture<StorefrontApp>
{
    private const string Store = "demo";
    private const string Settings = "/api/v1/admin/settings/risk";

    /// <summary>A full settings body: review on unless asked, the given threshold, claims unlimited unless given, the default weights otherwise.</summary>
    public static object SettingsBody(int threshold = 40, int claimsPerIp = 0, int claimsPerAddress = 0, decimal highAmount = 1m, bool enabled = true) =>
        new
        {
            enabled,
            threshold,
            newAccountDays = 7,
            highAmount,
            newAccountWeight = 30,
            ordersPerDay = 2,
            addressOrdersWeight = 25,
            phoneOrdersWeight = 25,
            failedPayments = 3,
            failedPaymentsWeight = 20,
            sharedCouponAccounts = 2,
            sharedCouponWeight = 30,
            farAddressWeight = 20,
            claimsPerIp,
            claimsPerAddress,
        };

    private async Task<HttpClient> StaffAsync(string email)
    {
        var client = app.ClientFor(Store);
        await client.SignInStaffAsync(email);
        return client;
    }

    private async Task ConfigureAsync(object body) =>
        Assert.Equal(HttpStatusCode.OK, (await (await StaffAsync("owner@demo.local")).PutAsJsonAsync(Settings, body)).StatusCode);

    private static string NewPhone() => "139" + Random.Shared.Next(10_000_000, 99_999_999).ToString(CultureInfo.InvariantCulture);

    private static object Address(string phone, string street, string province = "浙江省", string city = "杭州市", string district = "西湖区") =>
        new { name = "王五", phone, province, city, district, street };

    /// <summary>Puts one unit of <paramref name="sku"/> in the shopper's cart and checks it out to <paramref name="address"/>; the order number.</summary>
    private async Task<string> CheckOutAsync(HttpClient client, Guid shopperId, Guid sku, object address, string coupon = "none")
    {
        await app.AddToCartAsync(Store, shopperId, sku, 1);
        var response = await client.PlaceOrderAsync(Guid.NewGuid().ToString("N"), new { address, coupon });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("number").GetString()!;
    }

    private Task<Order> StoredAsync(string number) =>
        app.InStoreAsync(Store, db => db.Orders.AsNoTracking().SingleAsync(o => o.Number == number));

    private static Task<HttpResponseMessage> ShipAsync(HttpClient client, string number) =>
        client.PostAsJsonAsync(
            $"/api/v1/admin/orders/{number}/ship", new { parcels = new[] { new { carrier = "顺丰速运", trackingNumber = "SF" + number[^8..] } } });

    private static async Task<List<string>> QueueAsync(HttpClient client) =>
        [.. (await JsonAsync(await client.GetAsync("/api/v1/admin/orders/risk-review"))).EnumerateArray().Select(r => r.GetProperty("number").GetString()!)];

    [Fact]
    public async Task Checkout_stores_each_orders_score_and_reasons_and_holds_those_above_the_threshold()
    {
        await ConfigureAsync(SettingsBody(threshold: 40));
        var sku = await app.SeedSkuAsync(Store, "RISK-" + Guid.NewGuid().ToString("N")[..6], stock: 20);
        var (client, shopperId) = await app.NewShopperAsync(Store);
        var (phone, street) = (NewPhone(), "风控路 " + Guid.NewGuid().ToString("N")[..6] + " 号");

        // A new account (30 points: every amount is high here); the third order is the second before it to this phone and address.
        var first = await StoredAsync(await CheckOutAsync(client, shopperId, sku, Address(phone, street)));
        var second = await StoredAsync(await CheckOutAsync(client, shopperId, sku, Address(phone, street)));
        var third = await StoredAsync(await CheckOutAsync(client, shopperId, sku, Address(phone, street)));
        Assert.Equal((30, RiskReview.None), (first.RiskScore, first.RiskReview));
        Assert.Equal([RiskRules.NewAccount], first.RiskReasons.Select(r => r.Code));
        Assert.Equal((30, RiskReview.None), (second.RiskScore, second.RiskReview));
        Assert.Equal((80, RiskReview.Pending), (third.RiskScore, third.RiskReview));
        Assert.Equal([RiskRules.NewAccount, RiskRules.AddressOrders, RiskRules.PhoneOrders], third.RiskReasons.Select(r => r.Code));
        Assert.Equal("2", third.RiskReasons.Single(r => r.Code == RiskRules.PhoneOrders).Detail);

        // Three failed payments, then an order to another province at the same phone: failed payments, far address, phone.
        await app.InStoreAsync(Store, async db =>
        {
            for (var i = 0; i < 3; i++)
            {
                var payment = Payment.Start(db.TenantId!.Value, first.Id, "sandbox", first.Total, app.Clock.GetUtcNow());
                payment.Complete(false, $"failed-{first.Number}-{i}", app.Clock.GetUtcNow());
                db.Payments.Add(payment);
            }

            return await db.SaveChangesAsync();
        });
        var far = await StoredAsync(await CheckOutAsync(client, shopperId, sku, Address(phone, "中山路 1 号", "江苏省", "南京市", "玄武区")));
        Assert.Equal(
            [(RiskRules.NewAccount, 30), (RiskRules.PhoneOrders, 25), (RiskRules.FailedPayments, 20), (RiskRules.FarAddress, 20)],
            far.RiskReasons.Select(r => (r.Code, r.Points)));
        Assert.Equal(95, far.RiskScore);
        Assert.Equal("浙江省 → 江苏省", far.RiskReasons.Single(r => r.Code == RiskRules.FarAddress).Detail);

        var merchant = await StaffAsync("merchant@demo.local");
        var queue = await QueueAsync(merchant);
        Assert.Contains(third.Number, queue);
        Assert.Contains(far.Number, queue);
        Assert.DoesNotContain(first.Number, queue);
    }

    [Fact]
    public async Task A_store_that_has_not_turned_review_on_scores_orders_but_holds_none()
    {
        await ConfigureAsync(SettingsBody(threshold: 0, enabled: false));
        var sku = await app.SeedSkuAsync(Store, "RISK-" + Guid.NewGuid().ToString("N")[..6], stock: 5);
        var (client, shopperId) = await app.NewShopperAsync(Store);

        var order = await StoredAsync(await CheckOutAsync(client, shopperId, sku, Address(NewPhone(), "安静路 8 号")));

        Assert.Equal((30, RiskReview.None), (order.RiskScore, order.RiskReview));
    }

    [Fact]
    public async Task A_held_order_is_refused_at_shipping_until_staff_approve_it_and_the_approval_is_audited()
    {
        var number = await app.HeldPaidOrderAsync(Store);
        var merchant = await StaffAsync("merchant@demo.local");

        var refused = await ProblemAsync(await ShipAsync(merchant, number), HttpStatusCode.Conflict);
        Assert.Equal("urn:storefront:order.ship-held", refused.GetProperty("type").GetString());
        var detail = await JsonAsync(await merchant.GetAsync($"/api/v1/admin/orders/{number}"));
        Assert.Empty(detail.GetProperty("shipments").EnumerateArray());
        Assert.False(detail.GetProperty("canShip").GetBoolean());
        Assert.Equal(("Pending", 90), (detail.GetProperty("riskReview").GetString(), detail.GetProperty("riskScore").GetInt32()));
        Assert.Contains(number, await QueueAsync(merchant));

        var approved = await JsonAsync(await merchant.PostAsync($"/api/v1/admin/orders/{number}/risk-approve", null));
        Assert.Equal("Approved", approved.GetProperty("riskReview").GetString());
        Assert.DoesNotContain(number, await QueueAsync(merchant));
        Assert.Equal(RiskReview.Approved, (await StoredAsync(number)).RiskReview);
        Assert.Equal(1, await app.CountAsync(Store, $"from audit_log where action = 'ApproveHeldOrder' and entity_id = '{number}'"));

        Assert.Equal("Shipped", (await JsonAsync(await ShipAsync(merchant, number))).GetProperty("status").GetString());
        await ProblemAsync(await merchant.PostAsync($"/api/v1/admin/orders/{number}/risk-approve", null), HttpStatusCode.Conflict);
        await ProblemAsync(await merchant.PostAsync("/api/v1/admin/orders/20990101000001/risk-approve", null), HttpStatusCode.NotFound);
        var operatorClient = await StaffAsync("operator@demo.local");
        Assert.Equal(HttpStatusCode.Forbidden, (await operatorClient.PostAsync($"/api/v1/admin/orders/{number}/risk-approve", null)).StatusCode);
    }

    [Fact]
    public async Task Cancelling_a_held_paid_order_refunds_it_in_full_and_closes_its_review()
    {
        var number = await app.HeldPaidOrderAsync(Store);
        var merchant = await StaffAsync("merchant@demo.local");

        var cancelled = await JsonAsync(await merchant.PostAsJsonAsync($"/api/v1/admin/orders/{number}/cancel", new { reason = "风控审核未通过" }));

        var order = await StoredAsync(number);
        Assert.Equal("Cancelled", cancelled.GetProperty("status").GetString());
        Assert.Equal(order.Total, cancelled.GetProperty("refundedAmount").GetDecimal());
        Assert.Equal((OrderStatus.Cancelled, RiskReview.Cancelled, order.Total), (order.Status, order.RiskReview, order.RefundedAmount));
        Assert.DoesNotContain(number, await QueueAsync(merchant));
        await ProblemAsync(await merchant.PostAsync($"/api/v1/admin/orders/{number}/risk-approve", null), HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Coupon_claims_beyond_the_per_ip_limit_are_refused_with_400_and_another_ip_still_claims()
    {
        await ConfigureAsync(SettingsBody(claimsPerIp: 2));
        var coupon = await app.CouponAsync(Store, "限IP-" + Guid.NewGuid().ToString("N")[..6], 100, 1);
        var ip = $"10.{Random.Shared.Next(1, 250)}.{Random.Shared.Next(1, 250)}.{Random.Shared.Next(1, 250)}";

        for (var i = 0; i < 2; i++)
        {
            var (ok, _) = await app.NewShopperAsync(Store);
            Assert.Equal(HttpStatusCode.OK, (await ok.From(ip).PostAsync($"/api/v1/coupons/{coupon}/claim", null)).StatusCode);
        }

        var (third, _) = await app.NewShopperAsync(Store);
        var refused = await ProblemAsync(await third.From(ip).PostAsync($"/api/v1/coupons/{coupon}/claim", null), HttpStatusCode.BadRequest);
        Assert.Equal("urn:storefront:coupon.claim-limit", refused.GetProperty("type").GetString());
        Assert.Contains("IP", refused.GetProperty("title").GetString());
        Assert.Equal(HttpStatusCode.OK, (await third.From("192.0.2.77").PostAsync($"/api/v1/coupons/{coupon}/claim", null)).StatusCode);
        Assert.Equal(2, await app.CountAsync(Store, $"from shopper_coupons where coupon_id = '{coupon}' and claim_ip = '{ip}'"));
    }

    [Fact]
    public async Task Coupon_claims_beyond_the_per_address_limit_are_refused_and_the_coupon_centre_says_why()
    {
        await ConfigureAsync(SettingsBody(claimsPerAddress: 1));
        var coupon = await app.CouponAsync(Store, "限地址-" + Guid.NewGuid().ToString("N")[..6], 100, 1);
        var street = "同址路 " + Guid.NewGuid().ToString("N")[..6] + " 号";
        var (a, aId) = await app.NewShopperAsync(Store);
        var (b, bId) = await app.NewShopperAsync(Store);
        var (c, cId) = await app.NewShopperAsync(Store);
        await app.InStoreAsync(Store, async db =>
        {
            foreach (var (id, at) in new[] { (aId, street), (bId, street), (cId, "别处路 2 号") })
            {
                var address = ShippingAddress.Create("收件人", NewPhone(), "浙江省", "杭州市", "西湖区", at);
                db.Addresses.Add(ShopperAddress.Create(db.TenantId!.Value, id, address, true, app.Clock.GetUtcNow()));
            }

            return await db.SaveChangesAsync();
        });

        Assert.Equal(HttpStatusCode.OK, (await a.From("198.51.100.1").PostAsync($"/api/v1/coupons/{coupon}/claim", null)).StatusCode);
        var refused = await ProblemAsync(await b.From("198.51.100.2").PostAsync($"/api/v1/coupons/{coupon}/claim", null), HttpStatusCode.BadRequest);
        Assert.Equal("urn:storefront:coupon.claim-limit", refused.GetProperty("type").GetString());
        Assert.Equal(HttpStatusCode.OK, (await c.From("198.51.100.3").PostAsync($"/api/v1/coupons/{coupon}/claim", null)).StatusCode);

        var page = await b.SubmitAsync("/coupons", $"li[data-coupon-id='{coupon}'] form", new Dictionary<string, string>());
        var error = Forms.Parse(await page.Content.ReadAsStringAsync()).QuerySelector("[data-testid=claim-error]");
        Assert.Contains("收货地址", error?.TextContent);
    }

    [Fact]
    public async Task A_coupon_claimed_from_one_ip_by_several_accounts_adds_the_shared_coupon_points_at_checkout()
    {
        await ConfigureAsync(SettingsBody(threshold: 1000, highAmount: 99_999_999m));
        var coupon = await app.CouponAsync(Store, "同源券-" + Guid.NewGuid().ToString("N")[..6], 100, 1, minSpend: 0m, value: 1m);
        var ip = $"172.16.{Random.Shared.Next(1, 250)}.{Random.Shared.Next(1, 250)}";
        for (var i = 0; i < 2; i++)
        {
            var (other, _) = await app.NewShopperAsync(Store);
            Assert.Equal(HttpStatusCode.OK, (await other.From(ip).PostAsync($"/api/v1/coupons/{coupon}/claim", null)).StatusCode);
        }

        var (client, shopperId) = await app.NewShopperAsync(Store);
        var claimed = await JsonAsync(await client.From(ip).PostAsync($"/api/v1/coupons/{coupon}/claim", null));
        var sku = await app.SeedSkuAsync(Store, "RISK-" + Guid.NewGuid().ToString("N")[..6], stock: 5);

        var order = await StoredAsync(await CheckOutAsync(client, shopperId, sku, Address(NewPhone(), "共享路 3 号"),
            claimed.GetProperty("shopperCouponId").GetString()!));

        Assert.Equal(claimed.GetProperty("shopperCouponId").GetGuid(), order.ShopperCouponId);
        Assert.Equal([(RiskRules.SharedCoupon, 30, "2")], order.RiskReasons.Select(r => (r.Code, r.Points, r.Detail)));
    }

    [Fact]
    public async Task Only_the_owner_changes_the_settings_and_values_out_of_range_get_field_errors()
    {
        var merchant = await StaffAsync("merchant@demo.local");
        Assert.Equal(HttpStatusCode.Forbidden, (await merchant.PutAsJsonAsync(Settings, SettingsBody())).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await merchant.GetAsync(Settings)).StatusCode);

        var owner = await StaffAsync("owner@demo.local");
        var bad = await ProblemAsync(await owner.PutAsJsonAsync(Settings, SettingsBody(threshold: -1, claimsPerIp: -3)), HttpStatusCode.BadRequest);
        Assert.True(bad.GetProperty("errors").TryGetProperty("threshold", out _), bad.ToString());
        Assert.True(bad.GetProperty("errors").TryGetProperty("claimsPerIp", out _), bad.ToString());

        Assert.Equal(HttpStatusCode.OK, (await owner.PutAsJsonAsync(Settings, SettingsBody(threshold: 55, claimsPerIp: 4))).StatusCode);
        var saved = await JsonAsync(await owner.GetAsync(Settings));
        Assert.Equal(55, saved.GetProperty("threshold").GetInt32());
        Assert.Equal(4, saved.GetProperty("claimsPerIp").GetInt32());
        Assert.True(saved.GetProperty("enabled").GetBoolean());
        Assert.True(await app.CountAsync(Store, "from audit_log where action = 'RiskSettingsAdmin'") >= 1);
    }
}
