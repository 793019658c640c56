using Storefront.Domain.Common;
using Storefront.Domain.Ordering;
using Storefront.Domain.Pricing;

namespace Storefront.Domain.AfterSales;

/// <summary>
/// What another refund case of the same order already takes: its line, units, goods amount, total and points, whether
/// its refund was paid already (then it is also in <see cref="Order.RefundedAmount"/>), and the 满减 it clawed back
/// (negative: an earlier claw-back it gave back).
/// </summary>
public sealed record RefundShare(
    Guid LineId, int Quantity, decimal Goods, decimal Total, int PointsReturned, int PointsReversed, bool Paid = false, decimal ClawBack = 0m);

/// <summary>
/// What a refund case gives back: the goods amount (less any claw-back), the claw-back (the 满减 the kept units no longer
/// earn, taken off; negative when this case gives back an earlier claw-back), the shipping fee (only for the whole order
/// before shipping), the total to pay through the gateway, points spent that come back, points earned that are taken back, whether
/// this case completes the refund of the whole order, and whether the coupon comes back.
/// </summary>
public sealed record RefundQuote(
    decimal Goods,
    decimal Shipping,
    decimal ClawBack,
    decimal Total,
    int PointsReturned,
    int PointsReversed,
    bool WholeOrder,
    bool ReturnsCoupon)
{
    public static readonly RefundQuote None = new(0m, 0m, 0m, 0m, 0, 0, false, false);
}

