using Storefront.Domain.Common;

namespace Storefront.Domain.Members;

/// <summary>
/// 会员价: what one unit costs a member of a tier at a list price, as the pricing engine charges it when no 限时折扣 or
/// 秒杀 price applies (the rate on the list price, rounded to the cent half away from zero; a rate of 1 or more: none).
/// The catalog pages show it to a signed-in member (docs/decisions/0028-signed-in-pages-cached.md).
/// </summary>
public static class MemberPrice
{
    /// <summary>The member's unit price, or null when the tier gives nothing off this price.</summary>
    public static decimal? Of(decimal listPrice, decimal discountRate)
    {
        if (discountRate is >= 1m or <= 0m)
        {
            return null;
        }

        var price = Money.RoundToCent(listPrice * discountRate);
        return price < listPrice ? price : null;
    }
}
