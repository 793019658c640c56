using Storefront.Domain.Pricing;

namespace Storefront.Domain.Tests.Pricing;

public sealed class AllocationTests
{
    [Fact]
    public void Shares_are_proportional_and_sum_exactly_to_the_amount()
    {
        var shares = Allocation.LargestRemainder(10m, [100m, 100m, 100m]);
        Assert.Equal(10m, shares.Sum());
        Assert.Equal([3.34m, 3.33m, 3.33m], shares);
    }

    [Fact]
    public void Left_over_cents_go_to_the_largest_remainders()
    {
        // 50 over 79/129/299 (507): exact shares 7.790927…, 12.721893…, 29.487179…;
        // floors sum to 49.99, the cent goes to the largest remainder (.717 of a cent).
        var shares = Allocation.LargestRemainder(50m, [79m, 129m, 299m]);
        Assert.Equal([7.79m, 12.72m, 29.49m], shares);
        Assert.Equal(50m, shares.Sum());
    }

    [Fact]
    public void Nothing_to_allocate_or_nothing_to_spread_over_gives_zeros()
    {
        Assert.Equal([0m, 0m], Allocation.LargestRemainder(0m, [1m, 2m]));
        Assert.Equal([0m, 0m], Allocation.LargestRemainder(5m, [0m, 0m]));
        Assert.Empty(Allocation.LargestRemainder(5m, []));
    }

    [Fact]
    public void More_than_the_weights_total_or_a_negative_amount_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Allocation.LargestRemainder(10.01m, [5m, 5m]));
        Assert.Throws<ArgumentOutOfRangeException>(() => Allocation.LargestRemainder(-1m, [5m]));
    }

    [Fact]
    public void For_many_random_cases_the_shares_sum_exactly_and_none_exceeds_its_weight()
    {
        var random = new Random(20261123);
        for (var run = 0; run < 2000; run++)
        {
            var weights = Enumerable.Range(0, random.Next(1, 12)).Select(_ => random.Next(1, 1_000_000) / 100m).ToArray();
            var amount = Math.Round(weights.Sum() * (decimal)random.NextDouble(), 2, MidpointRounding.ToZero);
            var shares = Allocation.LargestRemainder(amount, weights);
            Assert.Equal(amount, shares.Sum());
            Assert.All(shares.Zip(weights), p => Assert.InRange(p.First, 0m, p.Second));
            Assert.All(shares, s => Assert.Equal(s, decimal.Round(s, 2)));
        }
    }
}
