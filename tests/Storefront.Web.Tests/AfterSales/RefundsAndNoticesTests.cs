using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Storefront.Domain.AfterSales;
using Storefront.Domain.Ordering;
using Storefront.Domain.Pricing;
using Storefront.Web.Features.AfterSales;
using Storefront.Web.Tests.Infrastructure;
using Storefront.Web.Tests.Ordering;
using Storefront.Web.Tests.Promotions;
using static Storefront.Web.Tests.Infrastructure.ApiAssert;

namespace Storefront.Web.Tests.AfterSales;

/// <summary>
/// Through the real HTTP API against PostgreSQL, orders placed and paid as a shopper does: refunds before shipping take
/// their units off the order (and the last one cancels it, shipping refunded), the coupon after a whole-order case, the
/// 满减 claw-back policy, the shopper's case e-mails, staff closing a case, and overdue complaints flagged once.
/// </summary>
public sealed class RefundsAndNoticesTests(PaymentsApp app) : IClassFixture<PaymentsApp>
{
    private const string Store = "demo";
    private const string SoldOut = "data-sold-out=\"true\"";

    private async Task<HttpClient> StaffAsync(string email = "merchant@demo.local")
    {
        var client = app.ClientFor(Store);
        await client.SignInStaffAsync(email);
        return client;
    }

    /// <summary>A new shopper buys the items (cart → order → sandbox payment) and the order is paid.</summary>
    private async Task<(HttpClient Shopper, Guid ShopperId, Order Order)> PaidOrderAsync(params (Guid SkuId, int Quantity)[] items)
    {
        var (shopper, shopperId) = await app.NewShopperAsync(Store);
        foreach (var (skuId, quantity) in items)
        {
            await app.AddToCartAsync(Store, shopperId, skuId, quantity);
        }

        var placed = await shopper.PlaceOrderAsync("k-" + Guid.NewGuid(), new { address = CheckoutSeed.InlineAddress });
        var number = (await JsonAsync(placed)).GetProperty("number").GetString()!;
        var started = await shopper.StartPaymentAsync(number);
        var chosen = await shopper.ChooseOnGatewayAsync(started.PaymentId, "pay");
        Assert.True(chosen.StatusCode == HttpStatusCode.Redirect, $"{(int)chosen.StatusCode}: {await chosen.Content.ReadAsStringAsync()}");
        var order = await app.OrderAsync(Store, number);
        Assert.Equal(OrderStatus.Paid, order.Status);
        return (shopper, shopperId, order);
    }

    private static object Apply(Guid lineId, string kind, string reason, int quantity) => new { lineId, kind, reason, quantity, description = "测试" };

    /// <summary>The shopper asks for 仅退款 of some units, the merchant approves and refunds: the refunded case.</summary>
    private static async Task<JsonElement> RefundOnlyAsync(HttpClient shopper, HttpClient merchant, string number, Guid lineId, int quantity)
    {
        var opened = await JsonAsync(await shopper.PostAsJsonAsync($"/api/v1/orders/{number}/after-sales", Apply(lineId, "RefundOnly", "Other", quantity)));
        var id = opened.GetProperty("id").GetGuid();
        await JsonAsync(await merchant.PostAsync($"/api/v1/admin/after-sales/{id}/approve", JsonContent.Create(new { })));
        return await JsonAsync(await merchant.PostAsync($"/api/v1/admin/after-sales/{id}/refund", null));
    }

    private static object Parcel(Guid lineId, int quantity) =>
        new
        {
            parcels = new[] { new { carrier = "顺丰速运", trackingNumber = "SF" + Random.Shared.NextInt64(10_000_000, 99_999_999),
            lines = new[] { new { lineId, quantity } } } }
        };

    private Task<decimal> RefundsPaidAsync(Order order) =>
        app.InStoreAsync(Store, db => db.Refunds.Where(r => r.OrderId == order.Id && r.Status == RefundStatus.Succeeded).SumAsync(r => r.Amount));

