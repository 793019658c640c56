namespace Storefront.Domain.Insight;

/// <summary>What the rollups add up to over a period (docs/metrics.md defines each figure made from them).</summary>
public sealed record InsightTotals(
    decimal PaidAmount,
    int PaidOrders,
    int PayingBuyers,
    int RepeatBuyers,
    decimal RefundedAmount,
    int RefundedOrders,
    int NewMembers,
    int ShippedOrders,
    long ShipSeconds,
    int AnsweredCases,
    long AnswerSeconds)
{
    public static readonly InsightTotals Zero = new(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
}

/// <summary>
/// The dashboard's figures of a period. Rates are fractions to 4 places (0.1234 = 12.34 %), 客单价 is to the cent and
/// durations are hours to 2 places, each rounded half away from zero; a figure whose denominator is 0 is null (shown "—").
/// </summary>
public sealed record InsightFigures(
    decimal Gmv,
    int PaidOrders,
    int PayingBuyers,
    decimal? AverageOrderValue,
    decimal? RepurchaseRate,
    decimal RefundedAmount,
    int RefundedOrders,
    decimal? RefundRateByAmount,
    decimal? RefundRateByOrders,
    int NewMembers,
    decimal? AverageShipHours,
    decimal? AverageFirstResponseHours)
{
    public static InsightFigures From(InsightTotals t) => new(
        t.PaidAmount,
        t.PaidOrders,
        t.PayingBuyers,
        t.PaidOrders == 0 ? null : Round(t.PaidAmount / t.PaidOrders, 2),
        Rate(t.RepeatBuyers, t.PayingBuyers),
        t.RefundedAmount,
        t.RefundedOrders,
        t.PaidAmount == 0 ? null : Round(t.RefundedAmount / t.PaidAmount, 4),
        Rate(t.RefundedOrders, t.PaidOrders),
        t.NewMembers,
        Hours(t.ShipSeconds, t.ShippedOrders),
        Hours(t.AnswerSeconds, t.AnsweredCases));

    /// <summary>Relative change against the previous period (0.25 = +25 %), null when there is nothing to compare with.</summary>
    public static decimal? Change(decimal? current, decimal? previous) =>
        current is { } c && previous is { } p && p != 0 ? Round((c - p) / Math.Abs(p), 4) : null;

    private static decimal? Rate(int part, int whole) => whole == 0 ? null : Round((decimal)part / whole, 4);

    private static decimal? Hours(long seconds, int count) => count == 0 ? null : Round(seconds / 3600m / count, 2);

    private static decimal Round(decimal value, int places) => Math.Round(value, places, MidpointRounding.AwayFromZero);
}

/// <summary>A period's paying buyers and, among them, those with two or more paid orders in it (复购).</summary>
public sealed record BuyerCounts(int Buyers, int RepeatBuyers)
{
    /// <summary>
    /// The counts of a period from the stored counts of its days up to yesterday (<paramref name="closed"/>), minus what
    /// today's buyers counted in those days (<paramref name="before"/>), plus what they count in the whole period
    /// (<paramref name="after"/>): only today's buyers can change, as for <see cref="VisitFunnel.Patch"/>.
    /// </summary>
    public static BuyerCounts Patch(BuyerCounts closed, BuyerCounts before, BuyerCounts after) =>
        new(closed.Buyers - before.Buyers + after.Buyers, closed.RepeatBuyers - before.RepeatBuyers + after.RepeatBuyers);
}
