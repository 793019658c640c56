using Storefront.Domain.Common;
using Storefront.Domain.Pricing;

namespace Storefront.Domain.Promotions;

/// <summary>What an operator enters for a 限时折扣.</summary>
public sealed record ItemDiscountDraft(
    string Name,
    ItemDiscountKind Kind,
    decimal Value,
    IReadOnlyList<Guid>? ProductIds,
    IReadOnlyList<Guid>? SkuIds,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt);

/// <summary>
/// 限时折扣: a rate (0.80 = 8折) or a fixed price on chosen products or SKUs between two times. The pricing engine takes the
/// lowest live price for a line (<see cref="ToRule"/>).
/// </summary>
public sealed class ItemDiscount : ITenantOwned
{
    private ItemDiscount()
    {
    }

    public Guid TenantId { get; private set; }

    public Guid Id { get; private set; }

    public string Name { get; private set; } = "";

    public ItemDiscountKind Kind { get; private set; }

    public decimal Value { get; private set; }

    public List<Guid> ProductIds { get; private set; } = [];

    public List<Guid> SkuIds { get; private set; } = [];

    public DateTimeOffset StartsAt { get; private set; }

    public DateTimeOffset EndsAt { get; private set; }

    public bool IsEnabled { get; private set; } = true;

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public static ItemDiscount Create(Guid tenantId, ItemDiscountDraft draft, DateTimeOffset now)
    {
        var discount = new ItemDiscount { TenantId = tenantId, Id = Guid.CreateVersion7(now), CreatedAt = now };
        discount.Update(draft, now);
        return discount;
    }

    public void Update(ItemDiscountDraft draft, DateTimeOffset now)
    {
        var name = PromotionRules.Name(draft.Name);
        if (draft.Kind == ItemDiscountKind.Rate)
        {
            PromotionRules.Rate(draft.Value, "discount.value");
        }
        else
        {
            PromotionRules.Amount(draft.Value, "discount.value", "活动价");
        }

        PromotionRules.Period(draft.StartsAt, draft.EndsAt);
        var products = (draft.ProductIds ?? []).Distinct().ToList();
        var skus = (draft.SkuIds ?? []).Distinct().ToList();
        if (products.Count + skus.Count == 0)
        {
            throw new DomainException("discount.scope", "请选择参加折扣的商品或 SKU。");
        }

        if (products.Count + skus.Count > PromotionRules.MaxScopeIds)
        {
            throw new DomainException("discount.scope", $"一个活动最多 {PromotionRules.MaxScopeIds} 个商品或 SKU。");
        }

        (Name, Kind, Value, ProductIds, SkuIds, StartsAt, EndsAt, UpdatedAt) =
            (name, draft.Kind, draft.Value, products, skus, draft.StartsAt, draft.EndsAt, now);
    }

    public void SetEnabled(bool enabled, DateTimeOffset now) => (IsEnabled, UpdatedAt) = (enabled, now);

    public ItemDiscountRule ToRule() => new(Id, Name, Kind, Value, ProductIds.ToHashSet(), SkuIds.ToHashSet(), StartsAt, EndsAt);
}
