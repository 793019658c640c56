using Storefront.Domain.AfterSales;
using Storefront.Domain.Common;
using Storefront.Domain.Ordering;
using static Storefront.Domain.Tests.AfterSales.AfterSalesExamples;

namespace Storefront.Domain.Tests.Ordering;

/// <summary>
/// Units refunded before shipping leave the order (<see cref="Order.RefundUnshippedUnits"/>), on the
/// <see cref="AfterSales.AfterSalesExamples.Plain"/> order: 2 × T 恤 and 1 × 袜子, paid.
/// </summary>
public sealed class OrderRefundedUnitsTests
{
    private static readonly DateTimeOffset At = Now.AddHours(1);
    private static readonly TimeSpan AutoConfirm = TimeSpan.FromDays(10);

    [Fact]
    public void Refunded_units_are_no_longer_shippable_and_shipping_everything_ships_only_the_rest()
    {
        var order = Plain(OrderStatus.Paid);
        var shirts = order.Lines[0];
        order.RefundUnshippedUnits(shirts.Id, 1, Staff, AutoConfirm, At);

        Assert.Equal((1, 1, OrderStatus.Paid), (shirts.RefundedQuantity, shirts.UnshippedQuantity, order.Status));
        Assert.Equal("units-refunded", order.Events[^1].Kind);
        var tooMany = Assert.Throws<DomainException>(() => order.Ship("顺丰速运", "SF2000001", [new ShipmentLine(shirts.Id, 2)], Staff, AutoConfirm, At));
        Assert.Contains("还可发货 1 件", tooMany.Message);

        order.Ship("顺丰速运", "SF2000001", [], Staff, AutoConfirm, At);
        Assert.Equal([(1, 1), (1, 0)], order.Lines.Select(l => (l.ShippedQuantity, l.RefundedQuantity)));
        Assert.Equal(OrderStatus.Shipped, order.Status);
    }

    [Fact]
    public void Refunding_every_unit_before_shipping_cancels_the_order_with_the_actor_and_reason()
    {
        var order = Plain(OrderStatus.Paid);
        order.RefundUnshippedUnits(order.Lines[1].Id, 1, Staff, AutoConfirm, At);
        Assert.Equal(OrderStatus.Paid, order.Status);
        order.RefundUnshippedUnits(order.Lines[0].Id, 2, OrderActor.System, AutoConfirm, At.AddMinutes(1));

        Assert.Equal((OrderStatus.Cancelled, Order.FullyRefundedReason, At.AddMinutes(1)), (order.Status, order.CancelReason, order.CancelledAt));
        var cancelled = order.Events.Single(e => e.Kind == "cancelled");
        Assert.Equal((OrderStatus.Paid, OrderStatus.Cancelled, ActorKind.System, "全部退款"),
            (cancelled.FromStatus, cancelled.ToStatus, cancelled.ActorKind, cancelled.Reason));
        Assert.Throws<DomainException>(() => order.Ship("顺丰速运", "SF2000001", [], Staff, AutoConfirm, At));
    }

    [Fact]
    public void When_the_rest_already_shipped_the_order_moves_on_to_shipped_with_auto_confirm()
    {
        var order = Plain(OrderStatus.Paid);
        order.Ship("顺丰速运", "SF2000001", [new ShipmentLine(order.Lines[0].Id, 2)], Staff, AutoConfirm, At);
        order.RefundUnshippedUnits(order.Lines[1].Id, 1, Staff, AutoConfirm, At.AddHours(1));

        Assert.Equal((OrderStatus.Shipped, At.AddHours(1), At.AddHours(1) + AutoConfirm), (order.Status, order.ShippedAt, order.AutoConfirmAt));
        Assert.True(order.AutoCompleteIfDue(At.AddHours(1) + AutoConfirm));
    }

    [Fact]
    public void More_units_than_are_left_to_ship_or_an_order_that_is_not_awaiting_shipment_are_refused()
    {
        var order = Plain(OrderStatus.Paid);
        order.Ship("顺丰速运", "SF2000001", [new ShipmentLine(order.Lines[0].Id, 1)], Staff, AutoConfirm, At);
        var e = Assert.Throws<DomainException>(() => order.RefundUnshippedUnits(order.Lines[0].Id, 2, Staff, AutoConfirm, At));
        Assert.True(e.IsConflict);
        Assert.Equal(0, order.Lines[0].RefundedQuantity);

        var shipped = Plain(OrderStatus.Shipped);
        Assert.Throws<DomainException>(() => shipped.RefundUnshippedUnits(shipped.Lines[0].Id, 1, Staff, AutoConfirm, At));
    }

    [Fact]
    public void Units_held_by_an_open_refund_request_do_not_ship_and_shipping_everything_leaves_them()
    {
        var order = Plain(OrderStatus.Paid);
        var shirts = order.Lines[0];
        var held = new Dictionary<Guid, int> { [shirts.Id] = 1 };
        var e = Assert.Throws<DomainException>(() => order.Ship("顺丰速运", "SF2000001", [new ShipmentLine(shirts.Id, 2)], Staff, AutoConfirm, At, held));
        Assert.True(e.IsConflict);
        Assert.Contains("1 件在买家的退款申请中", e.Message);

        order.Ship("顺丰速运", "SF2000001", [], Staff, AutoConfirm, At, held);
        Assert.Equal([(1, 1), (1, 0)], order.Lines.Select(l => (l.ShippedQuantity, l.UnshippedQuantity)));
        Assert.Equal(OrderStatus.Paid, order.Status);
    }

    [Fact]
    public void A_line_with_refunded_units_offers_only_the_rest_for_another_refund_before_shipping()
    {
        var order = Plain(OrderStatus.Paid);
        var first = AfterSalesCase.Open(order, Request(order, AfterSalesKind.RefundOnly, 1, 0), [], Policy, null, At);
        first.Approve(Staff, null, At);
        first.MarkRefunded("r-1", Staff, At);
        order.RefundUnshippedUnits(order.Lines[0].Id, 1, Staff, AutoConfirm, At);

        var second = AfterSalesCase.Open(order, Request(order, AfterSalesKind.RefundOnly, 1, 0), [first], Policy, null, At);
        Assert.Equal(1, second.Quantity);
        var tooMany = Assert.Throws<DomainException>(
            () => AfterSalesCase.Open(order, Request(order, AfterSalesKind.RefundOnly, 1, 0), [first, second], Policy, null, At));
        Assert.Contains("已没有可申请售后的数量", tooMany.Message);
    }
}
