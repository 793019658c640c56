using Storefront.Domain.AfterSales;
using Storefront.Domain.Common;
using Storefront.Domain.Ordering;
using static Storefront.Domain.Tests.AfterSales.AfterSalesExamples;

namespace Storefront.Domain.Tests.AfterSales;

/// <summary>Who may open which case when, for how many units: windows to the second, quantities, exchanges, photos.</summary>
public sealed class EligibilityTests
{
    private static AfterSalesCase OpenOn(Order order, AfterSalesRequest request, DateTimeOffset at, params AfterSalesCase[] existing) =>
        AfterSalesCase.Open(order, request, existing, Policy, null, at);

    private static void Refused(Order order, AfterSalesRequest request, DateTimeOffset at, string code, bool conflict, params AfterSalesCase[] existing)
    {
        var refusal = Assert.Throws<DomainException>(() => OpenOn(order, request, at, existing));
        Assert.Equal(code, refusal.Code);
        Assert.Equal(conflict, refusal.IsConflict);
        Assert.False(string.IsNullOrWhiteSpace(refusal.Message));
    }

    [Theory]
    [InlineData(AfterSalesReason.NoReason, 7)]
    [InlineData(AfterSalesReason.Other, 7)]
    [InlineData(AfterSalesReason.QualityProblem, 15)]
    [InlineData(AfterSalesReason.MissingItems, 15)]
    [InlineData(AfterSalesReason.WrongItem, 15)]
    public void A_return_is_accepted_until_the_last_second_of_its_window_and_refused_from_the_exact_end(AfterSalesReason reason, int days)
    {
        var end = CompletedAt.AddDays(days);
        foreach (var kind in new[] { AfterSalesKind.ReturnAndRefund, AfterSalesKind.Exchange })
        {
            var order = Plain();
            var request = Request(order, kind, reason: reason);

            Assert.Equal(AfterSalesStatus.Requested, OpenOn(order, request, end.AddSeconds(-1)).Status);
            Refused(order, request, end, "aftersales.window", conflict: true);
        }
    }

    [Fact]
    public void The_window_message_says_which_window_and_when_it_closed_in_beijing_time()
    {
        var order = Plain();
        var refusal = Assert.Throws<DomainException>(() => OpenOn(order, Request(order, AfterSalesKind.ReturnAndRefund), CompletedAt.AddDays(8)));
        Assert.Equal("已超过无理由退换期限（确认收货后 7 天，截至 2026-12-02 16:00:00）。", refusal.Message);

        var quality = OpenOn(order, Request(order, AfterSalesKind.ReturnAndRefund, reason: AfterSalesReason.QualityProblem), CompletedAt.AddDays(8));
        Assert.Equal(AfterSalesStatus.Requested, quality.Status);
    }

    [Fact]
    public void The_window_message_gives_the_closing_time_in_the_stores_time_zone()
    {
        var order = Plain();
        var newYork = Policy with { TimeZoneId = "America/New_York" };
        var refusal = Assert.Throws<DomainException>(
            () => AfterSalesCase.Open(order, Request(order, AfterSalesKind.ReturnAndRefund), [], newYork, null, CompletedAt.AddDays(8)));
        Assert.Equal("已超过无理由退换期限（确认收货后 7 天，截至 2026-12-02 03:00:00）。", refusal.Message);   // 16:00 in Beijing is 03:00 EST
    }

    [Fact]
    public void The_store_sets_its_windows()
    {
        var order = Plain();
        var policy = Policy with { NoReasonDays = 10 };
        var c = AfterSalesCase.Open(order, Request(order, AfterSalesKind.ReturnAndRefund), [], policy, null, CompletedAt.AddDays(9));
        Assert.Equal(AfterSalesStatus.Requested, c.Status);
    }

    [Fact]
    public void Refund_only_before_shipping_with_any_reason()
    {
        var order = Plain(OrderStatus.Paid);
        var c = OpenOn(order, Request(order, AfterSalesKind.RefundOnly, 2, reason: AfterSalesReason.NoReason), Now.AddHours(1));
        Assert.Equal((AfterSalesKind.RefundOnly, 2, 100m), (c.Kind, c.Quantity, c.RefundAmount));
    }

    [Fact]
    public void Refund_only_after_shipping_only_for_goods_not_received()
    {
        var order = Plain(OrderStatus.Shipped);
        Refused(order, Request(order, AfterSalesKind.RefundOnly, reason: AfterSalesReason.NoReason), Now.AddDays(1), "aftersales.open", conflict: true);
        var c = OpenOn(order, Request(order, AfterSalesKind.RefundOnly, reason: AfterSalesReason.NotReceived), Now.AddDays(1));
        Assert.Equal(AfterSalesReason.NotReceived, c.Reason);
    }

