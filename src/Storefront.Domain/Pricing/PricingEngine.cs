using System.Globalization;
using Storefront.Domain.Common;
using Storefront.Domain.Ordering;

namespace Storefront.Domain.Pricing;

/// <summary>One line of what is being priced: a SKU, its list price and how many.</summary>
public sealed record PricingLine(Guid SkuId, Guid ProductId, Guid? CategoryId, decimal UnitPrice, int Quantity, int WeightGrams = 0);

/// <summary>Kinds of <see cref="Adjustment"/>, in the order the engine applies them.</summary>
public static class AdjustmentKinds
{
    public const string Member = "member";
    public const string ItemDiscount = "item-discount";
    public const string Flash = "flash";
    public const string OrderPromotion = "order-promotion";
    public const string Coupon = "coupon";
    public const string Points = "points";
}

/// <summary>
/// A discount and why: kind (<see cref="AdjustmentKinds"/>), a label for the shopper, the amount, and the promotion,
/// coupon (the shopper's coupon id) or tier it came from.
/// </summary>
public sealed record Adjustment(string Kind, string Label, decimal Amount, Guid? SourceId = null)
{
    /// <summary>The promotion's, coupon's or member tier's own name (store data): with the facts below, a label in any language.</summary>
    public string? Name { get; init; }

    /// <summary>A member adjustment's rate paid (0.95).</summary>
    public decimal? Rate { get; init; }

    /// <summary>A points adjustment's points used.</summary>
    public int? Points { get; init; }

    /// <summary>An order promotion's tier reached.</summary>
    public PromotionTerms? Terms { get; init; }
}

/// <summary>What a 满减/满折 tier says, as facts (满200减50: AmountOff, Amount, 200, 50), so each language can word it.</summary>
public sealed record PromotionTerms(OrderPromotionKind Kind, ThresholdKind Threshold, decimal TierThreshold, decimal TierValue)
{
    public static PromotionTerms Of(OrderPromotionRule promotion, PromotionTier tier) => new(promotion.Kind, promotion.Threshold, tier.Threshold, tier.Value);
}

/// <summary>What a line comes to: list subtotal, each discount applied to it and why, and what the shopper pays for it.</summary>
public sealed record PricedLine(
    Guid SkuId,
    decimal UnitPrice,
    int Quantity,
    decimal Subtotal,
    decimal Discount,
    decimal Paid,
    IReadOnlyList<Adjustment> Adjustments)
{
    /// <summary>The flash-sale item whose price the line got (its quota must be taken when the order is placed).</summary>
    public Guid? FlashItemId { get; init; }

    /// <summary>Why a promotion did not apply to the line, for the shopper (e.g. the flash sale's per-shopper limit).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];
}

/// <summary>A coupon the shopper holds and what it would do for this order: its saving, or why it cannot be used.</summary>
public sealed record CouponOption(Guid ShopperCouponId, string Name, bool Usable, decimal Saving, string? Reason, DateTimeOffset ValidUntil);

/// <summary>A nudge for the shopper about an order promotion: applied ("已享满200减50") or within reach ("再买¥35.00可减50").</summary>
public sealed record PromotionHint(Guid PromotionId, bool Applied, string Text, decimal? AmountToGo = null, int? QuantityToGo = null)
{
    /// <summary>The tier applied, or the next one within reach: with the amount or quantity to go, a hint in any language.</summary>
    public PromotionTerms? Terms { get; init; }
}

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
    int WeightGrams)
{
    /// <summary>The shopper's coupon used (null: none).</summary>
    public Guid? CouponId { get; init; }

    /// <summary>The coupon that makes this order cheapest (null: none helps).</summary>
    public Guid? RecommendedCouponId { get; init; }

    /// <summary>Every coupon the shopper holds, with its saving on this order or why it cannot be used; best first.</summary>
    public IReadOnlyList<CouponOption> CouponOptions { get; init; } = [];

    public IReadOnlyList<PromotionHint> Hints { get; init; } = [];

    public int PointsUsed { get; init; }

    public decimal PointsDeduction { get; init; }

    /// <summary>The most points this order could take (balance, cap and amount considered).</summary>
    public int PointsUsable { get; init; }

    /// <summary>The fee the shipping method would charge that the member's tier waived.</summary>
    public decimal ShippingWaived { get; init; }

    /// <summary>The member tier whose benefits were applied.</summary>
    public Guid? MemberTierId { get; init; }

    /// <summary>The tier's points multiplier (1 without a tier), kept on the order for when points are earned.</summary>
    public decimal PointsMultiplier { get; init; } = 1m;
}

