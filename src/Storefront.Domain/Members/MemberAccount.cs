using Storefront.Domain.Common;

namespace Storefront.Domain.Members;

/// <summary>
/// A shopper's standing in the store's member programme: tier, growth value (recomputed from completed orders in the
/// rolling window) and points balance. The balance is the sum of the ledger (<see cref="PointsEntry"/>); spending takes
/// it with a conditional UPDATE (balance ≥ n), so two parallel checkouts cannot spend the same points.
/// </summary>
public sealed class MemberAccount : ITenantOwned
{
    private MemberAccount()
    {
    }

    public Guid TenantId { get; private set; }

    public Guid ShopperId { get; private set; }

    public Guid? TierId { get; private set; }

    public decimal Growth { get; private set; }

    public int PointsBalance { get; private set; }

    public DateTimeOffset? TierChangedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public static MemberAccount Open(Guid tenantId, Guid shopperId, DateTimeOffset now) =>
        new() { TenantId = tenantId, ShopperId = shopperId, UpdatedAt = now };

    /// <summary>Sets the growth value and moves the tier up or down to match. True when the tier changed.</summary>
    public bool Regrade(decimal growth, IReadOnlyList<MemberTier> tiers, DateTimeOffset now)
    {
        Growth = growth;
        UpdatedAt = now;
        var tier = MemberTier.For(growth, tiers)?.Id;
        if (tier == TierId)
        {
            return false;
        }

        (TierId, TierChangedAt) = (tier, now);
        return true;
    }
}
