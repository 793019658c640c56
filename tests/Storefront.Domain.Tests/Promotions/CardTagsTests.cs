using Storefront.Domain.Pricing;
using Storefront.Domain.Promotions;

namespace Storefront.Domain.Tests.Promotions;

public sealed class CardTagsTests
{
    private static readonly DateTimeOffset Noon = new(2026, 12, 6, 4, 0, 0, TimeSpan.Zero);
    private static readonly Guid Product = Guid.NewGuid();
    private static readonly Guid Other = Guid.NewGuid();
    private static readonly Guid Category = Guid.NewGuid();

    private static OrderPromotionRule Reduction(PromotionScope scope, DateTimeOffset start, DateTimeOffset end, params PromotionTier[] tiers) =>
        new(Guid.NewGuid(), "满减", OrderPromotionKind.AmountOff, ThresholdKind.Amount, tiers, scope, true, start, end);

    private static PromotionScope Products(params Guid[] ids) => new(ScopeKind.Products, ids.ToHashSet());

    [Fact]
    public void A_running_flash_sale_of_the_product_comes_before_a_reduction_and_a_coupon()
    {
        var tags = new CardTags(
            [new FlashTagSource(new HashSet<Guid> { Product }, Noon.AddHours(-1), Noon.AddHours(1))],
            [Reduction(PromotionScope.WholeStore, Noon.AddDays(-1), Noon.AddDays(1), new PromotionTier(200m, 30m))],
            [new CouponTagSource(PromotionScope.WholeStore, null)]);

        Assert.Equal(CardTagKind.Flash, tags.For(Product, null, Noon)?.Kind);
        Assert.Equal(CardTagKind.Reduction, tags.For(Other, null, Noon)?.Kind);
        // The flash sale is over at its end second: the reduction shows again.
        Assert.Equal(CardTagKind.Reduction, tags.For(Product, null, Noon.AddHours(1))?.Kind);
    }

    [Fact]
    public void A_reduction_names_its_lowest_tier_and_covers_only_its_scope()
    {
        var byCategory = Reduction(new PromotionScope(ScopeKind.Categories, new HashSet<Guid> { Category }), Noon.AddDays(-1), Noon.AddDays(1),
            new PromotionTier(300m, 50m), new PromotionTier(200m, 30m));
        var tags = new CardTags([], [byCategory], []);

        var tag = tags.For(Product, Category, Noon);
        Assert.Equal(CardTagKind.Reduction, tag?.Kind);
        Assert.Equal(new PromotionTier(200m, 30m), tag!.FirstTier);
        Assert.Null(tags.For(Product, Guid.NewGuid(), Noon));
        Assert.Null(tags.For(Product, null, Noon));
    }

    [Fact]
    public void Nothing_shows_before_a_promotion_starts_or_after_it_ends()
    {
        var tags = new CardTags(
            [new FlashTagSource(new HashSet<Guid> { Product }, Noon.AddHours(1), Noon.AddHours(2))],
            [Reduction(Products(Product), Noon.AddHours(3), Noon.AddHours(4), new PromotionTier(200m, 30m))],
            [new CouponTagSource(Products(Product), Noon.AddHours(5))]);

        Assert.Equal(CardTagKind.Coupon, tags.For(Product, null, Noon)?.Kind);
        Assert.Equal(CardTagKind.Flash, tags.For(Product, null, Noon.AddHours(1))?.Kind);
        Assert.Equal(CardTagKind.Coupon, tags.For(Product, null, Noon.AddHours(2))?.Kind);
        Assert.Equal(CardTagKind.Reduction, tags.For(Product, null, Noon.AddHours(3))?.Kind);
        Assert.Null(tags.For(Product, null, Noon.AddHours(5)));
        Assert.Null(tags.For(Other, null, Noon));
    }

    [Fact]
    public void The_next_change_is_the_first_start_or_end_still_to_come()
    {
        var tags = new CardTags(
            [new FlashTagSource(new HashSet<Guid> { Product }, Noon.AddHours(-1), Noon.AddHours(2))],
            [Reduction(PromotionScope.WholeStore, Noon.AddMinutes(30), Noon.AddDays(1), new PromotionTier(200m, 30m))],
            [new CouponTagSource(PromotionScope.WholeStore, Noon.AddHours(1))]);

        Assert.Equal(Noon.AddMinutes(30), tags.NextChangeAfter(Noon));
        Assert.Equal(Noon.AddHours(1), tags.NextChangeAfter(Noon.AddMinutes(30)));
        Assert.Equal(Noon.AddHours(2), tags.NextChangeAfter(Noon.AddHours(1)));
        Assert.Equal(Noon.AddDays(1), tags.NextChangeAfter(Noon.AddHours(2)));
        Assert.Null(tags.NextChangeAfter(Noon.AddDays(1)));
        Assert.Null(CardTags.None.NextChangeAfter(Noon));
    }
}
