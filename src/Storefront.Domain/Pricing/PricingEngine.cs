using Storefront.Domain.Common;
using Storefront.Domain.Ordering;

namespace Storefront.Domain.Pricing;

/// <summary>One line of what is being priced: a SKU, its list price and how many.</summary>
public sealed record PricingLine(Guid SkuId, Guid ProductId, Guid? CategoryId, decimal UnitPrice, int Quantity, int WeightGrams = 0);

/// <summary>A discount (or surcharge) and why: kind (member, promotion, flash, order-promotion, coupon, points), a label for the shopper, the amount.</summary>
public sealed record Adjustment(string Kind, string Label, decimal Amount);

/// <summary>What a line comes to: list subtotal, each discount applied to it and why, and what the shopper pays for it.</summary>
public sealed record PricedLine(
    Guid SkuId,
    decimal UnitPrice,
    int Quantity,
    decimal Subtotal,
    decimal Discount,
    decimal Paid,
    IReadOnlyList<Adjustment> Adjustments);

/// <summary>
/// The whole price of a cart, a checkout preview or a placed order, explained: lines, order-level adjustments, and the
/// totals. Invariants: Subtotal − Discount + ShippingFee = Total; the lines' Paid sum to Total − ShippingFee.
/// </summary>
public sealed record PriceQuote(
    IReadOnlyList<PricedLine> Lines,
    IReadOnlyList<Adjustment> OrderAdjustments,
    decimal Subtotal,
    decimal Discount,
    decimal ShippingFee,
    decimal Total,
    int WeightGrams);

/// <summary>What the engine prices: the lines, the shipping method (none: no fee yet), and the moment (promotions are time-bound).</summary>
public sealed record PricingRequest(IReadOnlyList<PricingLine> Lines, ShippingTemplate? Shipping, DateTimeOffset At);

/// <summary>
/// One engine prices carts, checkout previews and placed orders alike, in a fixed order:
/// list price → member price → item promotions (限时折扣, 秒杀) → order promotions (满减/满折) → coupon → points → shipping.
/// This first version applies list prices and shipping; the promotions issue adds its stages here, and every order-level
/// amount goes through <see cref="Allocation.LargestRemainder"/> so each line records exactly what its units cost the
/// shopper (refunds depend on it). Rounding: <see cref="Money.RoundToCent"/>, once per stage.
/// </summary>
public static class PricingEngine
{
    public static PriceQuote Price(PricingRequest request)
    {
        var lines = request.Lines.Select(l =>
        {
            if (l.Quantity <= 0)
            {
                throw new DomainException("pricing.quantity", "数量必须大于 0。");
            }

            var subtotal = Money.RoundToCent(l.UnitPrice * l.Quantity);
            return new PricedLine(l.SkuId, l.UnitPrice, l.Quantity, subtotal, 0m, subtotal, []);
        }).ToList();

        var subtotal = lines.Sum(l => l.Subtotal);
        var discount = lines.Sum(l => l.Discount);
        var goods = subtotal - discount;
        var weight = request.Lines.Sum(l => l.WeightGrams * l.Quantity);
        var shipping = lines.Count == 0 || request.Shipping is null ? 0m : request.Shipping.FeeFor(goods, weight);
        return new PriceQuote(lines, [], subtotal, discount, shipping, goods + shipping, weight);
    }
}
