using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Storefront.Domain.Ordering;
using Storefront.Domain.Pricing;

namespace Storefront.Domain.Tests.Pricing;

/// <summary>
/// The vocabulary of the priced-cart table (<see cref="PricingCaseTests"/>): named ids, lines, rules and the expected
/// breakdown. Every id is derived from a readable name so that adjustments print as "coupon 10.00 减10券".
/// </summary>
public static class PricingCases
{
    public static readonly DateTimeOffset At = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset Before = At.AddDays(-1);
    public static readonly DateTimeOffset After = At.AddDays(1);

    private static readonly ConcurrentDictionary<Guid, string> Names = new();

    public static Guid Id(string name)
    {
        var id = new Guid(MD5.HashData(Encoding.UTF8.GetBytes(name)));
        Names[id] = name;
        return id;
    }

    public static string NameOf(Guid? id) => id is { } g ? Names.GetValueOrDefault(g, g.ToString()) : "-";

    public static string Yuan(decimal amount) => amount.ToString("0.00", CultureInfo.InvariantCulture);

    public static string Show(Adjustment a) => $"{a.Kind} {Yuan(a.Amount)} {NameOf(a.SourceId)}";

    // ---- shipping ----
    public static readonly ShippingTemplate Flat10 = ShippingTemplate.Create(Guid.Empty, new("快递", ShippingFeeKind.Flat, 10m), At);
    public static readonly ShippingTemplate Free99 = ShippingTemplate.Create(Guid.Empty, new("满99包邮", ShippingFeeKind.FreeAbove, 10m, FreeAbove: 99m), At);
    public static readonly ShippingTemplate ByWeight = ShippingTemplate.Create(Guid.Empty, new("顺丰", ShippingFeeKind.ByWeight, 18m, null, 1000, 1000, 8m), At);

    // ---- lines ----

    /// <summary>A line of SKU <paramref name="sku"/> (product <paramref name="product"/>, default: a product of its own).</summary>
    public static PricingLine L(string sku, decimal price, int quantity = 1, string? product = null, string? category = null, int grams = 0) =>
        new(Id("sku:" + sku), Id("product:" + (product ?? sku)), category is null ? null : Id("category:" + category), price, quantity, grams);

    // ---- scopes ----
    public static readonly PromotionScope Store = PromotionScope.WholeStore;

    public static PromotionScope Categories(params string[] names) => new(ScopeKind.Categories, names.Select(n => Id("category:" + n)).ToHashSet());

    public static PromotionScope Products(params string[] names) => new(ScopeKind.Products, names.Select(n => Id("product:" + n)).ToHashSet());

    // ---- rules ----
    public static MemberBenefits Tier(string name, decimal rate, bool freeShipping = false, decimal multiplier = 1m) =>
        new(Id(name), name, rate, freeShipping, multiplier);

    public static ItemDiscountRule RateOff(
        string name, decimal rate, string[]? products = null, string[]? skus = null, DateTimeOffset? from = null, DateTimeOffset? to = null) =>
        new(Id(name), name, ItemDiscountKind.Rate, rate, Set("product:", products), Set("sku:", skus), from ?? Before, to ?? After);

    public static ItemDiscountRule FixedPrice(string name, decimal price, string[]? products = null, string[]? skus = null) =>
        new(Id(name), name, ItemDiscountKind.FixedPrice, price, Set("product:", products), Set("sku:", skus), Before, After);

    public static FlashPriceRule Flash(
        string name, string sku, decimal price, int quotaLeft = 100, int limit = 5, int bought = 0, DateTimeOffset? from = null, DateTimeOffset? to = null) =>
        new(Id(name), Id("session"), name, Id("sku:" + sku), price, quotaLeft, limit, bought, from ?? Before, to ?? After);

    /// <summary>满减 by amount: tiers (threshold, amount off).</summary>
    public static OrderPromotionRule AmountOff(
        string name, (decimal Threshold, decimal Off)[] tiers, PromotionScope? scope = null, bool stacks = true,
        DateTimeOffset? from = null, DateTimeOffset? to = null) =>
        Promotion(name, OrderPromotionKind.AmountOff, ThresholdKind.Amount, tiers, scope, stacks, from, to);

