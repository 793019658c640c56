using Storefront.Domain.Pricing;

namespace Storefront.Domain.Promotions;

/// <summary>What a product card's one promotion tag says: 秒杀, a 满减/满折 (with the promotion, for its first tier), or 券.</summary>
public enum CardTagKind
{
    Flash,
    Reduction,
    Coupon,
}

/// <summary>A card's tag; <see cref="Reduction"/> is set for <see cref="CardTagKind.Reduction"/>.</summary>
public sealed record CardTag(CardTagKind Kind, OrderPromotionRule? Reduction = null)
{
    /// <summary>The tier a card names: the lowest (满200减30 of 满200减30 / 满300减50).</summary>
    public PromotionTier? FirstTier => Reduction?.Tiers.OrderBy(t => t.Threshold).FirstOrDefault();
}

/// <summary>An enabled 秒杀 session as cards see it: the products with a SKU in it, and its period.</summary>
public sealed record FlashTagSource(IReadOnlySet<Guid> ProductIds, DateTimeOffset StartsAt, DateTimeOffset EndsAt)
{
    public bool IsLiveAt(DateTimeOffset at) => StartsAt <= at && at < EndsAt;
}

/// <summary>A coupon shoppers can claim: what it covers and until when it is handed out (null: no end).</summary>
public sealed record CouponTagSource(PromotionScope Scope, DateTimeOffset? Until)
{
    public bool IsClaimableAt(DateTimeOffset at) => Until is not { } until || at < until;
}

/// <summary>
/// The promotion tag of each product card, decided in memory from the store's few enabled promotions (loaded once, then
/// matched against every card): a running 秒杀 of the product first, then a running 满减/满折 covering it (the one that
/// started first), then a coupon that can be claimed for it. Scopes come as the pricing engine sees them (a category scope
/// already widened to its subcategories). A promotion not yet started or already ended gives no tag, so one value serves
/// until the promotions change; <see cref="NextChangeAfter"/> says when a tag next appears or goes by time alone.
/// </summary>
public sealed class CardTags(IReadOnlyList<FlashTagSource> flashSales, IReadOnlyList<OrderPromotionRule> reductions, IReadOnlyList<CouponTagSource> coupons)
{
    public static readonly CardTags None = new([], [], []);

    public CardTag? For(Guid productId, Guid? categoryId, DateTimeOffset at)
    {
        if (flashSales.Any(f => f.IsLiveAt(at) && f.ProductIds.Contains(productId)))
        {
            return new CardTag(CardTagKind.Flash);
        }

        var line = new PricingLine(Guid.Empty, productId, categoryId, 0m, 1);
        var reduction = reductions.Where(r => r.IsLiveAt(at) && r.Tiers.Count > 0 && r.Scope.Covers(line))
            .OrderBy(r => r.StartsAt).ThenBy(r => r.Id).FirstOrDefault();
        if (reduction is not null)
        {
            return new CardTag(CardTagKind.Reduction, reduction);
        }

        return coupons.Any(c => c.IsClaimableAt(at) && c.Scope.Covers(line)) ? new CardTag(CardTagKind.Coupon) : null;
    }

    /// <summary>The first moment after <paramref name="at"/> when a promotion starts or ends (a tag may appear or go); null: none.</summary>
    public DateTimeOffset? NextChangeAfter(DateTimeOffset at)
    {
        DateTimeOffset? next = null;
        var moments = flashSales.SelectMany(f => new[] { f.StartsAt, f.EndsAt })
            .Concat(reductions.SelectMany(r => new[] { r.StartsAt, r.EndsAt }))
            .Concat(coupons.Select(c => c.Until).OfType<DateTimeOffset>());
        foreach (var moment in moments)
        {
            if (moment > at && (next is null || moment < next))
            {
                next = moment;
            }
        }

        return next;
    }
}