/// <summary>
/// The refund of some units of an order line. The rules, written down once:
/// <list type="number">
/// <item>Goods: a refund of n of a line's q units is the line's paid amount (<see cref="OrderLine.PaidAmount"/>: after its
/// own discounts and its allocated share of 满减, coupon and points) × n / q, rounded down to the cent; the case that brings
/// the units refunded on the line to q takes the remainder (paid amount − what the other cases of the line take). So
/// refunding every unit, in any number of cases, gives back exactly the line's paid amount, and no part runs ahead.</item>
/// <item>满减 threshold: by the store's <see cref="ThresholdPolicy"/>; default no claw-back (the allocated amount). Under
/// <see cref="ThresholdPolicy.ClawBack"/> the caller passes the order promotions (满减/满折 rules) the order got, and the
/// claw-back is worked out here (<see cref="ClawBackDue"/>): for each promotion, the kept units of the lines it covered
/// (bought − the units of every refund case, this one included) are priced again by the <see cref="PricingEngine"/> at
/// their item-stage amount (after member price, 限时折扣 or 秒杀; before 满减), with that promotion's tiers alone (its
/// rule as stored now, scope and dates aside: the lines it covered on the order are the ones that count); what the kept
/// units were allocated of that promotion (their share of the line's adjustment, × kept / bought, to the cent) less what
/// they earn now, never below 0, is due. This case takes the claw-back due after it less
/// what the other cases took: a return that breaks 满200减50 gives up the 满减 of what is kept, and a later case that
/// returns the rest gives it back (returning every unit refunds everything paid). The claw-back is at most this case's
/// goods amount. Coupons are not re-checked (their threshold may break too: the store keeps that loss).</item>
/// <item>Shipping: the order's shipping fee is added only by the case that completes the refund of every unit of every line
/// while the order is still 待发货 with nothing shipped. Otherwise shipping is not refunded.</item>
/// <item>Cap: never more than was paid, across all refund cases of the order together: the total is at most
/// <see cref="Order.Total"/> − what was refunded already (<see cref="Order.RefundedAmount"/>, where the caller books every
/// refund paid, cases included; or the paid cases' total, if larger) − what the other open cases will refund.</item>
/// <item>Points spent: the order's <see cref="Order.PointsUsed"/> are split over lines by their "points" adjustments (largest
/// remainder, in whole points); the case gets its line's points × n / q rounded down, the line's last case the remainder.</item>
/// <item>Points earned: <see cref="Order.PointsEarned"/> × goods refunded / goods paid (order total − shipping), rounded down,
/// and the case completing the whole order takes the remainder (unless it keeps a claw-back); so the reversals never exceed
/// the points earned.</item>
/// <item>Coupon: comes back only with the whole order refunded and the coupon still valid (before its ValidUntil).</item>
/// </list>
/// Refunds are paid once per case: <see cref="AfterSalesCase.RefundIdempotencyKey"/> ("case:{id}") is the gateway key.
/// </summary>
public static class RefundCalculator
{
    /// <summary>
    /// The refund of <paramref name="quantity"/> units of <paramref name="line"/>, given the refund cases of the order that
    /// are open or refunded (<paramref name="others"/>, not counting this one).
    /// </summary>
    public static RefundQuote Quote(
        Order order,
        OrderLine line,
        int quantity,
        IReadOnlyList<RefundShare> others,
        DateTimeOffset? couponValidUntil,
        DateTimeOffset now,
        ThresholdPolicy policy = ThresholdPolicy.RefundAllocated,
        IReadOnlyList<OrderPromotionRule>? promotions = null)
    {
        var index = order.Lines.IndexOf(line);
        if (index < 0)
        {
            throw new ArgumentException("The line must belong to the order.", nameof(line));
        }

        var onLine = others.Where(o => o.LineId == line.Id).ToList();
        var unitsBefore = onLine.Sum(o => o.Quantity);
        if (quantity <= 0 || unitsBefore + quantity > line.Quantity)
        {
            throw new ArgumentOutOfRangeException(nameof(quantity), "More units than the line has left to refund.");
        }

        var completesLine = unitsBefore + quantity == line.Quantity;
        var wholeOrder = order.Lines.All(l =>
            others.Where(o => o.LineId == l.Id).Sum(o => o.Quantity) + (l.Id == line.Id ? quantity : 0) == l.Quantity);

        // Goods: proportional, rounded down; the line's last case takes the remainder (of the allocated amounts, claw-backs
        // aside). The claw-back (or an earlier one given back) comes off (or on).
        var goodsLeftOnLine = line.PaidAmount - onLine.Sum(o => o.Goods + o.ClawBack);
        var goods = completesLine ? goodsLeftOnLine : Math.Min(FloorCent(line.PaidAmount * quantity / line.Quantity), goodsLeftOnLine);
        var clawed = 0m;
        if (policy == ThresholdPolicy.ClawBack && promotions is { Count: > 0 })
        {
            var kept = order.Lines.ToDictionary(
                l => l.Id,
                l => l.Quantity - others.Where(o => o.LineId == l.Id).Sum(o => o.Quantity) - (l.Id == line.Id ? quantity : 0));
            clawed = Math.Min(ClawBackDue(order, kept, promotions) - others.Sum(o => o.ClawBack), goods);
        }

        goods = Math.Max(0m, goods - clawed);

        // Shipping: only the whole order, refunded before anything shipped.
        var shipping = wholeOrder && order.Status == OrderStatus.Paid && order.Shipments.Count == 0 ? order.ShippingFee : 0m;

        // Cap: never more than was paid across all cases of the order.
        var refunded = Math.Max(order.RefundedAmount, others.Where(o => o.Paid).Sum(o => o.Total));
        var available = Math.Max(0m, order.Total - refunded - others.Where(o => !o.Paid).Sum(o => o.Total));
        goods = Math.Min(goods, available);
        shipping = Math.Min(shipping, available - goods);

        // Points spent on these units come back.
        var linePoints = LinePoints(order)[index];
        var pointsLeftOnLine = Math.Max(0, linePoints - onLine.Sum(o => o.PointsReturned));
        var pointsReturned = completesLine
            ? pointsLeftOnLine
            : Math.Min((int)decimal.Floor((decimal)linePoints * quantity / line.Quantity), pointsLeftOnLine);

        // Points earned on the refunded amount are taken back.
        var earnedLeft = Math.Max(0, order.PointsEarned - others.Sum(o => o.PointsReversed));
        var goodsPaid = order.Total - order.ShippingFee;
        var pointsReversed = order.PointsEarned == 0 || goodsPaid <= 0 ? 0
            : wholeOrder && clawed <= 0 ? earnedLeft
            : Math.Min((int)decimal.Floor(order.PointsEarned * goods / goodsPaid), earnedLeft);

        var returnsCoupon = wholeOrder && order.ShopperCouponId is not null && couponValidUntil is { } until && now < until;
        return new RefundQuote(goods, shipping, clawed, goods + shipping, pointsReturned, pointsReversed, wholeOrder, returnsCoupon);
    }

