using Storefront.Domain.AfterSales;
using Storefront.Domain.Ordering;
using Storefront.Domain.Pricing;
using static Storefront.Domain.Tests.AfterSales.AfterSalesExamples;

namespace Storefront.Domain.Tests.AfterSales;

/// <summary>
/// Refund amounts on the hand-priced <see cref="AfterSalesExamples.Discounted"/> order: line 1 is 3 × 33.33 paying 69.19
/// (353 points spent on it), line 2 is 1 × 120.00 paying 83.03 (424 points), shipping 10.00, total 162.22.
/// </summary>
public sealed class RefundCalculatorTests
{
    private static readonly DateTimeOffset At = CompletedAt.AddDays(1);

    private static AfterSalesCase Open(Order order, int line, int quantity, params AfterSalesCase[] existing) =>
        AfterSalesCase.Open(
            order,
            Request(order, order.Status == OrderStatus.Completed ? AfterSalesKind.ReturnAndRefund : AfterSalesKind.RefundOnly, quantity, line),
            existing, Policy, CouponValidUntil, At);

    [Fact]
    public void The_example_order_is_priced_as_worked_out_by_hand()
    {
        var order = Discounted();
        Assert.Equal([69.19m, 83.03m], order.Lines.Select(l => l.PaidAmount));
        Assert.Equal((10m, 162.22m, 777, 7.77m), (order.ShippingFee, order.Total, order.PointsUsed, order.PointsDeduction));
        Assert.Equal([353, 424], RefundCalculator.LinePoints(order));
        Assert.NotNull(order.ShopperCouponId);
    }

    [Fact]
    public void Part_of_a_discounted_line_refunds_its_share_of_the_paid_amount_rounded_down_to_the_cent()
    {
        var order = Discounted();
        var one = Open(order, 0, 1);
        Assert.Equal((23.06m, 0m, 23.06m), (one.RefundGoods, one.RefundShipping, one.RefundAmount));
        Assert.Equal(117, one.PointsToReturn);

        var two = Open(order, 0, 2);
        Assert.Equal(46.12m, two.RefundAmount);
        Assert.Equal(235, two.PointsToReturn);
        Assert.False(two.WholeOrder);
    }

    [Fact]
    public void Two_cases_on_one_line_the_last_takes_the_remainder_so_the_line_refunds_exactly_what_it_paid()
    {
        var order = Discounted();
        var first = Open(order, 0, 1);
        var second = Open(order, 0, 2, first);

        Assert.Equal((23.06m, 46.13m), (first.RefundAmount, second.RefundAmount));
        Assert.Equal(69.19m, first.RefundAmount + second.RefundAmount);
        Assert.Equal(353, first.PointsToReturn + second.PointsToReturn);
    }

    public static TheoryData<int[]> Splits() => [[1, 1, 1], [1, 2], [2, 1], [3]];

    [Theory]
    [MemberData(nameof(Splits))]
    public void However_the_units_are_split_the_cases_refund_the_line_exactly(int[] split)
    {
        var order = Discounted();
        var cases = new List<AfterSalesCase>();
        foreach (var n in split)
        {
            cases.Add(Open(order, 0, n, [.. cases]));
        }

        Assert.Equal(69.19m, cases.Sum(c => c.RefundAmount));
        Assert.Equal(353, cases.Sum(c => c.PointsToReturn));
        Assert.All(cases, c => Assert.True(c.RefundAmount > 0));
    }

    [Fact]
    public void Two_cases_on_different_lines_of_a_completed_order_refund_the_goods_without_shipping_and_reverse_points_earned()
    {
        var order = Discounted();
        order.GrantPoints(152, CompletedAt);
        var mugs = Open(order, 0, 3);
        var flask = Open(order, 1, 1, mugs);

        Assert.Equal((69.19m, 83.03m), (mugs.RefundAmount, flask.RefundAmount));
        Assert.Equal(0m, mugs.RefundShipping + flask.RefundShipping);
        Assert.False(mugs.WholeOrder);
        Assert.True(flask.WholeOrder);
        Assert.Equal((353, 424), (mugs.PointsToReturn, flask.PointsToReturn));

        // 152 × 69.19 / 152.22 = 69.09 → 69; the case completing the order takes the rest: 83.
        Assert.Equal((69, 83), (mugs.PointsToReverse, flask.PointsToReverse));
        Assert.Equal(152.22m, mugs.RefundAmount + flask.RefundAmount);
    }