/// <summary>What the engine prices: the lines, the shipping method (none: no fee yet), the moment, and the promotions context.</summary>
public sealed record PricingRequest(IReadOnlyList<PricingLine> Lines, ShippingTemplate? Shipping, DateTimeOffset At, PricingContext? Context = null);

/// <summary>
/// One engine prices carts, checkout previews and placed orders alike, in a fixed order. The rules, written down once:
/// <list type="number">
/// <item>List price.</item>
/// <item>Item stage, per unit, rounded to the cent: a live 秒杀 flash price when the shopper's whole quantity fits the
/// per-shopper limit and the quota left, and is below what the line would pay without it; otherwise the lowest live
/// 限时折扣 price; otherwise the member tier's rate on the ordinary price (a member rate never stacks on an item
/// promotion). Flash-sale lines take no further promotion or coupon (points may pay for them).</item>
/// <item>Order promotions (满减/满折): each covers the lines in its scope not yet claimed; its highest tier reached
/// (thresholds inclusive: exactly ¥200.00 reaches 满200) gives the amount off; the promotion saving most is applied
/// first and claims its lines, then the next among the rest. A line takes at most one order promotion.</item>
/// <item>Coupon: over the lines in its scope (after promotions), when that amount reaches the minimum spend. An
/// exclusive coupon drops every order promotion; a stackable one drops the promotions that do not stack with coupons.
/// With <see cref="CouponChoiceMode.Best"/> the engine prices the order with each usable coupon and with none, and uses
/// the cheapest, goods and shipping together (ties: the coupon expiring first); each option's saving is measured the same
/// way and is negative when using the coupon costs more than it saves (an exclusive coupon dropping a larger 满减).</item>
/// <item>Points: at most the store's cap (percent of the goods amount after the coupon), the balance, and what the shopper
/// asked for; the deduction is in whole cents, the points used are rounded up from it.</item>
/// <item>Shipping: the method's fee on the goods amount after the coupon (before points, with the member rate's saving
/// added back: see MemberRateOff) and the weight; none for a tier with free shipping.</item>
/// </list>
/// Every order-level amount is spread over its lines by <see cref="Allocation.LargestRemainder"/>, so the lines' paid
/// amounts sum to the goods total exactly. Rounding: <see cref="Money.RoundToCent"/> (half away from zero).
/// </summary>
public static class PricingEngine
{
    public static PriceQuote Price(PricingRequest request)
    {
        var context = request.Context ?? PricingContext.None;
        var at = request.At;
        foreach (var l in request.Lines)
        {
            if (l.Quantity <= 0)
            {
                throw new DomainException("pricing.quantity", "数量必须大于 0。");
            }

            if (l.UnitPrice < 0)
            {
                throw new DomainException("pricing.price", "价格不能为负。");
            }
        }

        var items = request.Lines.Select(l => ItemStage(l, context, at)).ToList();
        var offers = context.Coupons.Where(c => c.IsValidAt(at)).ToList();
        var liveCoupons = context.Coupons;

        // Price with each usable coupon and with none; the shopper's choice or the cheapest wins.
        var withNone = Evaluate(request, context, items, null);
        var candidates = offers.Select(o => (Offer: o, State: Evaluate(request, context, items, o))).Where(c => c.State.CouponUsable).ToList();
        // Cheapest by what the shopper pays: a coupon that takes the goods below a free-shipping threshold may cost more than it saves.
        var payableWithNone = Payable(request, context, items, withNone);
        var best = candidates
            .Where(c => Payable(request, context, items, c.State) < payableWithNone)
            .OrderBy(c => Payable(request, context, items, c.State)).ThenBy(c => c.Offer.ValidUntil).ThenBy(c => c.Offer.ShopperCouponId)
            .Select(c => c.State).FirstOrDefault();
        var chosen = context.Coupon.Mode switch
        {
            CouponChoiceMode.Best => best ?? withNone,
            CouponChoiceMode.Chosen => candidates.FirstOrDefault(c => c.Offer.ShopperCouponId == context.Coupon.ShopperCouponId).State
                ?? throw new DomainException(
                    "pricing.coupon",
                    CouponRefusal(liveCoupons, context.Coupon.ShopperCouponId, request, context, items, at),
                    isConflict: true),
            _ => withNone,
        };

        var options = liveCoupons.Select(o =>
            {
                if (!o.IsValidAt(at))
                {
                    return new CouponOption(o.ShopperCouponId, o.Name, false, 0m, at < o.ValidFrom ? "未到使用时间" : "已过期", o.ValidUntil);
                }

                var state = candidates.FirstOrDefault(c => c.Offer.ShopperCouponId == o.ShopperCouponId).State;
                return state is null
                    ? new CouponOption(o.ShopperCouponId, o.Name, false, 0m, Evaluate(request, context, items, o).CouponRefusal, o.ValidUntil)
                    : new CouponOption(o.ShopperCouponId, o.Name, true, payableWithNone - Payable(request, context, items, state), null, o.ValidUntil);
            })
            .OrderByDescending(o => o.Usable).ThenByDescending(o => o.Saving).ThenBy(o => o.ValidUntil).ToList();

        return Finish(request, context, items, chosen) with
        {
            RecommendedCouponId = best?.Coupon?.ShopperCouponId,
            CouponOptions = options,
        };
    }

