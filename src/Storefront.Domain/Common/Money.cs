namespace Storefront.Domain.Common;

/// <summary>Money rules written down once: decimal amounts, rounded to the cent half away from zero.</summary>
public static class Money
{
    public const decimal MaxAmount = 99_999_999.99m;

    public static decimal RoundToCent(decimal amount) => Math.Round(amount, 2, MidpointRounding.AwayFromZero);

    public static bool HasAtMostTwoDecimals(decimal amount) => amount == decimal.Round(amount, 2);
}
