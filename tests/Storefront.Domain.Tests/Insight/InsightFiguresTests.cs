using Storefront.Domain.Insight;

namespace Storefront.Domain.Tests.Insight;

public sealed class InsightFiguresTests
{
    [Fact]
    public void Ratios_and_averages_are_rounded_half_away_from_zero()
    {
        // GMV 446.50 over 4 orders by 3 buyers (1 of them twice or more); 235.00 refunded on 2 orders; 1 parcel after 7,260 s; 1 answer after 7,200 s.
        var figures = InsightFigures.From(new InsightTotals(446.50m, 4, 3, 1, 235.00m, 2, 1, 1, 7_260, 1, 7_200));

        Assert.Equal(446.50m, figures.Gmv);
        Assert.Equal(111.63m, figures.AverageOrderValue);   // 111.625
        Assert.Equal(0.3333m, figures.RepurchaseRate);
        Assert.Equal(0.5263m, figures.RefundRateByAmount);   // 0.52631…
        Assert.Equal(0.5m, figures.RefundRateByOrders);
        Assert.Equal(2.02m, figures.AverageShipHours);       // 2.0166…
        Assert.Equal(2m, figures.AverageFirstResponseHours);
    }

    [Fact]
    public void A_figure_without_a_denominator_is_absent_not_zero()
    {
        var figures = InsightFigures.From(InsightTotals.Zero);

        Assert.Equal(0m, figures.Gmv);
        Assert.Null(figures.AverageOrderValue);
        Assert.Null(figures.RepurchaseRate);
        Assert.Null(figures.RefundRateByAmount);
        Assert.Null(figures.RefundRateByOrders);
        Assert.Null(figures.AverageShipHours);
        Assert.Null(figures.AverageFirstResponseHours);
    }

    [Theory]
    [InlineData("446.50", "110.00", "3.0591")]
    [InlineData("1", "3", "-0.6667")]
    [InlineData("5", "5", "0")]
    public void The_change_is_relative_to_the_previous_period(string current, string previous, string expected)
    {
        Assert.Equal(Parse(expected), InsightFigures.Change(Parse(current), Parse(previous)));

        static decimal Parse(string s) => decimal.Parse(s, System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public void There_is_no_change_against_nothing()
    {
        Assert.Null(InsightFigures.Change(10m, 0m));
        Assert.Null(InsightFigures.Change(10m, null));
        Assert.Null(InsightFigures.Change(null, 10m));
    }
}
