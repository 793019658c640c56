using System.Globalization;
using Storefront.Domain.Pricing;

namespace Storefront.Web.Features.Promotions;

/// <summary>
/// The pricing engine's discounts and hints in the shopper's language (PromotionsText), from the facts each carries
/// (name, rate, points, tier). The engine's own Chinese label is the fallback for an adjustment kept without them (orders
/// placed before the facts were kept).
/// </summary>
public static class PricingWords
{
    public static string Label(Adjustment a) => a switch
    {
        { Kind: AdjustmentKinds.Member, Name: { } tier, Rate: { } rate } =>
            Format(PromotionsText.AdjustmentMember, tier, Plain(rate * 10), Plain((1 - rate) * 100)),
        { Kind: AdjustmentKinds.ItemDiscount, Name: { } name } => Format(PromotionsText.AdjustmentItemDiscount, name),
        { Kind: AdjustmentKinds.Flash, Name: { } name } => Format(PromotionsText.AdjustmentFlash, name),
        { Kind: AdjustmentKinds.OrderPromotion, Name: { } name, Terms: { } terms } => Format(PromotionsText.AdjustmentOrderPromotion, name, Terms(terms)),
        { Kind: AdjustmentKinds.Coupon, Name: { } name } => Format(PromotionsText.AdjustmentCoupon, name),
        { Kind: AdjustmentKinds.Points, Points: { } points } => Format(PromotionsText.AdjustmentPoints, points),
        _ => a.Label,
    };

    /// <summary>已享满200减50, or 凑单: 再买¥35.00可减50 / 再买2件享9折.</summary>
    public static string Hint(PromotionHint hint)
    {
        if (hint.Terms is not { } terms)
        {
            return hint.Text;
        }

        if (hint.Applied)
        {
            return Format(PromotionsText.HintApplied, Terms(terms));
        }

        var off = terms.Kind == OrderPromotionKind.AmountOff;
        var (format, togo) = hint.QuantityToGo is { } units
            ? (off ? PromotionsText.HintUnitsToGo : PromotionsText.HintUnitsToGoRate, units.ToString(CultureInfo.InvariantCulture))
            : (off ? PromotionsText.HintAmountToGo : PromotionsText.HintAmountToGoRate,
                (hint.AmountToGo ?? 0m).ToString("0.00", CultureInfo.InvariantCulture));
        return Format(format, togo, Plain(off ? terms.TierValue : terms.TierValue * 10), Plain((1 - terms.TierValue) * 100));
    }

    /// <summary>满200减30, 满2件减10, 满300打8折, 满2件9折 (and their English).</summary>
    public static string Terms(PromotionTerms t)
    {
        var format = (t.Kind, t.Threshold) switch
        {
            (OrderPromotionKind.AmountOff, ThresholdKind.Amount) => PromotionsText.CardTagAmountOff,
            (OrderPromotionKind.AmountOff, _) => PromotionsText.CardTagUnitsAmountOff,
            (_, ThresholdKind.Amount) => PromotionsText.CardTagRate,
            _ => PromotionsText.CardTagUnitsRate,
        };

        // {0} the threshold, {1} the amount off or the rate as 折 (0.9 → 9), {2} the percent off (0.9 → 10).
        return Format(format, Plain(t.TierThreshold), Plain(t.Kind == OrderPromotionKind.AmountOff ? t.TierValue : t.TierValue * 10),
            Plain((1 - t.TierValue) * 100));
    }

    private static string Format(string format, params object[] args) => string.Format(CultureInfo.CurrentCulture, format, args);

    private static string Plain(decimal value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