    [Theory]
    [InlineData(OrderStatus.Paid, AfterSalesKind.ReturnAndRefund)]
    [InlineData(OrderStatus.Paid, AfterSalesKind.Exchange)]
    [InlineData(OrderStatus.Shipped, AfterSalesKind.ReturnAndRefund)]
    [InlineData(OrderStatus.Shipped, AfterSalesKind.Exchange)]
    [InlineData(OrderStatus.Completed, AfterSalesKind.RefundOnly)]
    [InlineData(OrderStatus.PendingPayment, AfterSalesKind.RefundOnly)]
    [InlineData(OrderStatus.Cancelled, AfterSalesKind.RefundOnly)]
    [InlineData(OrderStatus.Cancelled, AfterSalesKind.ReturnAndRefund)]
    public void A_kind_the_order_state_does_not_allow_is_refused(OrderStatus status, AfterSalesKind kind)
    {
        var order = Plain(status);
        Refused(order, Request(order, kind), CompletedAt.AddDays(1), "aftersales.open", conflict: true);
    }

    [Fact]
    public void Goods_not_received_is_no_reason_for_a_return_after_receipt()
    {
        var order = Plain();
        Refused(order, Request(order, AfterSalesKind.ReturnAndRefund, reason: AfterSalesReason.NotReceived),
            CompletedAt.AddDays(1), "aftersales.reason", conflict: false);
    }

    [Fact]
    public void A_quantity_above_what_was_bought_is_refused_with_what_is_left()
    {
        var order = Plain();
        var refusal = Assert.Throws<DomainException>(() => OpenOn(order, Request(order, AfterSalesKind.ReturnAndRefund, 3), CompletedAt.AddDays(1)));
        Assert.Equal("aftersales.quantity", refusal.Code);
        Assert.Equal("T 恤 最多可申请 2 件（已购 2 件，0 件已在售后中或已退款）。", refusal.Message);
        Refused(order, Request(order, AfterSalesKind.ReturnAndRefund, 0), CompletedAt.AddDays(1), "aftersales.quantity", conflict: false);
    }

    [Fact]
    public void Units_in_open_or_refunded_cases_are_taken_rejected_withdrawn_and_exchanged_ones_are_free_again()
    {
        var order = Plain();
        var at = CompletedAt.AddDays(1);
        var open = OpenOn(order, Request(order, AfterSalesKind.ReturnAndRefund, 1), at);
        Refused(order, Request(order, AfterSalesKind.ReturnAndRefund, 2), at, "aftersales.quantity", false, open);
        var second = OpenOn(order, Request(order, AfterSalesKind.Exchange, 1), at, open);

        var refusal = Assert.Throws<DomainException>(() => OpenOn(order, Request(order, AfterSalesKind.ReturnAndRefund, 1), at, open, second));
        Assert.Equal("T 恤 已没有可申请售后的数量（已购 2 件，2 件已在售后中或已退款）。", refusal.Message);

        open.Approve(Staff, "仓库", at);
        open.ConfirmReceived(Staff, true, at.AddDays(1));
        open.MarkRefunded("refund-1", OrderActor.Gateway, at.AddDays(1));
        open.Close(Staff, null, at.AddDays(2));
        Refused(order, Request(order, AfterSalesKind.ReturnAndRefund, 1), at.AddDays(2), "aftersales.quantity", false, open, second);

        second.Reject(Staff, "已使用", at.AddDays(2));
        Assert.Equal(1, OpenOn(order, Request(order, AfterSalesKind.ReturnAndRefund, 1), at.AddDays(2), open, second).Quantity);

        var withdrawn = Open(AfterSalesKind.ReturnAndRefund);
        withdrawn.Withdraw(Shopper, at);
        Assert.False(withdrawn.HoldsUnits);

        var exchanged = InStatus(AfterSalesKind.Exchange, AfterSalesStatus.Exchanged);
        Assert.False(exchanged.HoldsUnits);
    }

    [Fact]
    public void Before_shipping_only_the_units_not_yet_shipped_can_be_refunded()
    {
        var order = Plain(OrderStatus.Paid);
        order.Ship("顺丰速运", "SF1000009", [new ShipmentLine(order.Lines[0].Id, 1)], Staff, TimeSpan.FromDays(10), Now.AddHours(1));

        Refused(order, Request(order, AfterSalesKind.RefundOnly, 2), Now.AddHours(2), "aftersales.quantity", conflict: false);
        Assert.Equal(50m, OpenOn(order, Request(order, AfterSalesKind.RefundOnly, 1), Now.AddHours(2)).RefundAmount);
    }

