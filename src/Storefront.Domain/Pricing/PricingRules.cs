namespace Storefront.Domain.Pricing;

/// <summary>
/// What the engine knows about promotions, as plain values: the Promotions and Members entities turn themselves into
/// these (ToRule), the engine never reads a database. Rates are the fraction the shopper pays: 0.80 is 8折 (20 % off).
/// A rule is live at <c>at</c> when StartsAt ≤ at &lt; EndsAt (the end second itself is over).
/// </summary>
public enum ScopeKind
{
    /// <summary>Every product of the store.</summary>
    Store,

    /// <summary>Products in the listed categories (the loader expands a category to its descendants).</summary>
    Categories,

    /// <summary>The listed products.</summary>
    Products,
}

/// <summary>Which lines a promotion or coupon covers.</summary>
public sealed record PromotionScope(ScopeKind Kind, IReadOnlySet<Guid> Ids)
{
    public static readonly PromotionScope WholeStore = new(ScopeKind.Store, new HashSet<Guid>());

    public bool Covers(PricingLine line) => Kind switch
    {
        ScopeKind.Store => true,
        ScopeKind.Categories => line.CategoryId is { } c && Ids.Contains(c),
        ScopeKind.Products => Ids.Contains(line.ProductId),
        _ => false,
    };
}

public enum ItemDiscountKind
{
    /// <summary>The price times a rate (<see cref="ItemDiscountRule.Value"/> = 0.80 is 8折).</summary>
    Rate,

    /// <summary>A fixed promotional price per unit (never above the list price).</summary>
    FixedPrice,
}

/// <summary>限时折扣: a rate or a fixed price on chosen products or SKUs between two times.</summary>
public sealed record ItemDiscountRule(
    Guid Id,
    string Name,
    ItemDiscountKind Kind,
    decimal Value,
    IReadOnlySet<Guid> ProductIds,
    IReadOnlySet<Guid> SkuIds,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt)
{
    public bool IsLiveAt(DateTimeOffset at) => StartsAt <= at && at < EndsAt;

    public bool Covers(PricingLine line) => SkuIds.Contains(line.SkuId) || ProductIds.Contains(line.ProductId);

    public decimal UnitPrice(decimal listPrice) => Kind == ItemDiscountKind.Rate
        ? Common.Money.RoundToCent(listPrice * Value)
        : Math.Min(Value, listPrice);
}

/// <summary>
/// 秒杀: a SKU's flash price in a session, with what is left of its quota and how many this shopper may still buy
/// (<see cref="PerShopperLimit"/> less <see cref="AlreadyBought"/> in orders not cancelled).
/// </summary>
public sealed record FlashPriceRule(
    Guid ItemId,
    Guid SessionId,
    string Name,
    Guid SkuId,
    decimal Price,
    int QuotaLeft,
    int PerShopperLimit,
    int AlreadyBought,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt)
{
    public bool IsLiveAt(DateTimeOffset at) => StartsAt <= at && at < EndsAt;

    public int AllowedFor => Math.Max(0, PerShopperLimit - AlreadyBought);
}

public enum OrderPromotionKind
{
    /// <summary>满减: a tier's value is an amount off.</summary>
    AmountOff,

    /// <summary>满折: a tier's value is the rate paid (0.90 is 9折).</summary>
    Rate,
}

public enum ThresholdKind
{
    /// <summary>满 ¥X: the covered lines' amount (after item promotions) reaches X, inclusive.</summary>
    Amount,

    /// <summary>满 N 件: the covered lines' quantity reaches N.</summary>
    Quantity,
}

public sealed record PromotionTier(decimal Threshold, decimal Value);

/// <summary>满减 / 满折 with tiers, scoped, between two times; <see cref="StacksWithCoupons"/> false: not applied when a coupon is used.</summary>
public sealed record OrderPromotionRule(
    Guid Id,
    string Name,
    OrderPromotionKind Kind,
    ThresholdKind Threshold,
    IReadOnlyList<PromotionTier> Tiers,
    PromotionScope Scope,
    bool StacksWithCoupons,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt)
{
    public bool IsLiveAt(DateTimeOffset at) => StartsAt <= at && at < EndsAt;
}

public enum CouponKind
{
    /// <summary>A fixed amount off (never more than the covered amount).</summary>
    Amount,

    /// <summary>A rate (0.90 is 9折), with an optional cap on the amount off.</summary>
    Rate,
}

/// <summary>
/// A coupon the shopper holds (one claimed instance, unused): its kind and value, minimum spend over the covered lines,
/// scope, validity, and whether it stacks with order promotions (<see cref="Stackable"/> false: exclusive).
/// </summary>
public sealed record CouponOffer(
    Guid ShopperCouponId,
    Guid CouponId,
    string Name,
    CouponKind Kind,
    decimal Value,
    decimal? Cap,
    decimal MinSpend,
    PromotionScope Scope,
    bool Stackable,
    DateTimeOffset ValidFrom,
    DateTimeOffset ValidUntil)
{
    public bool IsValidAt(DateTimeOffset at) => ValidFrom <= at && at < ValidUntil;
}

/// <summary>A member tier's benefits: the rate on ordinary prices (1 = none), free shipping, the points multiplier.</summary>
public sealed record MemberBenefits(Guid TierId, string TierName, decimal DiscountRate, bool FreeShipping, decimal PointsMultiplier);

/// <summary>The store's points redemption: how many points make one yuan, and the most of an order they may pay (percent).</summary>
public sealed record PointsRules(int PointsPerYuan, int CapPercent);

public enum CouponChoiceMode
{
    /// <summary>The engine uses the coupon that makes the order cheapest (or none when none helps).</summary>
    Best,

    /// <summary>No coupon.</summary>
    None,

    /// <summary>The one the shopper picked (<see cref="CouponChoice.ShopperCouponId"/>).</summary>
    Chosen,
}

public sealed record CouponChoice(CouponChoiceMode Mode, Guid? ShopperCouponId = null)
{
    public static readonly CouponChoice Best = new(CouponChoiceMode.Best);
    public static readonly CouponChoice None = new(CouponChoiceMode.None);

    public static CouponChoice Of(Guid shopperCouponId) => new(CouponChoiceMode.Chosen, shopperCouponId);
}

/// <summary>
/// Everything besides the lines that decides a price: the shopper's tier, the live (or, for an operator's preview,
/// scheduled) promotions, the shopper's unused coupons and which to use, and points: balance and how many to use
/// (<see cref="PointsToUse"/> 0: none; <see cref="int.MaxValue"/>: as many as allowed).
/// </summary>
public sealed record PricingContext(
    MemberBenefits? Member,
    IReadOnlyList<ItemDiscountRule> ItemDiscounts,
    IReadOnlyList<FlashPriceRule> FlashPrices,
    IReadOnlyList<OrderPromotionRule> OrderPromotions,
    IReadOnlyList<CouponOffer> Coupons,
    CouponChoice Coupon,
    PointsRules? Points,
    int PointsBalance,
    int PointsToUse)
{
    public static readonly PricingContext None = new(null, [], [], [], [], CouponChoice.None, null, 0, 0);
}
