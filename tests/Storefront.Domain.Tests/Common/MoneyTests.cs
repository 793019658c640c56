using FsCheck;
using FsCheck.Fluent;
using Storefront.Domain.Common;

namespace Storefront.Domain.Tests.Common;

public sealed class MoneyTests
{
    public static TheoryData<decimal, decimal> Midpoints => new()
    {
        { 0.005m, 0.01m },
        { 1.005m, 1.01m },
        { 1.015m, 1.02m },
        { 1.025m, 1.03m },
        { 2.675m, 2.68m },
        { 99_999_999.985m, 99_999_999.99m },
        { -0.005m, -0.01m },
        { -1.005m, -1.01m },
        { -1.025m, -1.03m },
        { -2.675m, -2.68m },
    };

    public static TheoryData<decimal, decimal> NonMidpoints => new()
    {
        { 0m, 0m },
        { 1m, 1m },
        { 1.23m, 1.23m },
        { 1.004m, 1.00m },
        { 1.0049999m, 1.00m },
        { 1.0050001m, 1.01m },
        { 1.006m, 1.01m },
        { 9.999m, 10.00m },
        { -1.004m, -1.00m },
        { -1.006m, -1.01m },
        { -9.999m, -10.00m },
    };

    public static TheoryData<decimal> TwoOrFewerDecimals => [0m, 1m, 1.5m, 1.25m, 1.250m, 1.2500000m, -1.25m, 99_999_999.99m];

    public static TheoryData<decimal> MoreThanTwoDecimals => [0.001m, 1.251m, 1.2501m, -1.255m, 0.0000001m];

    [Theory]
    [MemberData(nameof(Midpoints))]
    public void RoundToCent_rounds_a_half_cent_away_from_zero(decimal amount, decimal rounded)
    {
        Assert.Equal(rounded, Money.RoundToCent(amount));
    }

    [Theory]
    [MemberData(nameof(NonMidpoints))]
    public void RoundToCent_rounds_to_the_nearest_cent(decimal amount, decimal rounded)
    {
        Assert.Equal(rounded, Money.RoundToCent(amount));
    }

    [Fact]
    public void RoundToCent_does_not_round_half_to_even()
    {
        // Banker's rounding (the decimal.Round default) would give 1.02 and 0.00.
        Assert.Equal(1.03m, Money.RoundToCent(1.025m));
        Assert.Equal(0.01m, Money.RoundToCent(0.005m));
    }

    [Fact]
    public void RoundToCent_is_symmetric_around_zero_and_lands_within_half_a_cent()
    {
        Prop.ForAll<decimal>(amount =>
        {
            var rounded = Money.RoundToCent(amount);
            return Money.HasAtMostTwoDecimals(rounded)
                && Math.Abs(rounded - amount) <= 0.005m
                && Money.RoundToCent(-amount) == -rounded
                && Money.RoundToCent(rounded) == rounded;
        }).QuickCheckThrowOnFailure();
    }

    [Theory]
    [MemberData(nameof(TwoOrFewerDecimals))]
    public void An_amount_with_at_most_two_decimals_is_recognised(decimal amount)
    {
        Assert.True(Money.HasAtMostTwoDecimals(amount));
    }

    [Theory]
    [MemberData(nameof(MoreThanTwoDecimals))]
    public void An_amount_with_more_than_two_significant_decimals_is_recognised(decimal amount)
    {
        Assert.False(Money.HasAtMostTwoDecimals(amount));
    }
}