    [Fact]
    public void Points_earned_reversals_are_rounded_down_and_never_exceed_what_was_earned()
    {
        var order = Discounted();
        order.GrantPoints(152, CompletedAt);
        var cases = new List<AfterSalesCase>();
        foreach (var (line, n) in new[] { (0, 1), (0, 1), (0, 1), (1, 1) })
        {
            cases.Add(Open(order, line, n, [.. cases]));
        }

        // 152 × 23.06 / 152.22 = 23.03 → 23 (twice), 152 × 23.07 / 152.22 = 23.04 → 23, then the rest.
        Assert.Equal([23, 23, 23, 83], cases.Select(c => c.PointsToReverse));
        Assert.Equal(152, cases.Sum(c => c.PointsToReverse));
    }

    [Fact]
    public void The_whole_order_refunded_before_shipping_includes_shipping_once_and_gives_the_coupon_back()
    {
        var order = Discounted(OrderStatus.Paid);
        var mugs = Open(order, 0, 3);
        var flask = Open(order, 1, 1, mugs);

        Assert.Equal((69.19m, 0m, false, false), (mugs.RefundAmount, mugs.RefundShipping, mugs.WholeOrder, mugs.ReturnsCoupon));
        Assert.Equal((83.03m, 10m, 93.03m, true, true), (flask.RefundGoods, flask.RefundShipping, flask.RefundAmount, flask.WholeOrder, flask.ReturnsCoupon));
        Assert.Equal(order.Total, mugs.RefundAmount + flask.RefundAmount);
        Assert.Equal(order.PointsUsed, mugs.PointsToReturn + flask.PointsToReturn);
        Assert.Equal(0, mugs.PointsToReverse + flask.PointsToReverse);
    }

    [Fact]
    public void The_whole_order_in_one_go_after_shipping_refunds_the_goods_but_not_shipping()
    {
        var order = Discounted(OrderStatus.Shipped);
        var mugs = Open(order, 0, 3);
        var flask = Open(order, 1, 1, mugs);

        Assert.True(flask.WholeOrder);
        Assert.Equal(0m, flask.RefundShipping);
        Assert.Equal(152.22m, mugs.RefundAmount + flask.RefundAmount);
        Assert.True(flask.ReturnsCoupon);
    }

    [Fact]
    public void The_coupon_comes_back_only_for_the_whole_order_and_only_while_still_valid()
    {
        var order = Discounted(OrderStatus.Paid);
        var line = order.Lines[1];
        RefundShare[] mugs = [new(order.Lines[0].Id, 3, 69.19m, 69.19m, 353, 0)];

        Assert.True(RefundCalculator.Quote(order, line, 1, mugs, CouponValidUntil, CouponValidUntil.AddSeconds(-1)).ReturnsCoupon);
        Assert.False(RefundCalculator.Quote(order, line, 1, mugs, CouponValidUntil, CouponValidUntil).ReturnsCoupon);
        Assert.False(RefundCalculator.Quote(order, line, 1, [], CouponValidUntil, Now).ReturnsCoupon);
        var plain = Plain(OrderStatus.Paid);
        Assert.False(RefundCalculator.Quote(plain, plain.Lines[0], 2, [new(plain.Lines[1].Id, 1, 30m, 30m, 0, 0)], CouponValidUntil, Now).ReturnsCoupon);
    }

    [Fact]
    public void Never_more_than_was_paid_across_the_order_even_after_a_refund_outside_the_cases()
    {
        var order = Discounted();
        order.RecordRefund(150m, "goodwill-1", Staff, At);
        var flask = Open(order, 1, 1);

        Assert.Equal(12.22m, flask.RefundAmount);
        var mugs = Open(order, 0, 3, flask);
        Assert.Equal(0m, mugs.RefundAmount);
    }

