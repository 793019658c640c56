using Storefront.Domain.Common;
using Storefront.Domain.Insight;

namespace Storefront.Domain.Tests.Insight;

public sealed class RfmTests
{
    private static readonly RfmThresholds Thresholds = new(365, 30, 2, 500m);

    [Theory]
    [InlineData(0, 2, 500.00, RfmSegment.ImportantValue)]
    [InlineData(30, 5, 800.00, RfmSegment.ImportantValue)]
    [InlineData(30, 1, 500.00, RfmSegment.ImportantDevelopment)]
    [InlineData(31, 2, 500.00, RfmSegment.ImportantRetention)]
    [InlineData(200, 1, 999.99, RfmSegment.ImportantWinBack)]
    [InlineData(1, 3, 499.99, RfmSegment.GeneralValue)]
    [InlineData(10, 1, 45.50, RfmSegment.GeneralDevelopment)]
    [InlineData(90, 2, 100.00, RfmSegment.GeneralRetention)]
    [InlineData(364, 1, 0.01, RfmSegment.GeneralWinBack)]
    public void Each_buyer_falls_in_one_of_the_eight_groups_with_the_thresholds_included(int daysSinceLast, int orders, decimal amount, RfmSegment expected) =>
        Assert.Equal(expected, Rfm.Classify(daysSinceLast, orders, amount, Thresholds));

    [Fact]
    public void There_are_eight_groups_and_every_combination_reaches_a_different_one()
    {
        var reached = new HashSet<RfmSegment>();
        foreach (var days in new[] { 0, 31 })
        {
            foreach (var orders in new[] { 1, 2 })
            {
                foreach (var amount in new[] { 1m, 500m })
                {
                    reached.Add(Rfm.Classify(days, orders, amount, Thresholds));
                }
            }
        }

        Assert.Equal(8, Rfm.Segments.Count);
        HashSet<RfmSegment> all = [.. Rfm.Segments];
        Assert.Equal(all, reached);
    }

    [Fact]
    public void The_defaults_are_a_year_30_days_two_orders_and_500() => Assert.Equal(new RfmThresholds(365, 30, 2, 500m), RfmThresholds.Default);

    [Theory]
    [InlineData(0, 0, 1, 0, "rfm.window")]
    [InlineData(731, 30, 2, 500, "rfm.window")]
    [InlineData(30, 30, 2, 500, "rfm.recent")]
    [InlineData(30, -1, 2, 500, "rfm.recent")]
    [InlineData(365, 30, 0, 500, "rfm.frequency")]
    [InlineData(365, 30, 2, -1, "rfm.monetary")]
    [InlineData(365, 30, 2, 0.001, "rfm.monetary")]
    public void Thresholds_out_of_range_are_refused(int window, int recent, int frequent, decimal monetary, string code) =>
        Assert.Equal(code, Assert.Throws<DomainException>(() => new RfmThresholds(window, recent, frequent, monetary).Validate()).Code);

    [Fact]
    public void Sensible_thresholds_are_accepted()
    {
        new RfmThresholds(730, 0, 1, 0m).Validate();
        RfmThresholds.Default.Validate();
    }
}
