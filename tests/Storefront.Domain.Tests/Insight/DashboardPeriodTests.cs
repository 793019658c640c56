using Storefront.Domain.Common;
using Storefront.Domain.Insight;

namespace Storefront.Domain.Tests.Insight;

public sealed class DashboardPeriodTests
{
    private static readonly DateOnly Today = new(2030, 3, 11);

    [Theory]
    [InlineData(PeriodKind.Today, "2030-03-11", "2030-03-11", "2030-03-10", "2030-03-10")]
    [InlineData(PeriodKind.Yesterday, "2030-03-10", "2030-03-10", "2030-03-09", "2030-03-09")]
    [InlineData(PeriodKind.Last7Days, "2030-03-05", "2030-03-11", "2030-02-26", "2030-03-04")]
    [InlineData(PeriodKind.Last30Days, "2030-02-10", "2030-03-11", "2030-01-11", "2030-02-09")]
    public void Each_period_is_compared_with_as_many_days_just_before_it(PeriodKind kind, string from, string to, string previousFrom, string previousTo)
    {
        var period = DashboardPeriod.For(kind, Today);

        Assert.Equal((DateOnly.Parse(from), DateOnly.Parse(to)), (period.From, period.To));
        Assert.Equal((DateOnly.Parse(previousFrom), DateOnly.Parse(previousTo)), (period.Previous.From, period.Previous.To));
        Assert.Equal(period.Days, period.Previous.Days);
    }

    [Fact]
    public void A_custom_range_includes_both_ends_and_spans_at_most_366_days()
    {
        var range = DashboardPeriod.Custom(new DateOnly(2030, 1, 1), new DateOnly(2030, 12, 31));
        Assert.Equal(365, range.Days);
        Assert.Equal(new DateOnly(2029, 1, 1), range.Previous.From);

        Assert.Equal("insight.period-length",
            Assert.Throws<DomainException>(() => DashboardPeriod.Custom(new DateOnly(2030, 1, 1), new DateOnly(2031, 1, 2))).Code);
        Assert.Equal("insight.period-order",
            Assert.Throws<DomainException>(() => DashboardPeriod.Custom(new DateOnly(2030, 1, 2), new DateOnly(2030, 1, 1))).Code);
        Assert.Equal("insight.period", Assert.Throws<DomainException>(() => DashboardPeriod.For(PeriodKind.Custom, Today)).Code);
    }
}
