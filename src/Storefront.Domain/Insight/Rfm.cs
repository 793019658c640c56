using Storefront.Domain.Common;

namespace Storefront.Domain.Insight;

/// <summary>The eight classic RFM groups: 重要/一般 by monetary value, then 价值/发展/保持/挽留 by recency and frequency.</summary>
public enum RfmSegment
{
    ImportantValue,
    ImportantDevelopment,
    ImportantRetention,
    ImportantWinBack,
    GeneralValue,
    GeneralDevelopment,
    GeneralRetention,
    GeneralWinBack,
}

/// <summary>
/// A store's RFM thresholds. Buyers are scored on their paid orders of the last <see cref="WindowDays"/> store days:
/// recent when their last paid order is at most <see cref="RecentDays"/> days old, frequent with at least
/// <see cref="FrequentOrders"/> paid orders, valuable with at least <see cref="MonetaryAmount"/> paid.
/// </summary>
public sealed record RfmThresholds(int WindowDays, int RecentDays, int FrequentOrders, decimal MonetaryAmount)
{
    public static readonly RfmThresholds Default = new(365, 30, 2, 500m);

    public const int MaxWindowDays = 730;

    public void Validate()
    {
        if (WindowDays is < 1 or > MaxWindowDays)
        {
            throw new DomainException("rfm.window", $"统计窗口为 1–{MaxWindowDays} 天。");
        }

        if (RecentDays < 0 || RecentDays >= WindowDays)
        {
            throw new DomainException("rfm.recent", "近期天数须不小于 0 且小于统计窗口。");
        }

        if (FrequentOrders is < 1 or > 10_000)
        {
            throw new DomainException("rfm.frequency", "高频订单数为 1–10000。");
        }

        if (MonetaryAmount is < 0 or > 100_000_000m || decimal.Round(MonetaryAmount, 2) != MonetaryAmount)
        {
            throw new DomainException("rfm.monetary", "高消费金额为 0–100000000，精确到分。");
        }
    }
}

public static class Rfm
{
    public static readonly IReadOnlyList<RfmSegment> Segments = Enum.GetValues<RfmSegment>();

    /// <summary>The group of a buyer whose last paid order was <paramref name="daysSinceLast"/> store days ago.</summary>
    public static RfmSegment Classify(int daysSinceLast, int orders, decimal amount, RfmThresholds thresholds)
    {
        var recent = daysSinceLast <= thresholds.RecentDays;
        var frequent = orders >= thresholds.FrequentOrders;
        var valuable = amount >= thresholds.MonetaryAmount;
        return Of(valuable, recent, frequent);
    }

    /// <summary>
    /// The group of a buyer who is valuable, recent and frequent or not (<see cref="Classify"/>'s comparisons; the customer
    /// analysis makes them in SQL to group the per-buyer rollup).
    /// </summary>
    public static RfmSegment Of(bool valuable, bool recent, bool frequent)
    {
        return (valuable, recent, frequent) switch
        {
            (true, true, true) => RfmSegment.ImportantValue,
            (true, true, false) => RfmSegment.ImportantDevelopment,
            (true, false, true) => RfmSegment.ImportantRetention,
            (true, false, false) => RfmSegment.ImportantWinBack,
            (false, true, true) => RfmSegment.GeneralValue,
            (false, true, false) => RfmSegment.GeneralDevelopment,
            (false, false, true) => RfmSegment.GeneralRetention,
            _ => RfmSegment.GeneralWinBack,
        };
    }
}
