namespace Storefront.Domain.Pricing;

/// <summary>
/// Splits an order-level amount (a 满减, a coupon, points) over lines in proportion to their weights, to the cent, by
/// the largest-remainder method: each line gets its proportional share rounded down to the cent, and the cents left
/// over go one by one to the lines with the largest remainders (ties: the earlier line). The shares always sum to the
/// amount exactly, and no line gets more than its weight.
/// </summary>
public static class Allocation
{
    public static decimal[] LargestRemainder(decimal amount, IReadOnlyList<decimal> weights)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(amount);
        var shares = new decimal[weights.Count];
        var total = weights.Sum();
        if (amount == 0 || total <= 0)
        {
            return shares;
        }

        if (amount > total)
        {
            throw new ArgumentOutOfRangeException(nameof(amount), "An amount larger than what it is spread over cannot be allocated.");
        }

        var cents = decimal.ToInt64(amount * 100);
        var remainders = new (decimal Remainder, int Index)[weights.Count];
        long given = 0;
        for (var i = 0; i < weights.Count; i++)
        {
            var exact = cents * weights[i] / total;
            var floor = decimal.Floor(exact);
            shares[i] = floor / 100;
            given += decimal.ToInt64(floor);
            remainders[i] = (exact - floor, i);
        }

        foreach (var (_, index) in remainders.OrderByDescending(r => r.Remainder).ThenBy(r => r.Index).Take((int)(cents - given)))
        {
            shares[index] += 0.01m;
        }

        return shares;
    }
}