    [Fact]
    public void A_paid_case_booked_on_the_order_is_counted_once()
    {
        var order = Discounted();
        var mugs = Open(order, 0, 3);
        mugs.Approve(Staff, "仓库", At);
        mugs.ConfirmReceived(Staff, true, At.AddDays(1));
        mugs.MarkRefunded("refund-1", OrderActor.Gateway, At.AddDays(1));
        order.RecordRefund(mugs.RefundAmount, "refund-1", Staff, At.AddDays(1));

        var flask = Open(order, 1, 1, mugs);
        Assert.Equal(83.03m, flask.RefundAmount);
        Assert.Equal(order.Total - order.ShippingFee, order.RefundedAmount + flask.RefundAmount);
    }

    [Fact]
    public void Across_every_split_of_the_order_the_cases_never_refund_more_than_the_total()
    {
        foreach (var status in new[] { OrderStatus.Paid, OrderStatus.Completed })
        {
            foreach (var split in new[] { new[] { (0, 1), (1, 1), (0, 2) }, [(1, 1), (0, 3)], [(0, 1), (0, 1), (1, 1), (0, 1)] })
            {
                var order = Discounted(status);
                var cases = new List<AfterSalesCase>();
                foreach (var (line, n) in split)
                {
                    cases.Add(Open(order, line, n, [.. cases]));
                }

                var expected = status == OrderStatus.Paid ? order.Total : order.Total - order.ShippingFee;
                Assert.Equal(expected, cases.Sum(c => c.RefundAmount));
                Assert.Equal(order.PointsUsed, cases.Sum(c => c.PointsToReturn));
                Assert.Single(cases, c => c.WholeOrder);
                Assert.True(cases[^1].WholeOrder);
            }
        }
    }

    [Fact]
    public void Exchanges_do_not_refund_and_do_not_count_towards_the_refunded_units()
    {
        var order = Discounted();
        var exchange = AfterSalesCase.Open(order, Request(order, AfterSalesKind.Exchange, 1, 0), [], Policy, CouponValidUntil, At);
        Assert.Equal((0m, 0, 0), (exchange.RefundAmount, exchange.PointsToReturn, exchange.PointsToReverse));

        var rest = Open(order, 0, 2, exchange);
        Assert.Equal(46.12m, rest.RefundAmount);
    }

    /// <summary>The 满200减50 rule the <see cref="AfterSalesExamples.Discounted"/> order got, as the store keeps it.</summary>
    private static OrderPromotionRule[] Promotions(Order order) =>
        [new(order.Lines[0].Adjustments.Single(a => a.Kind == AdjustmentKinds.OrderPromotion).SourceId!.Value, "满200减50", OrderPromotionKind.AmountOff,
            ThresholdKind.Amount, [new PromotionTier(200m, 50m)], PromotionScope.WholeStore, true, Now.AddDays(-1), Now.AddDays(1))];

    [Fact]
    public void Under_the_claw_back_policy_returning_the_flask_gives_up_the_50_off_the_kept_mugs_no_longer_reach()
    {
        var order = Discounted();
        var policy = Policy with { Threshold = ThresholdPolicy.ClawBack };

        // Kept: 3 mugs at 99.99, below 200: their 22.73 share of 满200减50 is clawed back from the flask's 83.03.
        var flask = AfterSalesCase.Open(order, Request(order, AfterSalesKind.ReturnAndRefund, 1, 1), [], policy, CouponValidUntil, At, Promotions(order));
        Assert.Equal((60.30m, 22.73m, 60.30m), (flask.RefundGoods, flask.RefundClawBack, flask.RefundAmount));

        // The default store refunds the allocated amount, whatever is kept (the promotions are not even looked at).
        var allocated = AfterSalesCase.Open(order, Request(order, AfterSalesKind.ReturnAndRefund, 1, 1), [], Policy, CouponValidUntil, At, Promotions(order));
        Assert.Equal((83.03m, 0m, 83.03m), (allocated.RefundGoods, allocated.RefundClawBack, allocated.RefundAmount));

        // Returning the mugs too gives the claw-back back: everything paid for the goods, never more.
        var mugs = AfterSalesCase.Open(order, Request(order, AfterSalesKind.ReturnAndRefund, 3, 0), [flask], policy, CouponValidUntil, At, Promotions(order));
        Assert.Equal((91.92m, -22.73m), (mugs.RefundGoods, mugs.RefundClawBack));
        Assert.Equal(order.Total - order.ShippingFee, flask.RefundAmount + mugs.RefundAmount);
    }