    private static string CouponRefusal(
        IReadOnlyList<CouponOffer> coupons, Guid? id, PricingRequest request, PricingContext context, List<ItemLine> items, DateTimeOffset at)
    {
        var offer = coupons.FirstOrDefault(c => c.ShopperCouponId == id);
        if (offer is null)
        {
            return "这张优惠券不可用（已使用或不属于你）。";
        }

        if (!offer.IsValidAt(at))
        {
            return at < offer.ValidFrom ? "这张优惠券还未到使用时间。" : "这张优惠券已过期。";
        }

        return Evaluate(request, context, items, offer).CouponRefusal ?? "这张优惠券不可用。";
    }

    /// <summary>A line after the item stage: its unit price, what it saved and why, and whether later stages may touch it.</summary>
    private sealed record ItemLine(
        PricingLine Line, decimal ListSubtotal, decimal Amount, IReadOnlyList<Adjustment> Adjustments, Guid? FlashItemId, IReadOnlyList<string> Notes)
    {
        public bool TakesOrderDiscounts => FlashItemId is null;
    }

    private static ItemLine ItemStage(PricingLine line, PricingContext context, DateTimeOffset at)
    {
        var list = Money.RoundToCent(line.UnitPrice * line.Quantity);
        var notes = new List<string>();
        var flash = context.FlashPrices.FirstOrDefault(f => f.SkuId == line.SkuId && f.IsLiveAt(at));
        if (flash is not null)
        {
            if (line.Quantity > flash.AllowedFor)
            {
                notes.Add(flash.AllowedFor == 0
                    ? string.Create(CultureInfo.InvariantCulture, $"秒杀每人限购 {flash.PerShopperLimit} 件，你已买过，按原价计。")
                    : string.Create(CultureInfo.InvariantCulture, $"秒杀每人限购 {flash.PerShopperLimit} 件，超出按原价计：请改为 {flash.AllowedFor} 件以享秒杀价。"));
            }
            else if (line.Quantity > flash.QuotaLeft)
            {
                notes.Add(flash.QuotaLeft == 0 ? "秒杀已抢光，按原价计。" : string.Create(CultureInfo.InvariantCulture, $"秒杀仅剩 {flash.QuotaLeft} 件，超出按原价计。"));
            }
            else
            {
                // The flash price only when it beats what the line would pay without it (a 限时折扣 or the member price may be lower).
                var paid = Money.RoundToCent(flash.Price * line.Quantity);
                var ordinary = Ordinary(line, context, at, list, notes);
                return paid < ordinary.Amount
                    ? new ItemLine(
                        line, list, paid, [new Adjustment(AdjustmentKinds.Flash, $"秒杀：{flash.Name}", list - paid, flash.ItemId) { Name = flash.Name }],
                        flash.ItemId, notes)
                    : ordinary;
            }
        }

        return Ordinary(line, context, at, list, notes);
    }