    [Fact]
    public void An_exchange_to_another_product_is_refused_and_one_to_another_sku_of_the_same_product_is_accepted()
    {
        var order = Plain();
        var at = CompletedAt.AddDays(1);
        var other = Request(order, AfterSalesKind.Exchange) with { Exchange = new ExchangeTarget(order.Lines[1].ProductId, order.Lines[1].SkuId, "") };
        var refusal = Assert.Throws<DomainException>(() => OpenOn(order, other, at));
        Assert.Equal(("aftersales.exchange-product", "换货只能换同一商品的其他规格，不能换成其他商品。"), (refusal.Code, refusal.Message));

        Refused(order, Request(order, AfterSalesKind.Exchange) with { Exchange = null }, at, "aftersales.exchange", conflict: false);
        Refused(order,
            Request(order, AfterSalesKind.ReturnAndRefund) with { Exchange = new ExchangeTarget(order.Lines[0].ProductId, Guid.CreateVersion7(), "") },
            at, "aftersales.exchange", conflict: false);

        var c = OpenOn(order, Request(order, AfterSalesKind.Exchange), at);
        Assert.Equal((order.Lines[0].ProductId, "蓝色"), (c.ExchangeProductId, c.ExchangeSpecText));
    }

    [Fact]
    public void Six_photos_are_accepted_and_a_seventh_is_refused()
    {
        var order = Plain();
        var at = CompletedAt.AddDays(1);
        var six = Enumerable.Range(1, 6).Select(i => $"photos/{i}.jpg").ToList();

        Assert.Equal(six, OpenOn(order, Request(order, AfterSalesKind.ReturnAndRefund) with { Photos = six }, at).Photos);
        var sevenPhotos = Request(order, AfterSalesKind.ReturnAndRefund) with { Photos = [.. six, "photos/7.jpg"] };
        var refusal = Assert.Throws<DomainException>(() => OpenOn(order, sevenPhotos, at));
        Assert.Equal(("aftersales.photos", "最多上传 6 张图片。"), (refusal.Code, refusal.Message));
        Refused(order, Request(order, AfterSalesKind.ReturnAndRefund) with { Photos = [" "] }, at, "aftersales.photos", conflict: false);
    }

    [Fact]
    public void A_description_of_500_characters_is_accepted_and_501_refused()
    {
        var order = Plain();
        var at = CompletedAt.AddDays(1);
        Assert.Equal(500, OpenOn(order, Request(order, AfterSalesKind.ReturnAndRefund) with { Description = new string('坏', 500) }, at).Description.Length);
        Refused(order, Request(order, AfterSalesKind.ReturnAndRefund) with { Description = new string('坏', 501) },
            at, "aftersales.description", conflict: false);
    }

    [Fact]
    public void A_line_of_another_order_is_refused()
    {
        var order = Plain();
        Refused(order, Request(order, AfterSalesKind.ReturnAndRefund) with { LineId = Guid.CreateVersion7() },
            CompletedAt.AddDays(1), "aftersales.line", conflict: false);
    }

    [Fact]
    public void The_opening_is_on_the_timeline_with_the_shopper_and_what_was_asked()
    {
        var order = Plain();
        var c = OpenOn(order, Request(order, AfterSalesKind.ReturnAndRefund, 2, reason: AfterSalesReason.QualityProblem), CompletedAt.AddDays(1));
        var e = Assert.Single(c.Events);
        Assert.Equal(("requested", null, (AfterSalesStatus?)AfterSalesStatus.Requested, ActorKind.Shopper, (Guid?)ShopperId, "退货退款·质量问题 ×2"),
            (e.Kind, e.FromStatus, e.ToStatus, e.ActorKind, e.ActorId, e.Reason));
        Assert.Equal((order.Id, order.Number, order.Lines[0].SkuId, "T 恤"), (c.OrderId, c.OrderNumber, c.SkuId, c.ProductName));
    }

    [Fact]
    public void Store_settings_are_validated()
    {
        AfterSalesPolicy.Default.Validate();
        Assert.Equal((7, 15, 48, 24, ThresholdPolicy.RefundAllocated),
            (Policy.NoReasonDays, Policy.QualityDays, Policy.AnswerHours, Policy.ComplaintAnswerHours, Policy.Threshold));
        Assert.Equal("aftersales.quality-days", Assert.Throws<DomainException>(() => (Policy with { QualityDays = 5 }).Validate()).Code);
        Assert.Equal("aftersales.no-reason-days", Assert.Throws<DomainException>(() => (Policy with { NoReasonDays = -1 }).Validate()).Code);
        Assert.Equal("aftersales.answer-hours", Assert.Throws<DomainException>(() => (Policy with { AnswerHours = 0 }).Validate()).Code);
        Assert.Equal("aftersales.complaint-hours", Assert.Throws<DomainException>(() => (Policy with { ComplaintAnswerHours = 0 }).Validate()).Code);
    }
}