    [Fact]
    public void A_return_that_keeps_the_threshold_claws_nothing_back()
    {
        var order = Discounted();
        var policy = Policy with { Threshold = ThresholdPolicy.ClawBack };
        var kept = order.Lines.ToDictionary(l => l.Id, l => l.Quantity);
        Assert.Equal(0m, RefundCalculator.ClawBackDue(order, kept, Promotions(order)));

        // One mug back: 2 × 33.33 + 120 = 186.66 < 200; the kept units' share (15.15 + 27.27) is due, at most the mug's 23.06.
        kept[order.Lines[0].Id] = 2;
        Assert.Equal(42.42m, RefundCalculator.ClawBackDue(order, kept, Promotions(order)));
        var mug = AfterSalesCase.Open(order, Request(order, AfterSalesKind.ReturnAndRefund, 1, 0), [], policy, CouponValidUntil, At, Promotions(order));
        Assert.Equal((0m, 23.06m), (mug.RefundGoods, mug.RefundClawBack));
    }

    [Fact]
    public void A_plain_line_refunds_its_unit_price_per_unit()
    {
        var order = Plain();
        Assert.Equal(50m, Open(order, 0, 1).RefundAmount);
        Assert.Equal(30m, Open(order, 1, 1).RefundAmount);
        Assert.Equal(0, Open(order, 1, 1).PointsToReturn);
    }

    [Fact]
    public void Requoting_before_paying_drops_shipping_and_the_coupon_when_the_other_case_was_withdrawn()
    {
        var order = Discounted(OrderStatus.Paid);
        var mugs = Open(order, 0, 3);
        var flask = Open(order, 1, 1, mugs);
        Assert.Equal((93.03m, true), (flask.RefundAmount, flask.ReturnsCoupon));

        mugs.Withdraw(Shopper, At.AddHours(1));
        flask.Requote(order, [mugs], Policy, CouponValidUntil, At.AddHours(2));

        Assert.Equal((83.03m, 0m, false, false), (flask.RefundAmount, flask.RefundShipping, flask.WholeOrder, flask.ReturnsCoupon));
        var e = flask.Events[^1];
        Assert.Equal(("requoted", "93.03 → 83.03", 1), (e.Kind, e.Reason, flask.Version));

        flask.Requote(order, [mugs], Policy, CouponValidUntil, At.AddHours(3));
        Assert.Equal(1, flask.Version);
    }

    [Fact]
    public void Requoting_picks_up_points_granted_since_and_is_refused_once_refunded()
    {
        var order = Discounted(OrderStatus.Shipped);
        var c = AfterSalesCase.Open(order, Request(order, AfterSalesKind.RefundOnly, 1, 1), [], Policy, CouponValidUntil, At);
        Assert.Equal(0, c.PointsToReverse);

        order.ConfirmReceipt(Shopper, At.AddHours(1));
        order.GrantPoints(152, At.AddHours(1));
        c.Requote(order, [], Policy, CouponValidUntil, At.AddHours(2));
        Assert.Equal(82, c.PointsToReverse);

        c.Approve(Staff, null, At.AddHours(3));
        c.MarkRefunded("refund-1", OrderActor.Gateway, At.AddHours(3));
        Assert.Equal("aftersales.requote",
            Assert.Throws<Storefront.Domain.Common.DomainException>(() => c.Requote(order, [], Policy, CouponValidUntil, At.AddHours(4))).Code);
    }
}