    /// <summary>The line without a flash price: the lowest live 限时折扣, else the member rate, else the list price.</summary>
    private static ItemLine Ordinary(PricingLine line, PricingContext context, DateTimeOffset at, decimal list, List<string> notes)
    {
        var discount = context.ItemDiscounts
            .Where(d => d.IsLiveAt(at) && d.Covers(line))
            .Select(d => (Rule: d, Unit: d.UnitPrice(line.UnitPrice)))
            .Where(d => d.Unit < line.UnitPrice)
            .OrderBy(d => d.Unit).ThenBy(d => d.Rule.Id)
            .FirstOrDefault();
        if (discount.Rule is not null)
        {
            var paid = Money.RoundToCent(discount.Unit * line.Quantity);
            var adjustment = new Adjustment(AdjustmentKinds.ItemDiscount, $"限时折扣：{discount.Rule.Name}", list - paid, discount.Rule.Id)
            {
                Name = discount.Rule.Name,
            };
            return new ItemLine(line, list, paid, [adjustment], null, notes);
        }

        if (context.Member is { DiscountRate: < 1m } member)
        {
            var unit = Money.RoundToCent(line.UnitPrice * member.DiscountRate);
            var paid = Money.RoundToCent(unit * line.Quantity);
            if (paid < list)
            {
                var adjustment = new Adjustment(
                    AdjustmentKinds.Member, $"{member.TierName}会员价 {Rate(member.DiscountRate)}", list - paid, member.TierId)
                {
                    Name = member.TierName,
                    Rate = member.DiscountRate,
                };
                return new ItemLine(line, list, paid, [adjustment], null, notes);
            }
        }

        return new ItemLine(line, list, list, [], null, notes);
    }

    /// <summary>The order after order promotions and one coupon (or none): line amounts, their adjustments, and hints.</summary>
    private sealed class State
    {
        public required decimal[] Amounts { get; init; }

        public required List<Adjustment>[] LineAdjustments { get; init; }

        public List<Adjustment> OrderAdjustments { get; } = [];

        public List<PromotionHint> Hints { get; } = [];

        public CouponOffer? Coupon { get; set; }

        public bool CouponUsable { get; set; }

        public string? CouponRefusal { get; set; }

        public decimal GoodsAmount => Amounts.Sum();
    }

