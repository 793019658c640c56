using Storefront.Domain.Common;
using Storefront.Domain.Insight;

namespace Storefront.Domain.Tests.Insight;

public sealed class StockCoverTests
{
    [Theory]
    [InlineData(97, 3, 970.0)]
    [InlineData(2, 4, 15.0)]
    [InlineData(-3, 4, 0.0)]
    [InlineData(10, 7, 42.9)]
    public void Days_of_cover_are_the_available_stock_over_the_daily_pace(int available, int units, decimal days) =>
        Assert.Equal(days, StockCover.DaysOfCover(available, units));

    [Fact]
    public void Without_sales_there_is_no_cover_and_no_suggestion()
    {
        Assert.Null(StockCover.DaysOfCover(5, 0));
        Assert.Equal(0, StockCover.Suggested(0, 0, 7));
    }

    [Theory]
    [InlineData(2, 4, 20, 5)]     // 15 days < 20: ⌈4 × 50 / 30⌉ = 7, less 2
    [InlineData(2, 4, 7, 0)]      // 15 days ≥ 7
    [InlineData(0, 30, 7, 37)]    // ⌈30 × 37 / 30⌉ = 37
    [InlineData(-1, 30, 7, 37)]   // nothing available counts as 0
    [InlineData(7, 30, 7, 0)]     // exactly the lead time is enough
    public void The_suggestion_covers_the_lead_time_and_thirty_days_more(int available, int units, int lead, int suggested) =>
        Assert.Equal(suggested, StockCover.Suggested(available, units, lead));

    [Fact]
    public void Rates_are_fractions_to_four_places_and_roi_to_two()
    {
        Assert.Equal(0.3333m, InsightRates.Rate(1, 3));
        Assert.Null(InsightRates.Rate(1, 0));
        Assert.Equal(11.00m, InsightRates.Roi(110.00m, 10.00m));
        Assert.Null(InsightRates.Roi(110.00m, 0m));
    }

    [Fact]
    public void A_lead_time_outside_one_to_365_days_is_refused()
    {
        Assert.Equal(365, StockCover.ValidLeadDays(365));
        Assert.Throws<DomainException>(() => StockCover.ValidLeadDays(0));
        Assert.Throws<DomainException>(() => StockCover.ValidLeadDays(366));
    }
}
