using Storefront.Domain.Common;
using Storefront.Domain.Ordering;
using Storefront.Domain.Pricing;

namespace Storefront.Domain.AfterSales;

/// <summary>
/// What another refund case of the same order already takes: its line, units, goods amount, total and points, and whether
/// its refund was paid already (then it is also in <see cref="Order.RefundedAmount"/>).
/// </summary>
public sealed record RefundShare(Guid LineId, int Quantity, decimal Goods, decimal Total, int PointsReturned, int PointsReversed, bool Paid = false);

/// <summary>
/// What a refund case gives back: the goods amount (less any claw-back), the shipping fee (only for the whole order before
/// shipping), the total to pay through the gateway, points spent that come back, points earned that are taken back, whether
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
/// <see cref="ThresholdPolicy.ClawBack"/> the caller passes the discount lost by the kept units, taken off the goods amount.</item>
/// <item>Shipping: the order's shipping fee is added only by the case that completes the refund of every unit of every line
/// while the order is still 待发货 with nothing shipped. Otherwise shipping is not refunded.</item>
/// <item>Cap: never more than was paid, across all refund cases of the order together: the total is at most
/// <see cref="Order.Total"/> − what was refunded already (<see cref="Order.RefundedAmount"/>, where the caller books every
/// refund paid, cases included; or the paid cases' total, if larger) − what the other open cases will refund.</item>
/// <item>Points spent: the order's <see cref="Order.PointsUsed"/> are split over lines by their "points" adjustments (largest
/// remainder, in whole points); the case gets its line's points × n / q rounded down, the line's last case the remainder.</item>
/// <item>Points earned: <see cref="Order.PointsEarned"/> × goods refunded / goods paid (order total − shipping), rounded down,
/// and the case completing the whole order takes the remainder; so the reversals never exceed the points earned.</item>
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
        decimal clawBack = 0m)
    {
        var index = order.Lines.IndexOf(line);
        if (index < 0)
        {
            throw new ArgumentException("The line must belong to the order.", nameof(line));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(clawBack);
        if (policy == ThresholdPolicy.RefundAllocated && clawBack != 0)
        {
            throw new ArgumentException("No claw-back under the default policy.", nameof(clawBack));
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

        // Goods: proportional, rounded down; the line's last case takes the remainder. Claw-back comes off.
        var goodsLeftOnLine = line.PaidAmount - onLine.Sum(o => o.Goods);
        var goods = completesLine ? goodsLeftOnLine : Math.Min(FloorCent(line.PaidAmount * quantity / line.Quantity), goodsLeftOnLine);
        var clawed = Math.Min(Money.RoundToCent(clawBack), goods);
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
            : wholeOrder && clawed == 0 ? earnedLeft
            : Math.Min((int)decimal.Floor(order.PointsEarned * goods / goodsPaid), earnedLeft);

        var returnsCoupon = wholeOrder && order.ShopperCouponId is not null && couponValidUntil is { } until && now < until;
        return new RefundQuote(goods, shipping, clawed, goods + shipping, pointsReturned, pointsReversed, wholeOrder, returnsCoupon);
    }

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