    private static State Evaluate(PricingRequest request, PricingContext context, List<ItemLine> items, CouponOffer? coupon)
    {
        var at = request.At;
        var state = new State
        {
            Amounts = [.. items.Select(i => i.Amount)],
            LineAdjustments = [.. items.Select(i => new List<Adjustment>(i.Adjustments))],
        };

        var live = context.OrderPromotions.Where(p => p.IsLiveAt(at) && p.Tiers.Count > 0).ToList();
        var promotions = coupon is null ? live : coupon.Stackable ? [.. live.Where(p => p.StacksWithCoupons)] : [];
        var claimed = items.Select(i => !i.TakesOrderDiscounts).ToArray();
        var claimedBy = new Dictionary<Guid, List<int>>();
        var remaining = promotions.ToList();
        while (remaining.Count > 0)
        {
            var pick = remaining
                .Select(p => (Promotion: p, Covered: Covered(items, claimed, p.Scope)))
                .Select(p => (p.Promotion, p.Covered, Outcome: Reach(p.Promotion, p.Covered, state.Amounts, items)))
                .Where(p => p.Outcome.Discount > 0)
                .OrderByDescending(p => p.Outcome.Discount).ThenBy(p => p.Promotion.Id)
                .FirstOrDefault();
            if (pick.Promotion is null)
            {
                break;
            }

            var label = $"{pick.Promotion.Name}：{Describe(pick.Promotion, pick.Outcome.Tier!)}";
            Apply(state, pick.Covered, pick.Outcome.Discount, new Adjustment(AdjustmentKinds.OrderPromotion, label, 0m, pick.Promotion.Id)
            {
                Name = pick.Promotion.Name,
                Terms = PromotionTerms.Of(pick.Promotion, pick.Outcome.Tier!),
            });
            foreach (var i in pick.Covered)
            {
                claimed[i] = true;
            }

            claimedBy[pick.Promotion.Id] = pick.Covered;

            remaining.Remove(pick.Promotion);
        }

        // Hints: each live promotion applied ("已享…") or the next tier within reach ("再买…").
        foreach (var promotion in promotions)
        {
            var applied = state.OrderAdjustments.FirstOrDefault(a => a.SourceId == promotion.Id);
            // The lines it claimed, also those whose share of the amount off rounded to nothing.
            var covered = applied is not null ? claimedBy[promotion.Id] : Covered(items, claimed, promotion.Scope);
            if (applied is not null)
            {
                state.Hints.Add(new PromotionHint(promotion.Id, true, $"已享{applied.Label.Split('：').Last()}") { Terms = applied.Terms });
            }

            if (covered.Count == 0 && applied is null)
            {
                continue;
            }

            var amount = covered.Sum(i => items[i].Amount);
            var quantity = covered.Sum(i => items[i].Line.Quantity);
            var next = promotion.Tiers.OrderBy(t => t.Threshold)
                .FirstOrDefault(t => promotion.Threshold == ThresholdKind.Amount ? t.Threshold > amount : t.Threshold > quantity);
            if (next is null)
            {
                continue;
            }

            var reward = promotion.Kind == OrderPromotionKind.AmountOff ? $"可减{Plain(next.Value)}" : $"享{Rate(next.Value)}";
            var hint = promotion.Threshold == ThresholdKind.Amount
                ? new PromotionHint(promotion.Id, false, $"再买¥{Yuan(next.Threshold - amount)}{reward}", AmountToGo: next.Threshold - amount)
                : new PromotionHint(
                    promotion.Id,
                    false,
                    string.Create(CultureInfo.InvariantCulture, $"再买{(int)(next.Threshold - quantity)}件{reward}"),
                    QuantityToGo: (int)(next.Threshold - quantity));
            state.Hints.Add(hint with { Terms = PromotionTerms.Of(promotion, next) });
        }

        if (coupon is not null)
        {
            state.Coupon = coupon;
            var covered = Enumerable.Range(0, items.Count).Where(i => items[i].TakesOrderDiscounts && coupon.Scope.Covers(items[i].Line)).ToList();
            var baseAmount = covered.Sum(i => state.Amounts[i]);
            if (covered.Count == 0)
            {
                state.CouponRefusal = "订单中没有这张券适用的商品。";
            }
            else if (baseAmount < coupon.MinSpend)
            {
                state.CouponRefusal = $"适用商品满¥{Yuan(coupon.MinSpend)}可用，还差¥{Yuan(coupon.MinSpend - baseAmount)}。";
            }
            else
            {
                var off = coupon.Kind == CouponKind.Amount
                    ? Math.Min(coupon.Value, baseAmount)
                    : baseAmount - Money.RoundToCent(baseAmount * coupon.Value);
                if (coupon.Cap is { } cap)
                {
                    off = Math.Min(off, cap);
                }

                if (off <= 0)
                {
                    state.CouponRefusal = "这张优惠券对本单没有优惠。";
                }
                else
                {
                    Apply(state, covered, off, new Adjustment(AdjustmentKinds.Coupon, $"优惠券：{coupon.Name}", 0m, coupon.ShopperCouponId)
                    {
                        Name = coupon.Name,
                    });
                    state.CouponUsable = true;
                }
            }
        }

        return state;
    }

