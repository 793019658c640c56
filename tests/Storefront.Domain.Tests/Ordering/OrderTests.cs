using Storefront.Domain.Common;
using Storefront.Domain.Ordering;
using Storefront.Domain.Pricing;

namespace Storefront.Domain.Tests.Ordering;

/// <summary>
/// The order's state machine: every legal move from each status, every illegal one refused (409-style conflict) and
/// leaving the order as it was, and every move in the timeline with time, actor and reason.
/// </summary>
public sealed class OrderTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);
    private static readonly Guid Tenant = Guid.CreateVersion7();
    private static readonly Guid ShopperId = Guid.CreateVersion7();
    private static readonly OrderActor Staff = OrderActor.Staff(Guid.CreateVersion7());
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(30);
    private static readonly TimeSpan AutoConfirm = TimeSpan.FromDays(10);

    /// <summary>An order of two lines: 2 × 50.00 and 1 × 30.00, with a flat 10.00 shipping fee (total 140.00).</summary>
    internal static Order NewOrder()
    {
        var address = ShippingAddress.Create("张三", "13800138000", "上海市", "上海市", "浦东新区", "世纪大道 100 号");
        var shipping = ShippingTemplate.Create(Tenant, new ShippingTemplateDraft("快递", ShippingFeeKind.Flat, 10m), Now);
        var a = (Sku: Guid.CreateVersion7(), Product: Guid.CreateVersion7());
        var b = (Sku: Guid.CreateVersion7(), Product: Guid.CreateVersion7());
        OrderItem[] items =
        [
            new(a.Product, a.Sku, "T 恤", "t-shirt", "TS-1", "红色", null, 200, 2),
            new(b.Product, b.Sku, "袜子", "socks", "SK-1", "", null, 50, 1),
        ];
        var quote = PricingEngine.Price(new PricingRequest(
            [new PricingLine(a.Sku, a.Product, null, 50m, 2, 200), new PricingLine(b.Sku, b.Product, null, 30m, 1, 50)], shipping, Now));
        return Order.Place(Tenant, "20261123000001", ShopperId, address, shipping, items, quote, "请尽快发货", null, Timeout, Now);
    }

    internal static Order Paid()
    {
        var order = NewOrder();
        order.MarkPaid(order.Total, "pay-1", Now.AddMinutes(1));
        return order;
    }

    private static Order Shipped()
    {
        var order = Paid();
        order.Ship("顺丰速运", "SF1000001", [], Staff, AutoConfirm, Now.AddHours(1));
        return order;
    }

    private static Order Completed()
    {
        var order = Shipped();
        order.ConfirmReceipt(OrderActor.Shopper(ShopperId), Now.AddDays(1));
        return order;
    }

    private static Order Cancelled()
    {
        var order = NewOrder();
        order.Cancel(OrderActor.Shopper(ShopperId), "不想要了", Now.AddMinutes(2));
        return order;
    }

    private static Order InStatus(OrderStatus status) => status switch
    {
        OrderStatus.PendingPayment => NewOrder(),
        OrderStatus.Paid => Paid(),
        OrderStatus.Shipped => Shipped(),
        OrderStatus.Completed => Completed(),
        _ => Cancelled(),
    };

    /// <summary>Refused as a conflict, and nothing about the order changed: status, version, timeline.</summary>
    private static void Refused(Order order, Action move, string code)
    {
        var (status, version, events) = (order.Status, order.Version, order.Events.Count);
        var refusal = Assert.Throws<DomainException>(move);
        Assert.Equal(code, refusal.Code);
        Assert.True(refusal.IsConflict, $"{code} should be a conflict (409)");
        Assert.Equal(status, order.Status);
        Assert.Equal(version, order.Version);
        Assert.Equal(events, order.Events.Count);
    }

    [Fact]
    public void A_placed_order_awaits_payment_with_its_due_time_and_a_placed_event()
    {
        var order = NewOrder();

        Assert.Equal(OrderStatus.PendingPayment, order.Status);
        Assert.Equal(140m, order.Total);
        Assert.Equal(Now + Timeout, order.PaymentDueAt);
        var placed = Assert.Single(order.Events);
        Assert.Equal(("placed", null, (OrderStatus?)OrderStatus.PendingPayment, ActorKind.Shopper, (Guid?)ShopperId, Now),
            (placed.Kind, placed.FromStatus, placed.ToStatus, placed.ActorKind, placed.ActorId, placed.At));
    }

    [Fact]
    public void Paying_moves_to_paid_once_and_a_repeated_callback_changes_nothing()
    {
        var order = NewOrder();

        Assert.True(order.MarkPaid(140m, "pay-1", Now.AddMinutes(1)));
        Assert.Equal(OrderStatus.Paid, order.Status);
        Assert.Equal(Now.AddMinutes(1), order.PaidAt);
        var version = order.Version;

        Assert.False(order.MarkPaid(140m, "pay-1", Now.AddMinutes(2)));
        Assert.Equal(version, order.Version);
        Assert.Equal(["placed", "paid"], order.Events.Select(e => e.Kind));
        Assert.Equal(ActorKind.Gateway, order.Events[^1].ActorKind);
    }

    [Fact]
    public void Paying_a_different_amount_is_refused_as_bad_input()
    {
        var order = NewOrder();

        var refusal = Assert.Throws<DomainException>(() => order.MarkPaid(139.99m, "pay-1", Now));
        Assert.Equal("payment.amount", refusal.Code);
        Assert.Equal(OrderStatus.PendingPayment, order.Status);
    }

    [Theory]
    [InlineData(OrderStatus.Shipped)]
    [InlineData(OrderStatus.Completed)]
    [InlineData(OrderStatus.Cancelled)]
    public void Paying_is_refused_unless_the_order_awaits_payment(OrderStatus status)
    {
        var order = InStatus(status);
        Refused(order, () => order.MarkPaid(order.Total, "pay-other", Now.AddHours(2)), "order.pay");
    }

    [Fact]
    public void A_second_payment_of_a_paid_order_is_refused()
    {
        var order = Paid();
        Refused(order, () => order.MarkPaid(order.Total, "pay-2", Now.AddHours(2)), "order.pay");
    }

    [Fact]
    public void The_shopper_cancels_an_unpaid_order_with_a_reason()
    {
        var order = NewOrder();

        order.Cancel(OrderActor.Shopper(ShopperId), " 不想要了 ", Now.AddMinutes(2));

        Assert.Equal(OrderStatus.Cancelled, order.Status);
        Assert.Equal("不想要了", order.CancelReason);
        Assert.Equal(Now.AddMinutes(2), order.CancelledAt);
        Assert.Equal(0m, order.RefundDue);
        var cancelled = order.Events[^1];
        Assert.Equal(("cancelled", (OrderStatus?)OrderStatus.PendingPayment, (OrderStatus?)OrderStatus.Cancelled, ActorKind.Shopper, "不想要了"),
            (cancelled.Kind, cancelled.FromStatus, cancelled.ToStatus, cancelled.ActorKind, cancelled.Reason));
    }

    [Fact]
    public void Staff_cancel_a_paid_order_before_shipping_and_the_whole_amount_is_owed_back_until_refunded()
    {
        var order = Paid();

        order.Cancel(Staff, "缺货", Now.AddHours(1));

        Assert.Equal(OrderStatus.Cancelled, order.Status);
        Assert.Equal(140m, order.RefundDue);
        order.RecordRefund(140m, "rf-1", Staff, Now.AddHours(1));
        Assert.Equal(140m, order.RefundedAmount);
        Assert.Equal(0m, order.RefundDue);
        Assert.Equal(["placed", "paid", "cancelled", "refunded"], order.Events.Select(e => e.Kind));
        Assert.Equal(Staff.Id, order.Events[^1].ActorId);
    }

    [Fact]
    public void The_shopper_cannot_cancel_a_paid_order_themselves()
    {
        var order = Paid();
        Refused(order, () => order.Cancel(OrderActor.Shopper(ShopperId), "不想要了", Now.AddHours(1)), "order.cancel");
    }

    [Fact]
    public void A_partly_shipped_order_cannot_be_cancelled()
    {
        var order = Paid();
        var first = order.Lines[0];
        order.Ship("顺丰速运", "SF1000001", [new ShipmentLine(first.Id, 1)], Staff, AutoConfirm, Now.AddHours(1));

        Assert.Equal(OrderStatus.Paid, order.Status);
        Refused(order, () => order.Cancel(Staff, "缺货", Now.AddHours(2)), "order.cancel");
    }

    [Theory]
    [InlineData(OrderStatus.Shipped)]
    [InlineData(OrderStatus.Completed)]
    [InlineData(OrderStatus.Cancelled)]
    public void Cancelling_is_refused_once_shipped_completed_or_cancelled(OrderStatus status)
    {
        var order = InStatus(status);
        Refused(order, () => order.Cancel(Staff, "取消", Now.AddDays(2)), "order.cancel");
        Refused(order, () => order.Cancel(OrderActor.System, "取消", Now.AddDays(2)), "order.cancel");
    }

    [Fact]
    public void A_cancel_reason_longer_than_allowed_is_bad_input()
    {
        var order = NewOrder();
        var refusal = Assert.Throws<DomainException>(() => order.Cancel(Staff, new string('x', Order.ReasonMaxLength + 1), Now));
        Assert.False(refusal.IsConflict);
        Assert.Equal(OrderStatus.PendingPayment, order.Status);
    }

    [Fact]
    public void The_payment_timeout_cancels_an_unpaid_order_at_its_due_time_and_not_a_minute_before()
    {
        var order = NewOrder();

        Assert.False(order.ExpireIfUnpaid(Now + Timeout - TimeSpan.FromMinutes(1)));
        Assert.Equal(OrderStatus.PendingPayment, order.Status);

        Assert.True(order.ExpireIfUnpaid(Now + Timeout));
        Assert.Equal(OrderStatus.Cancelled, order.Status);
        var expired = order.Events[^1];
        Assert.Equal(ActorKind.System, expired.ActorKind);
        Assert.Null(expired.ActorId);
        Assert.False(string.IsNullOrEmpty(expired.Reason));
    }

    [Theory]
    [InlineData(OrderStatus.Paid)]
    [InlineData(OrderStatus.Shipped)]
    [InlineData(OrderStatus.Completed)]
    [InlineData(OrderStatus.Cancelled)]
    public void The_payment_timeout_leaves_every_other_status_alone(OrderStatus status)
    {
        var order = InStatus(status);
        var version = order.Version;

        Assert.False(order.ExpireIfUnpaid(Now.AddDays(100)));
        Assert.Equal(status, order.Status);
        Assert.Equal(version, order.Version);
    }

    [Fact]
    public void Shipping_every_unit_in_one_parcel_moves_to_shipped_and_sets_the_auto_confirm_time()
    {
        var order = Paid();
        var at = Now.AddHours(1);

        var parcel = order.Ship(" 顺丰速运 ", " SF1000001 ", [], Staff, AutoConfirm, at);

        Assert.Equal(OrderStatus.Shipped, order.Status);
        Assert.Equal(("顺丰速运", "SF1000001"), (parcel.Carrier, parcel.TrackingNumber));
        Assert.Equal([2, 1], parcel.Lines.Select(l => l.Quantity));
        Assert.All(order.Lines, l => Assert.Equal(0, l.UnshippedQuantity));
        Assert.Equal(at, order.ShippedAt);
        Assert.Equal(at + AutoConfirm, order.AutoConfirmAt);
        var shipped = order.Events[^1];
        Assert.Equal(("shipped", (OrderStatus?)OrderStatus.Paid, (OrderStatus?)OrderStatus.Shipped, Staff.Id),
            (shipped.Kind, shipped.FromStatus, shipped.ToStatus, shipped.ActorId));
    }

    [Fact]
    public void Partial_shipment_keeps_the_order_awaiting_shipment_until_the_last_unit_ships()
    {
        var order = Paid();
        var (tee, socks) = (order.Lines[0], order.Lines[1]);

        order.Ship("顺丰速运", "SF1000001", [new ShipmentLine(tee.Id, 1)], Staff, AutoConfirm, Now.AddHours(1));
        Assert.Equal(OrderStatus.Paid, order.Status);
        Assert.Equal("parcel", order.Events[^1].Kind);
        Assert.Null(order.AutoConfirmAt);

        order.Ship("中通快递", "ZT2000002", [new ShipmentLine(tee.Id, 1), new ShipmentLine(socks.Id, 1)], Staff, AutoConfirm, Now.AddHours(2));
        Assert.Equal(OrderStatus.Shipped, order.Status);
        Assert.Equal(2, order.Shipments.Count);
        Assert.Equal(Now.AddHours(2) + AutoConfirm, order.AutoConfirmAt);
    }

    [Fact]
    public void Shipping_an_unpaid_order_is_refused()
    {
        var order = NewOrder();
        Refused(order, () => order.Ship("顺丰速运", "SF1000001", [], Staff, AutoConfirm, Now), "order.ship");
    }

    [Theory]
    [InlineData(OrderStatus.Shipped)]
    [InlineData(OrderStatus.Completed)]
    [InlineData(OrderStatus.Cancelled)]
    public void Shipping_is_refused_unless_the_order_is_paid(OrderStatus status)
    {
        var order = InStatus(status);
        Refused(order, () => order.Ship("顺丰速运", "SF1000009", [], Staff, AutoConfirm, Now.AddDays(2)), "order.ship");
    }

    [Theory]
    [InlineData("", "SF1000001", "ship.carrier")]
    [InlineData("   ", "SF1000001", "ship.carrier")]
    [InlineData("顺丰速运", "", "ship.tracking")]
    [InlineData("顺丰速运", "SF1", "ship.tracking")]
    public void A_parcel_needs_a_carrier_and_a_tracking_number(string carrier, string tracking, string code)
    {
        var order = Paid();
        var refusal = Assert.Throws<DomainException>(() => order.Ship(carrier, tracking, [], Staff, AutoConfirm, Now));
        Assert.Equal(code, refusal.Code);
        Assert.False(refusal.IsConflict);
        Assert.Empty(order.Shipments);
    }

    [Fact]
    public void Shipping_more_than_ordered_or_a_line_of_another_order_is_refused_and_ships_nothing()
    {
        var order = Paid();
        var (tee, socks) = (order.Lines[0], order.Lines[1]);

        Assert.Equal("ship.quantity", Assert.Throws<DomainException>(() =>
            order.Ship("顺丰速运", "SF1000001", [new ShipmentLine(socks.Id, 1), new ShipmentLine(tee.Id, 3)], Staff, AutoConfirm, Now)).Code);
        Assert.Equal("ship.quantity", Assert.Throws<DomainException>(() =>
            order.Ship("顺丰速运", "SF1000001", [new ShipmentLine(tee.Id, 0)], Staff, AutoConfirm, Now)).Code);
        Assert.Equal("ship.line", Assert.Throws<DomainException>(() =>
            order.Ship("顺丰速运", "SF1000001", [new ShipmentLine(Guid.CreateVersion7(), 1)], Staff, AutoConfirm, Now)).Code);
        Assert.All(order.Lines, l => Assert.Equal(0, l.ShippedQuantity));
        Assert.Empty(order.Shipments);

        order.Ship("顺丰速运", "SF1000001", [new ShipmentLine(tee.Id, 1), new ShipmentLine(tee.Id, 1)], Staff, AutoConfirm, Now);
        Assert.Equal("ship.quantity", Assert.Throws<DomainException>(() =>
            order.Ship("顺丰速运", "SF1000002", [new ShipmentLine(tee.Id, 1)], Staff, AutoConfirm, Now)).Code);
    }

    [Fact]
    public void The_shopper_confirms_receipt_of_a_shipped_order()
    {
        var order = Shipped();

        order.ConfirmReceipt(OrderActor.Shopper(ShopperId), Now.AddDays(1));

        Assert.Equal(OrderStatus.Completed, order.Status);
        Assert.Equal(Now.AddDays(1), order.CompletedAt);
        Assert.Equal(("completed", ActorKind.Shopper), (order.Events[^1].Kind, order.Events[^1].ActorKind));
    }

    [Theory]
    [InlineData(OrderStatus.PendingPayment)]
    [InlineData(OrderStatus.Paid)]
    [InlineData(OrderStatus.Completed)]
    [InlineData(OrderStatus.Cancelled)]
    public void Confirming_receipt_is_refused_unless_shipped(OrderStatus status)
    {
        var order = InStatus(status);
        Refused(order, () => order.ConfirmReceipt(OrderActor.Shopper(ShopperId), Now.AddDays(2)), "order.confirm");
    }

    [Fact]
    public void A_shipped_order_completes_by_itself_once_the_auto_confirm_period_has_passed()
    {
        var order = Shipped();
        var due = order.AutoConfirmAt!.Value;

        Assert.False(order.AutoCompleteIfDue(due - TimeSpan.FromMinutes(1)));
        Assert.Equal(OrderStatus.Shipped, order.Status);

        Assert.True(order.AutoCompleteIfDue(due));
        Assert.Equal(OrderStatus.Completed, order.Status);
        Assert.Equal(ActorKind.System, order.Events[^1].ActorKind);
    }

    [Theory]
    [InlineData(OrderStatus.PendingPayment)]
    [InlineData(OrderStatus.Paid)]
    [InlineData(OrderStatus.Completed)]
    [InlineData(OrderStatus.Cancelled)]
    public void Auto_confirm_leaves_every_other_status_alone(OrderStatus status)
    {
        var order = InStatus(status);
        var version = order.Version;

        Assert.False(order.AutoCompleteIfDue(Now.AddDays(100)));
        Assert.Equal(status, order.Status);
        Assert.Equal(version, order.Version);
    }

    [Theory]
    [InlineData(OrderStatus.PendingPayment)]
    [InlineData(OrderStatus.Paid)]
    [InlineData(OrderStatus.Shipped)]
    [InlineData(OrderStatus.Completed)]
    [InlineData(OrderStatus.Cancelled)]
    public void Staff_add_internal_notes_in_any_status_without_changing_it(OrderStatus status)
    {
        var order = InStatus(status);
        var version = order.Version;

        order.AddNote(Staff, " 客户来电要求周末送达 ", Now.AddDays(3));

        Assert.Equal(status, order.Status);
        Assert.Equal(version + 1, order.Version);
        var note = order.Events[^1];
        Assert.Equal(("note", true, "客户来电要求周末送达", null), (note.Kind, note.Internal, note.Reason, note.ToStatus));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void An_empty_or_too_long_note_is_refused(string text)
    {
        var order = NewOrder();
        Assert.Equal("order.note", Assert.Throws<DomainException>(() => order.AddNote(Staff, text, Now)).Code);
        Assert.Equal("order.note", Assert.Throws<DomainException>(() => order.AddNote(Staff, new string('x', Order.NoteMaxLength + 1), Now)).Code);
        Assert.Single(order.Events);
    }

    [Fact]
    public void A_refund_cannot_exceed_what_was_paid_and_not_yet_refunded()
    {
        var order = Paid();
        order.Cancel(Staff, "缺货", Now.AddHours(1));

        Assert.Equal("refund.amount", Assert.Throws<DomainException>(() => order.RecordRefund(140.01m, "rf", Staff, Now)).Code);
        Assert.Equal("refund.amount", Assert.Throws<DomainException>(() => order.RecordRefund(0m, "rf", Staff, Now)).Code);
        order.RecordRefund(100m, "rf-1", Staff, Now);
        Assert.Equal("refund.amount", Assert.Throws<DomainException>(() => order.RecordRefund(40.01m, "rf-2", Staff, Now)).Code);
        Assert.Equal(40m, order.RefundDue);
    }

    [Fact]
    public void Every_move_raises_the_version_so_two_racing_writers_cannot_both_win()
    {
        var order = NewOrder();
        var versions = new List<int> { order.Version };
        order.MarkPaid(order.Total, "pay-1", Now);
        versions.Add(order.Version);
        order.AddNote(Staff, "备注", Now);
        versions.Add(order.Version);
        order.Ship("顺丰速运", "SF1000001", [new ShipmentLine(order.Lines[0].Id, 1)], Staff, AutoConfirm, Now);
        versions.Add(order.Version);
        order.Ship("顺丰速运", "SF1000002", [], Staff, AutoConfirm, Now);
        versions.Add(order.Version);
        order.AutoCompleteIfDue(Now + AutoConfirm);
        versions.Add(order.Version);

        Assert.Equal(versions.Distinct().Count(), versions.Count);
        Assert.Equal(versions.Order(), versions);
    }
}
