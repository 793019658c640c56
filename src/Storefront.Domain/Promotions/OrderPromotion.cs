using Storefront.Domain.Common;
using Storefront.Domain.Pricing;

namespace Storefront.Domain.Promotions;

/// <summary>What an operator enters for a 满减 / 满折.</summary>
public sealed record OrderPromotionDraft(
    string Name,
    OrderPromotionKind Kind,
    ThresholdKind Threshold,
    IReadOnlyList<PromotionTier> Tiers,
    ScopeKind Scope,
    IReadOnlyList<Guid>? ScopeIds,
    bool StacksWithCoupons,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt);

/// <summary>
/// 满减 / 满折: tiers (满200减50, 满300减100; 满2件9折) over the store, categories or products, between two times, and
/// whether it stacks with coupons. Tiers go up: each threshold above the last, each reward better than the last.
/// </summary>
public sealed class OrderPromotion : ITenantOwned
{
    public const int MaxTiers = 5;

    private OrderPromotion()
    {
    }

    public Guid TenantId { get; private set; }

    public Guid Id { get; private set; }

    public string Name { get; private set; } = "";

    public OrderPromotionKind Kind { get; private set; }

    public ThresholdKind Threshold { get; private set; }

    public List<PromotionTier> Tiers { get; private set; } = [];

    public ScopeKind Scope { get; private set; }

    public List<Guid> ScopeIds { get; private set; } = [];

    public bool StacksWithCoupons { get; private set; }

    public DateTimeOffset StartsAt { get; private set; }

    public DateTimeOffset EndsAt { get; private set; }

    public bool IsEnabled { get; private set; } = true;

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public static OrderPromotion Create(Guid tenantId, OrderPromotionDraft draft, DateTimeOffset now)
    {
        var promotion = new OrderPromotion { TenantId = tenantId, Id = Guid.CreateVersion7(now), CreatedAt = now };
        promotion.Update(draft, now);
        return promotion;
    }

    public void Update(OrderPromotionDraft draft, DateTimeOffset now)
    {
        var name = PromotionRules.Name(draft.Name);
        PromotionRules.Period(draft.StartsAt, draft.EndsAt);
        var tiers = (draft.Tiers ?? []).OrderBy(t => t.Threshold).ToList();
        if (tiers.Count is 0 or > MaxTiers)
        {
            throw new DomainException("promotion.tiers", $"请设置 1–{MaxTiers} 档优惠。");
        }

        for (var i = 0; i < tiers.Count; i++)
        {
            var t = tiers[i];
            if (draft.Threshold == ThresholdKind.Amount)
            {
                PromotionRules.Amount(t.Threshold, "promotion.tiers", "门槛金额");
            }
            else if (t.Threshold < 1 || t.Threshold != decimal.Truncate(t.Threshold) || t.Threshold > 999)
            {
                throw new DomainException("promotion.tiers", "件数门槛为 1–999 的整数。");
            }

            if (draft.Kind == OrderPromotionKind.AmountOff)
            {
                PromotionRules.Amount(t.Value, "promotion.tiers", "减免金额");
                if (draft.Threshold == ThresholdKind.Amount && t.Value >= t.Threshold)
                {
                    throw new DomainException("promotion.tiers", "减免金额须小于门槛金额。");
                }
            }
            else
            {
                PromotionRules.Rate(t.Value, "promotion.tiers");
            }

            if (i > 0 && (t.Threshold == tiers[i - 1].Threshold
                || (draft.Kind == OrderPromotionKind.AmountOff ? t.Value <= tiers[i - 1].Value : t.Value >= tiers[i - 1].Value)))
            {
                throw new DomainException("promotion.tiers", "各档门槛不能重复，且门槛越高优惠越大。");
            }
        }

        var ids = PromotionRules.Scope(draft.Scope, draft.ScopeIds);
        (Name, Kind, Threshold, Tiers, Scope, ScopeIds, StacksWithCoupons, StartsAt, EndsAt, UpdatedAt) =
            (name, draft.Kind, draft.Threshold, tiers, draft.Scope, ids, draft.StacksWithCoupons, draft.StartsAt, draft.EndsAt, now);
    }

    public void SetEnabled(bool enabled, DateTimeOffset now) => (IsEnabled, UpdatedAt) = (enabled, now);

    /// <param name="scopeIds">The scope as the engine should see it (categories expanded to their descendants); default: as stored.</param>
    public OrderPromotionRule ToRule(IReadOnlySet<Guid>? scopeIds = null) =>
        new(Id, Name, Kind, Threshold, Tiers, new PromotionScope(Scope, scopeIds ?? ScopeIds.ToHashSet()), StacksWithCoupons, StartsAt, EndsAt);
}