    private static PriceQuote Finish(PricingRequest request, PricingContext context, List<ItemLine> items, State state)
    {
        // Points, over every line (flash lines included), capped by the store's percent of the goods amount.
        var goodsBeforePoints = state.GoodsAmount;
        var pointsUsed = 0;
        var deduction = 0m;
        var usable = 0;
        if (context.Points is { PointsPerYuan: > 0 } rules && context.PointsBalance > 0 && goodsBeforePoints > 0)
        {
            var cap = FloorCent(goodsBeforePoints * rules.CapPercent / 100m);
            var byBalance = FloorCent((decimal)context.PointsBalance / rules.PointsPerYuan);
            var most = Math.Min(cap, byBalance);
            usable = (int)decimal.Ceiling(most * rules.PointsPerYuan);
            var wanted = FloorCent((decimal)Math.Max(0, context.PointsToUse) / rules.PointsPerYuan);
            deduction = Math.Min(most, wanted);
            if (deduction > 0)
            {
                pointsUsed = (int)decimal.Ceiling(deduction * rules.PointsPerYuan);
                var all = Enumerable.Range(0, state.Amounts.Length).ToList();
                var label = string.Create(CultureInfo.InvariantCulture, $"积分抵扣（{pointsUsed} 积分）");
                Apply(state, all, deduction, new Adjustment(AdjustmentKinds.Points, label, 0m) { Points = pointsUsed });
            }
        }

        var lines = request.Lines.Select((l, i) =>
        {
            var subtotal = Money.RoundToCent(l.UnitPrice * l.Quantity);
            return new PricedLine(l.SkuId, l.UnitPrice, l.Quantity, subtotal, subtotal - state.Amounts[i], state.Amounts[i], state.LineAdjustments[i])
            {
                FlashItemId = items[i].FlashItemId,
                Notes = items[i].Notes,
            };
        }).ToList();

        var weight = request.Lines.Sum(l => l.WeightGrams * l.Quantity);
        var fee = lines.Count == 0 || request.Shipping is null ? 0m : request.Shipping.FeeFor(goodsBeforePoints + MemberRateOff(items), weight);
        var waived = context.Member is { FreeShipping: true } ? fee : 0m;
        var subtotalAll = lines.Sum(l => l.Subtotal);
        var goods = state.GoodsAmount;
        return new PriceQuote(lines, state.OrderAdjustments, subtotalAll, subtotalAll - goods, fee - waived, goods + fee - waived, weight)
        {
            CouponId = state.CouponUsable ? state.Coupon!.ShopperCouponId : null,
            Hints = state.Hints,
            PointsUsed = pointsUsed,
            PointsDeduction = deduction,
            PointsUsable = usable,
            ShippingWaived = waived,
            MemberTierId = context.Member?.TierId,
            PointsMultiplier = context.Member?.PointsMultiplier ?? 1m,
        };
    }