    /// <summary>
    /// The 满减/满折 the order's kept units no longer earn, with <paramref name="kept"/> units of each line (by line id; a
    /// line not listed keeps all), under the claw-back rule written above: per promotion of <paramref name="promotions"/>
    /// that the order got, the kept units' allocated share of it less what the pricing engine gives them now, never below 0.
    /// </summary>
    public static decimal ClawBackDue(Order order, IReadOnlyDictionary<Guid, int> kept, IReadOnlyList<OrderPromotionRule> promotions)
    {
        var due = 0m;
        foreach (var promotion in promotions)
        {
            var covered = order.Lines
                .Select(l => (Line: l, Kept: Math.Clamp(kept.GetValueOrDefault(l.Id, l.Quantity), 0, l.Quantity),
                    Share: l.Adjustments.Where(a => a.Kind == AdjustmentKinds.OrderPromotion && a.SourceId == promotion.Id).Sum(a => a.Amount)))
                .Where(c => c.Line.Adjustments.Any(a => a.Kind == AdjustmentKinds.OrderPromotion && a.SourceId == promotion.Id) && c.Kept > 0)
                .ToList();
            if (covered.Count == 0)
            {
                continue;
            }

            var allocated = covered.Sum(c => Money.RoundToCent(c.Share * c.Kept / c.Line.Quantity));
            // The lines it covered, whatever its scope and dates are now: would the kept units still reach its tiers?
            var rule = promotion with { Scope = PromotionScope.WholeStore, StartsAt = DateTimeOffset.MinValue, EndsAt = DateTimeOffset.MaxValue };
            var alone = new PricingContext(null, [], [], [rule], [], CouponChoice.None, null, 0, 0);
            var repriced = PricingEngine.Price(new PricingRequest(
                [.. covered.Select(c => new PricingLine(c.Line.SkuId, c.Line.ProductId, null, ItemStageUnit(c.Line), c.Kept))],
                null,
                order.PlacedAt,
                alone));
            due += Math.Max(0m, allocated - repriced.Discount);
        }

        return due;
    }

    /// <summary>A line's unit amount after the item stage (member price, 限时折扣 or 秒杀), before any order-level discount.</summary>
    private static decimal ItemStageUnit(OrderLine line) =>
        (line.Subtotal - line.Adjustments
            .Where(a => a.Kind is AdjustmentKinds.Member or AdjustmentKinds.ItemDiscount or AdjustmentKinds.Flash)
            .Sum(a => a.Amount))
        / line.Quantity;

    /// <summary>
    /// The order's points spent, per line (in line order): split by each line's "points" adjustment amount, largest remainder
    /// in whole points (ties: the earlier line), so they sum to <see cref="Order.PointsUsed"/> exactly.
    /// </summary>
    public static int[] LinePoints(Order order)
    {
        var weights = order.Lines
            .Select(l => l.Adjustments.Where(a => a.Kind == AdjustmentKinds.Points).Sum(a => a.Amount))
            .ToArray();
        var shares = new int[weights.Length];
        var total = weights.Sum();
        if (order.PointsUsed <= 0 || total <= 0)
        {
            return shares;
        }

        var remainders = new (decimal Remainder, int Index)[weights.Length];
        var given = 0;
        for (var i = 0; i < weights.Length; i++)
        {
            var exact = order.PointsUsed * weights[i] / total;
            var floor = decimal.Floor(exact);
            shares[i] = (int)floor;
            given += shares[i];
            remainders[i] = (exact - floor, i);
        }

        foreach (var (_, i) in remainders.OrderByDescending(r => r.Remainder).ThenBy(r => r.Index).Take(order.PointsUsed - given))
        {
            shares[i]++;
        }

        return shares;
    }

    private static decimal FloorCent(decimal amount) => decimal.Floor(amount * 100) / 100;
}
