using Storefront.Domain.Common;
using Storefront.Domain.Ordering;
using Storefront.Domain.Ordering.Risk;

namespace Storefront.Domain.Tests.Ordering;

/// <summary>The 风控 hold beside the order's status: a held order does not ship until approved; cancelling it closes the review.</summary>
public sealed class OrderRiskReviewTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);
    private static readonly OrderActor Staff = OrderActor.Staff(Guid.CreateVersion7());
    private static readonly RiskAssessment Held = new(70, [new RiskReason(RiskRules.PhoneOrders, 70, "9")], true);

    private static Order HeldAndPaid()
    {
        var order = OrderTests.Paid();
        order.AssessRisk(Held, Now);
        return order;
    }

    [Fact]
    public void A_held_order_is_refused_at_shipping_and_ships_once_approved()
    {
        var order = HeldAndPaid();
        Assert.Equal(RiskReview.Pending, order.RiskReview);
        Assert.Equal(70, order.RiskScore);
        Assert.Contains(order.Events, e => e.Kind == "risk-held");

        var refused = Assert.Throws<DomainException>(() => order.Ship("顺丰速运", "SF123456", [], Staff, TimeSpan.FromDays(10), Now));
        Assert.Equal("order.ship-held", refused.Code);
        Assert.True(refused.IsConflict);
        Assert.Equal(OrderStatus.Paid, order.Status);
        Assert.Empty(order.Shipments);

        order.ApproveRisk(Staff, Now);
        Assert.Equal(RiskReview.Approved, order.RiskReview);
        order.Ship("顺丰速运", "SF123456", [], Staff, TimeSpan.FromDays(10), Now);
        Assert.Equal(OrderStatus.Shipped, order.Status);
    }

    [Fact]
    public void An_order_below_the_threshold_is_not_held()
    {
        var order = OrderTests.Paid();
        order.AssessRisk(new RiskAssessment(20, [new RiskReason(RiskRules.FarAddress, 20, "浙江省 → 上海市")], false), Now);
        Assert.Equal(RiskReview.None, order.RiskReview);
        Assert.Equal(20, order.RiskScore);
        Assert.Single(order.RiskReasons);
        Assert.Throws<DomainException>(() => order.ApproveRisk(Staff, Now));
    }

    [Fact]
    public void Cancelling_a_held_order_closes_its_review_and_it_cannot_be_approved_after()
    {
        var order = HeldAndPaid();
        order.Cancel(Staff, "风控审核未通过", Now);
        Assert.Equal(RiskReview.Cancelled, order.RiskReview);
        Assert.Equal(order.Total, order.RefundDue);
        var e = Assert.Throws<DomainException>(() => order.ApproveRisk(Staff, Now));
        Assert.Equal("order.risk-approve", e.Code);
    }

    [Fact]
    public void Approving_twice_is_refused_as_a_conflict()
    {
        var order = HeldAndPaid();
        order.ApproveRisk(Staff, Now);
        Assert.True(Assert.Throws<DomainException>(() => order.ApproveRisk(Staff, Now)).IsConflict);
    }
}
