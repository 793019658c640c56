using Storefront.Domain.Common;

namespace Storefront.Domain.Insight;

/// <summary>The periods the dashboard offers; each is compared with the period of the same length just before it.</summary>
public enum PeriodKind
{
    Today,
    Yesterday,
    Last7Days,
    Last30Days,
    Custom,
}

/// <summary>A run of the store's calendar days, both ends included.</summary>
public sealed record DashboardPeriod(DateOnly From, DateOnly To)
{
    /// <summary>A custom range spans at most this many days.</summary>
    public const int MaxDays = 366;

    public int Days => To.DayNumber - From.DayNumber + 1;

    /// <summary>The same number of days ending the day before this period starts.</summary>
    public DashboardPeriod Previous => new(From.AddDays(-Days), From.AddDays(-1));

    /// <summary>Today and yesterday are one day; 7 and 30 days end today (today included).</summary>
    public static DashboardPeriod For(PeriodKind kind, DateOnly today) => kind switch
    {
        PeriodKind.Today => new(today, today),
        PeriodKind.Yesterday => new(today.AddDays(-1), today.AddDays(-1)),
        PeriodKind.Last7Days => new(today.AddDays(-6), today),
        PeriodKind.Last30Days => new(today.AddDays(-29), today),
        _ => throw new DomainException("insight.period", "请选择起止日期。"),
    };

    /// <summary>A custom range: from no later than to, at most <see cref="MaxDays"/> days.</summary>
    public static DashboardPeriod Custom(DateOnly from, DateOnly to)
    {
        if (to < from)
        {
            throw new DomainException("insight.period-order", "结束日期不能早于开始日期。");
        }

        var period = new DashboardPeriod(from, to);
        return period.Days > MaxDays ? throw new DomainException("insight.period-length", "日期范围最多 366 天。") : period;
    }
}