    [Fact]
    public async Task Refunding_a_line_before_shipping_takes_its_units_off_the_order_and_refunding_the_last_cancels_it_with_shipping_refunded()
    {
        var (a, cupProduct) = await app.PricedSkuAsync("未发货退款 杯子", 20m, 2);
        var (b, _) = await app.PricedSkuAsync("未发货退款 盘子", 30m, 10);
        var (shopper, _, order) = await PaidOrderAsync((a, 2), (b, 1));
        Assert.Equal((70m, 10m, 80m), (order.Subtotal, order.ShippingFee, order.Total));
        Assert.Equal((2, 2), await app.StockAsync(Store, a));
        var cupPage = "/p/" + await app.InStoreAsync(Store, db => db.Products.Where(p => p.Id == cupProduct).Select(p => p.Slug).SingleAsync());
        Assert.Contains(SoldOut, await app.ClientFor(Store).GetStringAsync(cupPage));   // sold out by this order (and cached so)
        var merchant = await StaffAsync();
        var cups = order.Lines.Single(l => l.SkuId == a);
        var plate = order.Lines.Single(l => l.SkuId == b);

        var first = await RefundOnlyAsync(shopper, merchant, order.Number, cups.Id, 2);
        Assert.Equal("Refunded", first.GetProperty("status").GetString());
        Assert.Equal(40m, first.GetProperty("refundAmount").GetDecimal());

        // The cups left the order: their reservation is released (the cups are for sale again, on the very next request),
        // they cannot be shipped, the ship form offers only the plate.
        Assert.Equal((2, 0), await app.StockAsync(Store, a));
        Assert.DoesNotContain(SoldOut, await app.ClientFor(Store).GetStringAsync(cupPage));
        var after = await app.OrderAsync(Store, order.Number);
        Assert.Equal((OrderStatus.Paid, 2, 0),
            (after.Status, after.Lines.Single(l => l.Id == cups.Id).RefundedQuantity, after.Lines.Single(l => l.Id == cups.Id).UnshippedQuantity));
        var refused = await ProblemAsync(await merchant.PostAsJsonAsync($"/api/v1/admin/orders/{order.Number}/ship", Parcel(cups.Id, 1)),
            HttpStatusCode.BadRequest);
        Assert.Contains("还可发货 0 件", refused.GetProperty("title").GetString());
        var detail = await JsonAsync(await merchant.GetAsync($"/api/v1/admin/orders/{order.Number}"));
        var lines = detail.GetProperty("lines").EnumerateArray()
            .ToDictionary(l => l.GetProperty("id").GetGuid(), l => (l.GetProperty("refunded").GetInt32(), l.GetProperty("unshipped").GetInt32()));
        Assert.Equal((2, 0), lines[cups.Id]);
        Assert.Equal((0, 1), lines[plate.Id]);
        Assert.Equal((10, 1), await app.StockAsync(Store, b));

        // The last line refunded before shipping: the whole order is refunded, shipping included, and the order is cancelled.
        var second = await RefundOnlyAsync(shopper, merchant, order.Number, plate.Id, 1);
        Assert.Equal((30m, 10m, 40m),
            (second.GetProperty("refundGoods").GetDecimal(), second.GetProperty("refundShipping").GetDecimal(),
            second.GetProperty("refundAmount").GetDecimal()));
        after = await app.OrderAsync(Store, order.Number);
        Assert.Equal((OrderStatus.Cancelled, "全部退款", 80m), (after.Status, after.CancelReason, after.RefundedAmount));
        Assert.Equal(after.Total, await RefundsPaidAsync(order));
        var cancelled = Assert.Single(after.Events, e => e.Kind == "cancelled");
        Assert.Equal((ActorKind.Staff, "全部退款"), (cancelled.ActorKind, cancelled.Reason));
        Assert.Equal((10, 0), await app.StockAsync(Store, b));
        Assert.Equal(1, await app.OutboxCountAsync(Store, "order.cancelled", order.Number));
        Assert.Equal(0m, after.RefundDue);

        // Nothing more to refund or ship.
        await ProblemAsync(await merchant.PostAsJsonAsync($"/api/v1/admin/orders/{order.Number}/ship", Parcel(plate.Id, 1)), HttpStatusCode.Conflict);
        await ProblemAsync(await shopper.PostAsJsonAsync($"/api/v1/orders/{order.Number}/after-sales", Apply(plate.Id, "RefundOnly", "Other", 1)),
            HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Refunds_before_shipping_give_back_the_flash_quota_and_the_points_of_their_units_once()
    {
        var (sku, _) = await app.PricedSkuAsync("秒杀退款 耳机", 50m, 20);
        var item = await app.FlashItemAsync(sku, 10m, 10, 2);
        var (other, otherId) = await app.NewShopperAsync(Store);   // someone else's flash unit stays sold
        await app.AddToCartAsync(Store, otherId, sku, 1);
        await JsonAsync(await other.PlaceOrderAsync("k-" + Guid.NewGuid(), new { address = CheckoutSeed.InlineAddress }));

        var (shopper, shopperId) = await app.NewShopperAsync(Store);
        await app.GivePointsAsync(shopperId, 1000);
        await app.AddToCartAsync(Store, shopperId, sku, 2);
        var number = (await JsonAsync(await shopper.PlaceOrderAsync("k-" + Guid.NewGuid(), new { address = CheckoutSeed.InlineAddress, points = 200 })))
            .GetProperty("number").GetString()!;
        await shopper.ChooseOnGatewayAsync((await shopper.StartPaymentAsync(number)).PaymentId, "pay");
        var order = await app.OrderAsync(Store, number);
        Assert.Equal(OrderStatus.Paid, order.Status);
        Assert.True(order.PointsUsed > 0);
        Assert.Equal((3, 2), await app.FlashCountsAsync(item, shopperId));
        Assert.Equal(1000 - order.PointsUsed, await app.PointsBalanceAsync(shopperId));
        var merchant = await StaffAsync();

        var first = await RefundOnlyAsync(shopper, merchant, number, order.Lines[0].Id, 1);
        Assert.Equal((2, 1), await app.FlashCountsAsync(item, shopperId));
        Assert.Equal(1000 - order.PointsUsed + first.GetProperty("pointsToReturn").GetInt32(), await app.PointsBalanceAsync(shopperId));

        await RefundOnlyAsync(shopper, merchant, number, order.Lines[0].Id, 1);
        Assert.Equal(OrderStatus.Cancelled, (await app.OrderAsync(Store, number)).Status);
        Assert.Equal((1, 0), await app.FlashCountsAsync(item, shopperId));   // not given back twice: the other shopper's unit is still sold
        Assert.Equal(1000, await app.PointsBalanceAsync(shopperId));
        Assert.Equal(order.PointsUsed, await app.InStoreAsync(Store, db =>
            db.PointsEntries.Where(e => e.OrderId == order.Id && e.Kind == Domain.Members.PointsEntryKind.Returned).SumAsync(e => e.Points)));
    }

    [Fact]
    public async Task The_coupon_comes_back_after_the_case_that_refunds_the_whole_order_not_after_a_partial_one()
    {
        var (sku, product) = await app.PricedSkuAsync("退券 茶叶", 30m, 10);
        var (shopper, shopperId) = await app.NewShopperAsync(Store);
        var coupon = await app.CouponForAsync(shopperId, "茶叶券", 10m, 50m, [product]);
        await app.AddToCartAsync(Store, shopperId, sku, 2);
        var placed = await JsonAsync(await shopper.PlaceOrderAsync("k-" + Guid.NewGuid(), new { address = CheckoutSeed.InlineAddress }));
        var number = placed.GetProperty("number").GetString()!;
        await shopper.ChooseOnGatewayAsync((await shopper.StartPaymentAsync(number)).PaymentId, "pay");
        var order = await app.OrderAsync(Store, number);
        Assert.Equal((coupon, 60m, 10m, 60m), (order.ShopperCouponId!.Value, order.Subtotal, order.Discount, order.Total));
        var merchant = await StaffAsync();
        var line = order.Lines.Single();

        var partial = await RefundOnlyAsync(shopper, merchant, number, line.Id, 1);
        Assert.False(partial.GetProperty("returnsCoupon").GetBoolean());
        Assert.Equal(order.Id, await app.CouponOrderAsync(coupon));   // still used by the order

        var whole = await RefundOnlyAsync(shopper, merchant, number, line.Id, 1);
        Assert.True(whole.GetProperty("returnsCoupon").GetBoolean());
        Assert.Null(await app.CouponOrderAsync(coupon));              // back in the shopper's wallet
        var after = await app.OrderAsync(Store, number);
        Assert.Equal((OrderStatus.Cancelled, 60m), (after.Status, after.RefundedAmount));
        Assert.Equal(60m, partial.GetProperty("refundAmount").GetDecimal() + whole.GetProperty("refundAmount").GetDecimal());
    }

    [Fact]
    public async Task A_store_with_claw_back_refunds_the_paid_share_less_the_lost_full_reduction_and_the_default_store_the_allocated_amount()
    {
        var (sku, product) = await app.PricedSkuAsync("扣回 外套", 120m, 10);
        var promotion = await app.FullReductionAsync("扣回满减", ScopeKind.Products, [product], (200m, 50m));
        var (shopper, _, order) = await PaidOrderAsync((sku, 2));
        Assert.Equal((240m, 50m, 0m, 190m), (order.Subtotal, order.Discount, order.ShippingFee, order.Total));
        var merchant = await StaffAsync();
        var owner = await StaffAsync("owner@demo.local");
        await JsonAsync(await merchant.PostAsJsonAsync($"/api/v1/admin/orders/{order.Number}/ship",
            new { parcels = new[] { new { carrier = "顺丰速运", trackingNumber = "SF70000001" } } }));
        await JsonAsync(await shopper.PostAsync($"/api/v1/orders/{order.Number}/confirm-receipt", null));
        var line = order.Lines.Single();
        var url = $"/api/v1/orders/{order.Number}/after-sales";

        // Default store: one coat back refunds its allocated 95.00, the shopper keeps the 满减 on the other.
        var allocated = await JsonAsync(await shopper.PostAsJsonAsync(url, Apply(line.Id, "ReturnAndRefund", "NoReason", 1)));
        Assert.Equal((95m, 0m), (allocated.GetProperty("refundAmount").GetDecimal(), allocated.GetProperty("refundClawBack").GetDecimal()));
        await JsonAsync(await shopper.PostAsync($"/api/v1/after-sales/{allocated.GetProperty("id").GetGuid()}/withdraw", null));

        const string Settings = "/api/v1/admin/settings/after-sales";
        await JsonAsync(await owner.PutAsJsonAsync(Settings,
            new { noReasonDays = 7, qualityDays = 15, answerHours = 48, complaintAnswerHours = 24, threshold = "ClawBack", returnAddress = "上海市 退货仓" }));
        try
        {
            // Claw-back store: the kept coat (120) no longer reaches 满200, so its 25.00 of the 满减 comes off: 95 − 25 = 70.
            var opened = await JsonAsync(await shopper.PostAsJsonAsync(url, Apply(line.Id, "ReturnAndRefund", "NoReason", 1)));
            var id = opened.GetProperty("id").GetGuid();
            Assert.Equal((70m, 25m), (opened.GetProperty("refundAmount").GetDecimal(), opened.GetProperty("refundClawBack").GetDecimal()));
            await JsonAsync(await merchant.PostAsync($"/api/v1/admin/after-sales/{id}/approve", JsonContent.Create(new { })));
            await JsonAsync(await shopper.PostAsJsonAsync($"/api/v1/after-sales/{id}/return-shipment",
                new { carrier = "顺丰速运", trackingNumber = "SF70000002" }));
            await JsonAsync(await merchant.PostAsJsonAsync($"/api/v1/admin/after-sales/{id}/receive", new { restock = true }));
            var refunded = await JsonAsync(await merchant.PostAsync($"/api/v1/admin/after-sales/{id}/refund", null));
            Assert.Equal((70m, 25m), (refunded.GetProperty("refundAmount").GetDecimal(), refunded.GetProperty("refundClawBack").GetDecimal()));
            Assert.Equal(70m, (await app.OrderAsync(Store, order.Number)).RefundedAmount);
            Assert.Contains("满减门槛不再满足，扣回 ¥25.00", await shopper.GetStringAsync($"/aftersales/{id}"));

            // The shopper is told once, with the amount.
            var messages = await app.InStoreAsync(Store, db => db.Outbox.AsNoTracking()
                .Where(m => m.Kind == "aftersales.refunded" && m.Subject.Contains(order.Number)).ToListAsync());
            var message = Assert.Single(messages);
            Assert.Contains("¥70.00", message.Subject);
            Assert.Contains("¥70.00", message.Body);
            Assert.Equal(1, await app.OutboxCountAsync(Store, "aftersales.approved", order.Number));
        }
        finally
        {
            await JsonAsync(await owner.PutAsJsonAsync(Settings,
                new
                {
                    noReasonDays = 7,
                    qualityDays = 15,
                    answerHours = 48,
                    complaintAnswerHours = 24,
                    threshold = "RefundAllocated",
                    returnAddress = "上海市 退货仓"
                }));
        }

        Assert.NotEqual(Guid.Empty, promotion);
    }

    [Fact]
    public async Task Units_awaiting_a_refund_do_not_ship_and_staff_close_a_finished_case_but_not_one_in_progress()
    {
        var (sku, _) = await app.PricedSkuAsync("关闭售后 毛巾", 15m, 10);
        var (shopper, _, order) = await PaidOrderAsync((sku, 2));
        var merchant = await StaffAsync();
        var opened = await JsonAsync(await shopper.PostAsJsonAsync($"/api/v1/orders/{order.Number}/after-sales",
            Apply(order.Lines[0].Id, "RefundOnly", "Other", 1)));
        var id = opened.GetProperty("id").GetGuid();

        var early = await ProblemAsync(await merchant.PostAsJsonAsync($"/api/v1/admin/after-sales/{id}/close", new { reason = "处理完毕" }),
            HttpStatusCode.Conflict);
        Assert.Contains("售后尚未结束", early.GetProperty("title").GetString());
        await ProblemAsync(await merchant.PostAsJsonAsync($"/api/v1/admin/after-sales/{id}/close", new { reason = new string('长', 201) }),
            HttpStatusCode.BadRequest);

        // While the shopper waits for the refund of one towel, that towel does not ship; "ship everything" ships the other.
        var line = order.Lines[0].Id;
        var held = await ProblemAsync(await merchant.PostAsJsonAsync($"/api/v1/admin/orders/{order.Number}/ship", Parcel(line, 2)), HttpStatusCode.Conflict);
        Assert.Contains("1 件在买家的退款申请中", held.GetProperty("title").GetString());
        var detail = await JsonAsync(await merchant.GetAsync($"/api/v1/admin/orders/{order.Number}"));
        Assert.Equal(1, detail.GetProperty("lines")[0].GetProperty("shippable").GetInt32());
        await JsonAsync(await merchant.PostAsJsonAsync($"/api/v1/admin/orders/{order.Number}/ship",
            new { parcels = new[] { new { carrier = "顺丰速运", trackingNumber = "SF71000001" } } }));
        Assert.Equal((OrderStatus.Paid, 1),
            ((await app.OrderAsync(Store, order.Number)).Status, (await app.OrderAsync(Store, order.Number)).Lines[0].ShippedQuantity));

        // Rejected: the towel ships after all, and the order is 已发货.
        await JsonAsync(await merchant.PostAsJsonAsync($"/api/v1/admin/after-sales/{id}/reject", new { reason = "请先与客服沟通" }));
        await JsonAsync(await merchant.PostAsJsonAsync($"/api/v1/admin/orders/{order.Number}/ship", Parcel(line, 1)));
        Assert.Equal(OrderStatus.Shipped, (await app.OrderAsync(Store, order.Number)).Status);
        var closed = await JsonAsync(await merchant.PostAsJsonAsync($"/api/v1/admin/after-sales/{id}/close", new { reason = "已与买家沟通" }));
        Assert.Equal("Closed", closed.GetProperty("status").GetString());
        var mine = await JsonAsync(await shopper.GetAsync($"/api/v1/after-sales/{id}"));
        Assert.Equal("Closed", mine.GetProperty("status").GetString());
        Assert.Equal("closed", mine.GetProperty("timeline").EnumerateArray().Last().GetProperty("kind").GetString());
        Assert.Equal(1, await app.OutboxCountAsync(Store, "aftersales.rejected", order.Number));
    }

    [Fact]
    public async Task A_complaint_past_its_deadline_is_flagged_and_customer_service_told_once()
    {
        var (sku, _) = await app.PricedSkuAsync("投诉超时 雨伞", 25m, 10);
        var (shopper, _, order) = await PaidOrderAsync((sku, 1));
        var cs = await StaffAsync();
        var filed = await JsonAsync(await shopper.PostAsJsonAsync("/api/v1/after-sales/complaints",
            new { orderNumber = order.Number, kind = "Delay", text = "付款三天了还没发货" }));
        var id = filed.GetProperty("id").GetGuid();
        var job = app.Services.GetRequiredService<AfterSalesJob>();
        var recipients = await app.InStoreAsync(Store, async db =>
        {
            var staff = await db.StaffRoles.Where(r => r.Role == Domain.Tenancy.StoreRole.CustomerService || r.Role == Domain.Tenancy.StoreRole.Owner)
                .Select(r => r.StaffId).Distinct().ToListAsync();
            return await db.StaffAccounts.CountAsync(a => staff.Contains(a.Id));
        });
        Assert.True(recipients > 0);

        app.Clock.Advance(AfterSalesPolicy.Default.ComplaintAnswerTime - TimeSpan.FromMinutes(1));
        await job.RunOnceAsync();
        Assert.Equal(0, await app.OutboxCountAsync(Store, "complaint.overdue", order.Number));

        // (Advancing the clock also wakes the app's own job; either pass flags it, once.)
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        await job.RunOnceAsync();
        JsonElement row = default;
        for (var i = 0; i < 100; i++)
        {
            row = (await JsonAsync(await cs.GetAsync("/api/v1/admin/after-sales/complaints?overdue=true&take=100"))).GetProperty("items").EnumerateArray()
                .Single(c => c.GetProperty("id").GetGuid() == id);
            if (row.GetProperty("overdueFlaggedAt").ValueKind != JsonValueKind.Null)
            {
                break;
            }

            await Task.Delay(100);
        }

        Assert.True(row.GetProperty("overdue").GetBoolean());
        Assert.NotEqual(JsonValueKind.Null, row.GetProperty("overdueFlaggedAt").ValueKind);
        Assert.Equal(recipients, await app.OutboxCountAsync(Store, "complaint.overdue", order.Number));

        app.Clock.Advance(TimeSpan.FromHours(1));
        await job.RunOnceAsync();
        Assert.Equal(recipients, await app.OutboxCountAsync(Store, "complaint.overdue", order.Number));
    }
}
