using Storefront.Domain.Common;

namespace Storefront.Domain.Catalog;

/// <summary>What a recommendation list is made from: paid orders (经常一起买) or one visitor's product views in a day (看了又看).</summary>
public enum RecommendationKind
{
    BoughtTogether,
    ViewedTogether,
}

/// <summary>
/// The rule A → B between two products over a set of baskets (a paid order's products, or the products one visitor viewed
/// in a day). With N baskets, n(A) holding A, n(B) holding B and n(AB) holding both: support = n(AB) / N, confidence =
/// n(AB) / n(A), lift = confidence / (n(B) / N) = n(AB)·N / (n(A)·n(B)). Lift above 1: B goes with A more often than
/// B goes with any basket.
/// </summary>
public sealed record AssociationRule(Guid From, Guid To, int Together, decimal Support, decimal Confidence, decimal Lift);

/// <summary>
/// The store's thresholds for keeping a rule (the Owner or an Operator sets them): a rule is kept when its support,
/// confidence and lift all reach theirs. <see cref="Default"/>: 1 % of baskets, 10 % confidence, lift 1.
/// </summary>
public sealed record AssociationThresholds(decimal MinSupport, decimal MinConfidence, decimal MinLift)
{
    public const decimal MaxLift = 1000m;

    public static AssociationThresholds Default { get; } = new(0.01m, 0.1m, 1m);

    /// <summary>Support and confidence are shares in (0, 1]; lift is 0 to <see cref="MaxLift"/>.</summary>
    public bool IsValid => MinSupport is > 0 and <= 1 && MinConfidence is > 0 and <= 1 && MinLift is >= 0 and <= MaxLift;
}

/// <summary>Pairwise association rules (one product → one product) mined from baskets; see <see cref="AssociationRule"/>.</summary>
public static class AssociationRules
{
    /// <summary>The most products of one basket that count (a bigger basket, rare, keeps its first ones): pairs grow with its square.</summary>
    public const int MaxBasketProducts = 50;

    /// <summary>The rules kept per product, best first (lift, then confidence, then baskets together).</summary>
    public const int MaxPerProduct = 12;

    /// <summary>
    /// The rules of <paramref name="baskets"/> that reach <paramref name="thresholds"/>, at most <see cref="MaxPerProduct"/> from
    /// each product, ordered by product then rank. A product twice in one basket counts once; every basket, one product or
    /// more, counts in N. Shares are rounded to 6 places and lift to 4, away from zero.
    /// </summary>
    public static IReadOnlyList<AssociationRule> Mine(IEnumerable<IEnumerable<Guid>> baskets, AssociationThresholds thresholds)
    {
        var total = 0;
        var single = new Dictionary<Guid, int>();
        var pairs = new Dictionary<(Guid, Guid), int>();
        foreach (var basket in baskets)
        {
            total++;
            var items = basket.Distinct().Take(MaxBasketProducts).ToList();
            items.Sort();
            for (var i = 0; i < items.Count; i++)
            {
                single[items[i]] = single.GetValueOrDefault(items[i]) + 1;
                for (var j = i + 1; j < items.Count; j++)
                {
                    pairs[(items[i], items[j])] = pairs.GetValueOrDefault((items[i], items[j])) + 1;
                }
            }
        }

        var rules = new List<AssociationRule>();
        foreach (var ((a, b), together) in pairs)
        {
            foreach (var (from, to) in new[] { (a, b), (b, a) })
            {
                var support = (decimal)together / total;
                var confidence = (decimal)together / single[from];
                var lift = (decimal)together * total / ((decimal)single[from] * single[to]);
                if (support >= thresholds.MinSupport && confidence >= thresholds.MinConfidence && lift >= thresholds.MinLift)
                {
                    rules.Add(new AssociationRule(from, to, together, Round(support, 6), Round(confidence, 6), Round(lift, 4)));
                }
            }
        }

        return [.. rules
            .GroupBy(r => r.From)
            .OrderBy(g => g.Key)
            .SelectMany(g => g.OrderByDescending(r => r.Lift).ThenByDescending(r => r.Confidence).ThenByDescending(r => r.Together).ThenBy(r => r.To)
                .Take(MaxPerProduct))];
    }

