using Microsoft.EntityFrameworkCore;
using Storefront.Domain.Pricing;
using Storefront.Domain.Promotions;
using Storefront.Web.Features.Catalog;
using Storefront.Web.Infrastructure.Caching;
using Storefront.Web.Infrastructure.Data;

namespace Storefront.Web.Features.Promotions;

/// <summary>
/// The promotion tags of product cards (home, category, search, recommendations): the store's enabled 秒杀 sessions,
/// 满减/满折 and claimable coupons that have not ended, read in three small queries once per store into the
/// <see cref="CatalogCache"/> and matched to each card in memory (<see cref="CardTags"/>), never a query per card.
/// A promotion saved, switched on or off commits as a catalog change (<see cref="CatalogChanges.Of"/>), which evicts the
/// cached pages and this value; a start or end by time evicts them on the first request after it (<see cref="CatalogCache.StaleAt"/>).
/// docs/decisions/0031-card-tags-and-member-thresholds.md
/// </summary>
public static class CardPromotions
{
    public static async Task<CardTags> LoadAsync(StorefrontDb db, CatalogCache cache, DateTimeOffset now, CancellationToken ct)
    {
        var storeId = db.TenantId ?? throw new InvalidOperationException("No store: promotions belong to a store.");
        var categories = await StoreCategories.LoadAsync(db, cache, ct);
        var tags = await cache.GetAsync(storeId, nameof(CardPromotions), c => ReadAsync(db, categories, now, c), ct);
        if (tags.NextChangeAfter(now) is { } next)
        {
            cache.StaleAt(storeId, next);
        }

        return tags;
    }

    private static async Task<CardTags> ReadAsync(StorefrontDb db, StoreCategories categories, DateTimeOffset now, CancellationToken ct)
    {
        var flash = await db.FlashSales.AsNoTracking().Where(s => s.IsEnabled && s.EndsAt > now)
            .Select(s => new { s.StartsAt, s.EndsAt, Products = s.Items.Select(i => i.ProductId).ToList() })
            .ToListAsync(ct);
        var reductions = await db.OrderPromotions.AsNoTracking().Where(p => p.IsEnabled && p.EndsAt > now).ToListAsync(ct);
        var coupons = await db.Coupons.AsNoTracking()
            .Where(c => c.Claimable && c.IsEnabled && c.Issued < c.TotalQuantity && (c.Validity == CouponValidity.DaysFromClaim || c.ValidUntil > now))
            .Select(c => new { c.Scope, c.ScopeIds, c.ValidUntil })
            .ToListAsync(ct);

        // A category scope covers its subcategories, as the pricing engine sees it (ShopperPricing).
        HashSet<Guid> Expand(ScopeKind kind, List<Guid> ids) => kind == ScopeKind.Categories
            ? [.. ids.SelectMany(id => categories.Find(id) is { } node ? categories.SubtreeIds(node) : [id])]
            : [.. ids];

        return new CardTags(
            [.. flash.Select(f => new FlashTagSource(f.Products.ToHashSet(), f.StartsAt, f.EndsAt))],
            [.. reductions.Select(p => p.ToRule(Expand(p.Scope, p.ScopeIds)))],
            [.. coupons.Select(c => new CouponTagSource(new PromotionScope(c.Scope, Expand(c.Scope, c.ScopeIds)), c.ValidUntil))]);
    }

    /// <summary>The tag's words in the shopper's language: 秒杀, 满200减30 (a reduction's lowest tier), 券.</summary>
    public static string? Text(CardTag? tag) => tag switch
    {
        null => null,
        { Kind: CardTagKind.Reduction, Reduction: { } rule, FirstTier: { } tier } => PricingWords.Terms(PromotionTerms.Of(rule, tier)),
        { Kind: CardTagKind.Flash } => PromotionsText.CardTagFlash,
        _ => PromotionsText.CardTagCoupon,
    };
}
