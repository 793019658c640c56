using Storefront.Domain.Common;
using Storefront.Domain.Pricing;

namespace Storefront.Domain.Members;

public sealed record MemberTierDraft(string Name, decimal GrowthThreshold, decimal DiscountRate, bool FreeShipping, decimal PointsMultiplier);

/// <summary>
/// 会员等级: a name, the growth value that reaches it (yuan paid for completed orders over the store's rolling window),
/// and its benefits: a rate on ordinary prices (1 = none, 0.95 = 95折), free shipping, a points multiplier. The tier
/// with threshold 0 is everyone's to start with.
/// </summary>
public sealed class MemberTier : ITenantOwned
{
    public const int NameMaxLength = 20;
    public const int MaxTiers = 10;

    private MemberTier()
    {
    }

    public Guid TenantId { get; private set; }

    public Guid Id { get; private set; }

    public string Name { get; private set; } = "";

    public decimal GrowthThreshold { get; private set; }

    public decimal DiscountRate { get; private set; } = 1m;

    public bool FreeShipping { get; private set; }

    public decimal PointsMultiplier { get; private set; } = 1m;

    public DateTimeOffset UpdatedAt { get; private set; }

    public static MemberTier Create(Guid tenantId, MemberTierDraft draft, DateTimeOffset now)
    {
        var tier = new MemberTier { TenantId = tenantId, Id = Guid.CreateVersion7(now) };
        tier.Update(draft, now);
        return tier;
    }

    public void Update(MemberTierDraft draft, DateTimeOffset now)
    {
        var name = (draft.Name ?? "").Trim();
        if (name.Length is 0 or > NameMaxLength)
        {
            throw new DomainException("tier.name", $"等级名称不能为空，且不超过 {NameMaxLength} 个字符。");
        }

        if (draft.GrowthThreshold < 0 || draft.GrowthThreshold > Money.MaxAmount || !Money.HasAtMostTwoDecimals(draft.GrowthThreshold))
        {
            throw new DomainException("tier.threshold", "成长值门槛不能为负。");
        }

        if (draft.DiscountRate is <= 0 or > 1 || !Money.HasAtMostTwoDecimals(draft.DiscountRate))
        {
            throw new DomainException("tier.rate", "会员折扣率须大于 0 且不超过 1（1 为不打折，0.95 即 95 折）。");
        }

        if (draft.PointsMultiplier is < 1 or > 10 || decimal.Round(draft.PointsMultiplier, 1) != draft.PointsMultiplier)
        {
            throw new DomainException("tier.multiplier", "积分倍数为 1–10，最多一位小数。");
        }

        (Name, GrowthThreshold, DiscountRate, FreeShipping, PointsMultiplier, UpdatedAt) =
            (name, draft.GrowthThreshold, draft.DiscountRate, draft.FreeShipping, draft.PointsMultiplier, now);
    }

    public MemberBenefits ToBenefits() => new(Id, Name, DiscountRate, FreeShipping, PointsMultiplier);

    /// <summary>The tier a growth value reaches: the one with the highest threshold at or below it (null when the store has none).</summary>
    public static MemberTier? For(decimal growth, IEnumerable<MemberTier> tiers) =>
        tiers.Where(t => t.GrowthThreshold <= growth).OrderByDescending(t => t.GrowthThreshold).FirstOrDefault();
}
