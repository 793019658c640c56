using Storefront.Domain.Common;
using Storefront.Domain.Ordering;
using Storefront.Domain.Pricing;

namespace Storefront.Domain.Tests.Ordering;

/// <summary>Settling a payment (Payment.Complete) and paying an order (Order.MarkPaid, EnsurePayable, RecordReturnedPayment).</summary>
public sealed class PaymentTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 2, 0, 0, TimeSpan.Zero);
    private static readonly Guid Tenant = Guid.CreateVersion7();

    /// <summary>An order of two units at 25.00 with 10.00 flat shipping: 60.00 to pay within 30 minutes.</summary>
    private static Order PendingOrder()
    {
        var shipping = ShippingTemplate.Create(Tenant, new ShippingTemplateDraft("快递", ShippingFeeKind.Flat, 10m), Now);
        var sku = Guid.CreateVersion7();
        var product = Guid.CreateVersion7();
        var quote = PricingEngine.Price(new PricingRequest([new PricingLine(sku, product, null, 25m, 2)], shipping, Now));
        return Order.Place(Tenant, "20261130000001", Guid.CreateVersion7(),
            ShippingAddress.Create("张三", "13800138000", "上海市", "上海市", "浦东新区", "世纪大道 100 号"), shipping,
            [new OrderItem(product, sku, "茶杯", "cup", "CUP-1", "", null, 0, 2)], quote, "", null, TimeSpan.FromMinutes(30), Now);
    }

    private static Payment PendingPayment(Order order) => Payment.Start(Tenant, order.Id, "sandbox", order.Total, Now);

    [Fact]
    public void A_started_payment_is_pending_for_the_amount_asked()
    {
        var order = PendingOrder();
        var payment = PendingPayment(order);
        Assert.Equal(PaymentStatus.Pending, payment.Status);
        Assert.Equal(60m, payment.Amount);
        Assert.Null(payment.ProviderReference);
        Assert.Null(payment.CompletedAt);
    }

    [Theory]
    [InlineData(true, PaymentStatus.Succeeded)]
    [InlineData(false, PaymentStatus.Failed)]
    public void Completing_settles_the_payment_once_and_the_same_outcome_again_changes_nothing(bool succeeded, PaymentStatus expected)
    {
        var payment = PendingPayment(PendingOrder());

        Assert.True(payment.Complete(succeeded, "sbx_1", Now.AddMinutes(1)));
        Assert.Equal(expected, payment.Status);
        Assert.Equal("sbx_1", payment.ProviderReference);
        Assert.Equal(Now.AddMinutes(1), payment.CompletedAt);

        Assert.False(payment.Complete(succeeded, "sbx_1", Now.AddMinutes(5)));
        Assert.Equal(Now.AddMinutes(1), payment.CompletedAt);
    }

    [Fact]
    public void A_settled_payment_refuses_another_outcome_or_reference()
    {
        var payment = PendingPayment(PendingOrder());
        payment.Complete(true, "sbx_1", Now);

        Assert.True(Assert.Throws<DomainException>(() => payment.Complete(false, "sbx_1", Now)).IsConflict);
        Assert.True(Assert.Throws<DomainException>(() => payment.Complete(true, "sbx_2", Now)).IsConflict);
        Assert.Equal(PaymentStatus.Succeeded, payment.Status);
        Assert.Equal("sbx_1", payment.ProviderReference);
    }

    [Fact]
    public void Marking_paid_moves_the_order_to_awaiting_shipment_and_records_the_gateway_in_the_timeline()
    {
        var order = PendingOrder();
        var version = order.Version;

        Assert.True(order.MarkPaid(60m, "sbx_1", Now.AddMinutes(3)));

        Assert.Equal(OrderStatus.Paid, order.Status);
        Assert.Equal(Now.AddMinutes(3), order.PaidAt);
        Assert.Equal("sbx_1", order.PaymentReference);
        Assert.Equal(version + 1, order.Version);
        var paid = order.Events.Last();
        Assert.Equal(("paid", OrderStatus.PendingPayment, OrderStatus.Paid, ActorKind.Gateway), (paid.Kind, paid.FromStatus, paid.ToStatus, paid.ActorKind));
    }

    [Fact]
    public void Marking_paid_again_with_the_same_reference_changes_nothing()
    {
        var order = PendingOrder();
        order.MarkPaid(60m, "sbx_1", Now);
        var version = order.Version;
        var events = order.Events.Count;

        Assert.False(order.MarkPaid(60m, "sbx_1", Now.AddMinutes(1)));
        Assert.Equal(version, order.Version);
        Assert.Equal(events, order.Events.Count);
        Assert.Equal(Now, order.PaidAt);
    }

    [Theory]
    [InlineData(59.99)]
    [InlineData(60.01)]
    [InlineData(0.01)]
    public void Marking_paid_with_another_amount_is_refused_and_changes_nothing(double amount)
    {
        var order = PendingOrder();
        var refusal = Assert.Throws<DomainException>(() => order.MarkPaid((decimal)amount, "sbx_1", Now));
        Assert.Equal("payment.amount", refusal.Code);
        Assert.Equal(OrderStatus.PendingPayment, order.Status);
        Assert.Null(order.PaidAt);
        Assert.Single(order.Events);
    }

    [Fact]
    public void A_cancelled_order_cannot_be_paid()
    {
        var order = PendingOrder();
        order.Cancel(OrderActor.System, "支付超时，订单自动取消", Now.AddMinutes(30));

        var refusal = Assert.Throws<DomainException>(() => order.MarkPaid(60m, "sbx_late", Now.AddMinutes(31)));
        Assert.True(refusal.IsConflict);
        Assert.Equal(OrderStatus.Cancelled, order.Status);
        Assert.Throws<DomainException>(() => order.EnsurePayable(Now.AddMinutes(31)));
    }

    [Fact]
    public void An_order_paid_by_one_payment_refuses_another()
    {
        var order = PendingOrder();
        order.MarkPaid(60m, "sbx_1", Now);
        Assert.True(Assert.Throws<DomainException>(() => order.MarkPaid(60m, "sbx_2", Now)).IsConflict);
        Assert.Equal("sbx_1", order.PaymentReference);
    }

    [Fact]
    public void An_order_is_payable_only_while_awaiting_payment_and_before_its_due_time()
    {
        var order = PendingOrder();
        order.EnsurePayable(Now.AddMinutes(29));
        Assert.True(Assert.Throws<DomainException>(() => order.EnsurePayable(Now.AddMinutes(30))).IsConflict);

        order.MarkPaid(60m, "sbx_1", Now);
        Assert.True(Assert.Throws<DomainException>(() => order.EnsurePayable(Now)).IsConflict);
    }

    [Fact]
    public void A_returned_payment_is_recorded_without_moving_the_order_or_its_refundable_amount()
    {
        var order = PendingOrder();
        order.Cancel(OrderActor.Shopper(order.ShopperId), "不想要了", Now);
        var version = order.Version;

        order.RecordReturnedPayment(60m, "sbx_late", "sbx-rf-1", Now.AddMinutes(1));

        Assert.Equal(OrderStatus.Cancelled, order.Status);
        Assert.Equal(0m, order.RefundedAmount);
        Assert.Equal(0m, order.RefundDue);
        Assert.Equal(version + 1, order.Version);
        var e = order.Events.Last();
        Assert.Equal(("payment-returned", ActorKind.Gateway), (e.Kind, e.ActorKind));
        Assert.Contains("sbx_late", e.Reason);
    }
}
