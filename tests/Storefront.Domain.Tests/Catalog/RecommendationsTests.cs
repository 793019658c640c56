using Storefront.Domain.Catalog;
using Storefront.Domain.Common;

namespace Storefront.Domain.Tests.Catalog;

/// <summary>
/// Rules mined from five baskets computed by hand: {A,B} {A,B,C} {A,C} {B} {A,B}. N = 5, n(A) = 4, n(B) = 4, n(C) = 2,
/// n(AB) = 3, n(AC) = 2, n(BC) = 1.
/// </summary>
public sealed class RecommendationsTests
{
    private static readonly Guid A = new("00000000-0000-0000-0000-00000000000a");
    private static readonly Guid B = new("00000000-0000-0000-0000-00000000000b");
    private static readonly Guid C = new("00000000-0000-0000-0000-00000000000c");

    private static readonly Guid[][] Baskets = [[A, B], [A, B, C], [A, C], [B], [B, A]];

    private static readonly AssociationThresholds Everything = new(0.000001m, 0.000001m, 0m);

    [Fact]
    public void Support_confidence_and_lift_match_a_hand_computation()
    {
        var rules = AssociationRules.Mine(Baskets, Everything).ToDictionary(r => (r.From, r.To));

        Assert.Equal(6, rules.Count);
        // A → B: 3/5 of baskets, 3 of A's 4, lift 3·5 / (4·4) = 0.9375 (B goes with A a little less than with any basket)
        Assert.Equal(new AssociationRule(A, B, 3, 0.6m, 0.75m, 0.9375m), rules[(A, B)]);
        Assert.Equal(new AssociationRule(B, A, 3, 0.6m, 0.75m, 0.9375m), rules[(B, A)]);
        // A → C: 2/5, 2 of 4, lift 2·5 / (4·2) = 1.25; C → A: both of C's baskets hold A
        Assert.Equal(new AssociationRule(A, C, 2, 0.4m, 0.5m, 1.25m), rules[(A, C)]);
        Assert.Equal(new AssociationRule(C, A, 2, 0.4m, 1m, 1.25m), rules[(C, A)]);
        // B → C: 1/5, 1 of 4, lift 1·5 / (4·2) = 0.625
        Assert.Equal(new AssociationRule(B, C, 1, 0.2m, 0.25m, 0.625m), rules[(B, C)]);
        Assert.Equal(new AssociationRule(C, B, 1, 0.2m, 0.5m, 0.625m), rules[(C, B)]);
    }

    [Fact]
    public void A_products_rules_come_best_lift_first()
    {
        var fromA = AssociationRules.Mine(Baskets, Everything).Where(r => r.From == A).Select(r => r.To);

        Assert.Equal([C, B], fromA);
    }

    [Fact]
    public void Each_threshold_drops_the_rules_below_it_and_keeps_those_at_it()
    {
        Assert.Equal([(A, C), (C, A)], Pairs(new AssociationThresholds(0.01m, 0.1m, 1m)));             // lift ≥ 1
        Assert.Equal([(A, B), (B, A)], Pairs(new AssociationThresholds(0.6m, 0.000001m, 0m)));          // support ≥ 0.6
        Assert.Equal([(A, B), (B, A), (C, A)], Pairs(new AssociationThresholds(0.000001m, 0.75m, 0m))); // confidence ≥ 0.75
    }

    [Fact]
    public void A_product_twice_in_a_basket_counts_once_and_shares_are_rounded()
    {
        // N = 3, n(A) = 3, n(B) = 1, n(AB) = 1: confidence A → B = 1/3, lift = 1·3 / (3·1) = 1
        var rules = AssociationRules.Mine([[A, A, B], [A], [A, A]], Everything).ToDictionary(r => (r.From, r.To));

        Assert.Equal(new AssociationRule(A, B, 1, 0.333333m, 0.333333m, 1m), rules[(A, B)]);
        Assert.Equal(new AssociationRule(B, A, 1, 0.333333m, 1m, 1m), rules[(B, A)]);
    }

    [Fact]
    public void No_baskets_or_single_product_baskets_give_no_rules()
    {
        Assert.Empty(AssociationRules.Mine([], Everything));
        Assert.Empty(AssociationRules.Mine([[A], [B]], Everything));
    }

    [Fact]
    public void At_most_twelve_rules_are_kept_per_product()
    {
        var others = Enumerable.Range(1, 20).Select(i => new Guid(i, 0, 0, new byte[8])).ToList();
        var rules = AssociationRules.Mine(others.Select(o => new[] { A, o }), Everything);

        Assert.Equal(AssociationRules.MaxPerProduct, rules.Count(r => r.From == A));
    }

    [Fact]
    public void The_filter_drops_the_product_itself_delisted_and_sold_out_products_and_repeats()
    {
        var d = Guid.NewGuid();
        var e = Guid.NewGuid();
        RecommendationCandidate[] ranked =
        [
            new(A, Listed: true, InStock: true),    // the product on the page
            new(B, Listed: false, InStock: true),   // delisted since the rules were computed
            new(C, Listed: true, InStock: false),   // sold out
            new(d, Listed: true, InStock: true),
            new(d, Listed: true, InStock: true),
            new(e, Listed: true, InStock: true),
        ];

        Assert.Equal([d, e], RecommendationFilter.Pick(ranked, new HashSet<Guid> { A }, 6).Select(c => c.ProductId));
        Assert.Equal([d], RecommendationFilter.Pick(ranked, new HashSet<Guid> { A }, 1).Select(c => c.ProductId));
    }

    [Theory]
    [InlineData(0, 0.1, 1)]
    [InlineData(1.01, 0.1, 1)]
    [InlineData(0.01, 0, 1)]
    [InlineData(0.01, 1.5, 1)]
    [InlineData(0.01, 0.1, -1)]
    [InlineData(0.01, 0.1, 1000.01)]
    public void Thresholds_out_of_range_are_refused(decimal support, decimal confidence, decimal lift)
    {
        var settings = RecommendationSettings.Default(A, DateTimeOffset.UnixEpoch);

        Assert.Equal("recommendations.settings",
            Assert.Throws<DomainException>(() => settings.Configure(new AssociationThresholds(support, confidence, lift), DateTimeOffset.UnixEpoch)).Code);
        Assert.Equal(AssociationThresholds.Default, settings.Thresholds);
    }

    private static (Guid, Guid)[] Pairs(AssociationThresholds thresholds) =>
        [.. AssociationRules.Mine(Baskets, thresholds).Select(r => (r.From, r.To)).OrderBy(p => p.From).ThenBy(p => p.To)];
}