    /// <summary>What the shopper would pay for the goods and shipping (before points) in <paramref name="state"/>.</summary>
    private static decimal Payable(PricingRequest request, PricingContext context, List<ItemLine> items, State state)
    {
        var fee = request.Lines.Count == 0 || request.Shipping is null || context.Member is { FreeShipping: true }
            ? 0m
            : request.Shipping.FeeFor(state.GoodsAmount + MemberRateOff(items), request.Lines.Sum(l => l.WeightGrams * l.Quantity));
        return state.GoodsAmount + fee;
    }

    /// <summary>
    /// What the member rate took off the lines. A free-shipping threshold is judged on the goods amount with this added
    /// back, so the rate never costs a member the free shipping a non-member gets for the same cart (issue 17: 50.00 × 2
    /// at 95 % was 95.00 + 10.00 shipping against 100.00 shipped free). docs/decisions/0026-member-rate-and-free-shipping.md
    /// </summary>
    private static decimal MemberRateOff(List<ItemLine> items) =>
        items.Sum(i => i.Adjustments.Where(a => a.Kind == AdjustmentKinds.Member).Sum(a => a.Amount));

    /// <summary>Takes <paramref name="amount"/> off the covered lines (largest remainder), records it on each and on the order.</summary>
    private static void Apply(State state, IReadOnlyList<int> covered, decimal amount, Adjustment adjustment)
    {
        var shares = Allocation.LargestRemainder(amount, [.. covered.Select(i => state.Amounts[i])]);
        for (var k = 0; k < covered.Count; k++)
        {
            var i = covered[k];
            state.Amounts[i] -= shares[k];
            if (shares[k] > 0)
            {
                state.LineAdjustments[i].Add(adjustment with { Amount = shares[k] });
            }
        }

        state.OrderAdjustments.Add(adjustment with { Amount = amount });
    }

    private static List<int> Covered(List<ItemLine> items, bool[] claimed, PromotionScope scope) =>
        [.. Enumerable.Range(0, items.Count).Where(i => !claimed[i] && scope.Covers(items[i].Line))];

    private static (decimal Discount, PromotionTier? Tier) Reach(OrderPromotionRule promotion, List<int> covered, decimal[] amounts, List<ItemLine> items)
    {
        if (covered.Count == 0)
        {
            return (0m, null);
        }

        var amount = covered.Sum(i => amounts[i]);
        var quantity = covered.Sum(i => items[i].Line.Quantity);
        var tier = promotion.Tiers
            .Where(t => promotion.Threshold == ThresholdKind.Amount ? amount >= t.Threshold : quantity >= t.Threshold)
            .OrderByDescending(t => t.Threshold).FirstOrDefault();
        if (tier is null)
        {
            return (0m, null);
        }

        var off = promotion.Kind == OrderPromotionKind.AmountOff
            ? Math.Min(tier.Value, amount)
            : amount - Money.RoundToCent(amount * tier.Value);
        return (off, tier);
    }

    /// <summary>"满200减50", "满2件9折", "满300打8折" (without 打 an amount runs into the rate: "满3008折").</summary>
    public static string Describe(OrderPromotionRule promotion, PromotionTier tier)
    {
        var threshold = promotion.Threshold == ThresholdKind.Amount ? $"满{Plain(tier.Threshold)}" : $"满{Plain(tier.Threshold)}件";
        return promotion.Kind == OrderPromotionKind.AmountOff ? $"{threshold}减{Plain(tier.Value)}"
            : promotion.Threshold == ThresholdKind.Amount ? $"{threshold}打{Rate(tier.Value)}" : $"{threshold}{Rate(tier.Value)}";
    }

    /// <summary>0.9 → "9折", 0.85 → "8.5折".</summary>
    public static string Rate(decimal rate) => $"{Plain(rate * 10)}折";

    private static string Yuan(decimal value) => value.ToString("0.00", CultureInfo.InvariantCulture);

    private static string Plain(decimal value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static decimal FloorCent(decimal amount) => decimal.Floor(amount * 100) / 100;
}