    private static decimal Round(decimal value, int places) => decimal.Round(value, places, MidpointRounding.AwayFromZero);
}

/// <summary>A product that may be shown as a recommendation, as it stands now.</summary>
public sealed record RecommendationCandidate(Guid ProductId, bool Listed, bool InStock);

/// <summary>What a shopper may be shown.</summary>
public static class RecommendationFilter
{
    /// <summary>
    /// The first <paramref name="max"/> of <paramref name="ranked"/> (kept in order, each once) that are listed and in stock and
    /// are none of <paramref name="exclude"/> (the product on the page, the cart's products). Applied when a list is shown, not
    /// only when it is computed: a product delisted or sold out since is never offered.
    /// </summary>
    public static IReadOnlyList<RecommendationCandidate> Pick(IEnumerable<RecommendationCandidate> ranked, IReadOnlySet<Guid> exclude, int max)
    {
        var seen = new HashSet<Guid>();
        return [.. ranked.Where(c => c.Listed && c.InStock && !exclude.Contains(c.ProductId) && seen.Add(c.ProductId)).Take(max)];
    }
}

/// <summary>
/// A store's recommendation settings (<see cref="AssociationThresholds"/>, for both kinds) and when its lists were last computed,
/// which lets one app node claim the recomputation (row locked, SKIP LOCKED) and the others skip it. No row: the defaults.
/// </summary>
public sealed class RecommendationSettings : ITenantOwned
{
    private RecommendationSettings()
    {
    }

    public Guid TenantId { get; private set; }

    public decimal MinSupport { get; private set; } = AssociationThresholds.Default.MinSupport;

    public decimal MinConfidence { get; private set; } = AssociationThresholds.Default.MinConfidence;

    public decimal MinLift { get; private set; } = AssociationThresholds.Default.MinLift;

    public DateTimeOffset? ComputedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public AssociationThresholds Thresholds => new(MinSupport, MinConfidence, MinLift);

    public static RecommendationSettings Default(Guid tenantId, DateTimeOffset now) => new() { TenantId = tenantId, UpdatedAt = now };

    /// <summary>Sets the thresholds; refused (domain error recommendations.settings) when one is out of its range.</summary>
    public void Configure(AssociationThresholds thresholds, DateTimeOffset now)
    {
        if (!thresholds.IsValid)
        {
            throw new DomainException("recommendations.settings", "推荐阈值超出允许范围。");
        }

        (MinSupport, MinConfidence, MinLift, UpdatedAt) = (thresholds.MinSupport, thresholds.MinConfidence, thresholds.MinLift, now);
    }

    /// <summary>The store's lists were computed at <paramref name="now"/>.</summary>
    public void Computed(DateTimeOffset now) => ComputedAt = now;
}

/// <summary>One stored rule of a store: the <see cref="Rank"/>-th product to show beside <see cref="ProductId"/> (0 first).</summary>
public sealed class ProductRecommendation : ITenantOwned
{
    private ProductRecommendation()
    {
    }

    public Guid TenantId { get; private set; }

    public RecommendationKind Kind { get; private set; }

    public Guid ProductId { get; private set; }

    public Guid OtherProductId { get; private set; }

    public int Rank { get; private set; }

    public int Together { get; private set; }

    public decimal Support { get; private set; }

    public decimal Confidence { get; private set; }

    public decimal Lift { get; private set; }

    public DateTimeOffset ComputedAt { get; private set; }

    /// <summary>The stored rows of mined <paramref name="rules"/> (ordered by product then rank, as <see cref="AssociationRules.Mine"/> gives them).</summary>
    public static IEnumerable<ProductRecommendation> From(Guid tenantId, RecommendationKind kind, IReadOnlyList<AssociationRule> rules, DateTimeOffset now) =>
        rules.GroupBy(r => r.From).SelectMany(g => g.Select((r, rank) => new ProductRecommendation
        {
            TenantId = tenantId,
            Kind = kind,
            ProductId = r.From,
            OtherProductId = r.To,
            Rank = rank,
            Together = r.Together,
            Support = r.Support,
            Confidence = r.Confidence,
            Lift = r.Lift,
            ComputedAt = now,
        }));
}