    /// <summary>满N件X折: tiers (quantity, rate paid).</summary>
    public static OrderPromotionRule PiecesRate(string name, (decimal Pieces, decimal Rate)[] tiers, PromotionScope? scope = null, bool stacks = true) =>
        Promotion(name, OrderPromotionKind.Rate, ThresholdKind.Quantity, tiers, scope, stacks, null, null);

    public static OrderPromotionRule Promotion(
        string name, OrderPromotionKind kind, ThresholdKind threshold, (decimal, decimal)[] tiers, PromotionScope? scope = null, bool stacks = true,
        DateTimeOffset? from = null, DateTimeOffset? to = null) =>
        new(Id(name), name, kind, threshold, [.. tiers.Select(t => new PromotionTier(t.Item1, t.Item2))], scope ?? Store, stacks, from ?? Before, to ?? After);

    public static CouponOffer AmountCoupon(
        string name, decimal off, decimal minSpend = 0m, PromotionScope? scope = null, bool stackable = true,
        DateTimeOffset? from = null, DateTimeOffset? until = null) =>
        new(Id(name), Id("definition:" + name), name, CouponKind.Amount, off, null, minSpend, scope ?? Store, stackable, from ?? Before, until ?? After);

    public static CouponOffer RateCoupon(
        string name, decimal rate, decimal? cap = null, decimal minSpend = 0m, PromotionScope? scope = null, bool stackable = true,
        DateTimeOffset? until = null) =>
        new(Id(name), Id("definition:" + name), name, CouponKind.Rate, rate, cap, minSpend, scope ?? Store, stackable, Before, until ?? After);

    public static PointsRules PointsPer(int pointsPerYuan, int capPercent) => new(pointsPerYuan, capPercent);

    public static Expected E(decimal subtotal, decimal discount, decimal shipping, decimal total, params decimal[] paid) =>
        new(subtotal, discount, shipping, total, paid);

    private static HashSet<Guid> Set(string prefix, string[]? names) => [.. (names ?? []).Select(n => Id(prefix + n))];
}

/// <summary>One priced cart: the lines, everything in the pricing context, and what the engine must answer.</summary>
public sealed record PricingCase(string Name, PricingLine[] Lines, Expected? Expect)
{
    public MemberBenefits? Tier { get; init; }

    public ItemDiscountRule[] Discounts { get; init; } = [];

    public FlashPriceRule[] Flash { get; init; } = [];

    public OrderPromotionRule[] Promotions { get; init; } = [];

    public CouponOffer[] Coupons { get; init; } = [];

    public CouponChoice Choice { get; init; } = CouponChoice.Best;

    public PointsRules? Points { get; init; }

    public int Balance { get; init; }

    public int Use { get; init; }

    public ShippingTemplate? Shipping { get; init; }

    public DateTimeOffset At { get; init; } = PricingCases.At;

    /// <summary>Set for a cart the engine must refuse: the message shown to the shopper.</summary>
    public string? Refusal { get; init; }

    public PricingRequest Request => new(Lines, Shipping, At, new PricingContext(Tier, Discounts, Flash, Promotions, Coupons, Choice, Points, Balance, Use));
}

/// <summary>
/// The breakdown expected. Always checked: the totals, each line's paid amount, the order-level adjustments
/// ("kind amount source"), the hints, the coupon used and recommended, points used and their deduction, the shipping
/// waived, the flash items and notes. Checked when given: each line's adjustments, the points usable, the coupon options
/// ("name saving" or "name ✗ reason").
/// </summary>
public sealed record Expected(decimal Subtotal, decimal Discount, decimal Shipping, decimal Total, decimal[] Paid)
{
    public string[] Order { get; init; } = [];

    public string[] Hints { get; init; } = [];

    public string? Coupon { get; init; }

    public string? Recommended { get; init; }

    public int PointsUsed { get; init; }

    public decimal PointsDeduction { get; init; }

    public int? PointsUsable { get; init; }

    public decimal Waived { get; init; }

    /// <summary>Per line, the flash item it got (null: none).</summary>
    public string?[]? FlashItems { get; init; }

    /// <summary>Every line's notes, in line order.</summary>
    public string[] Notes { get; init; } = [];

    public string[][]? LineAdjustments { get; init; }

    public string[]? Options { get; init; }
}
