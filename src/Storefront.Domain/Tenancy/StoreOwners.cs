namespace Storefront.Domain.Tenancy;

/// <summary>Why taking roles from a staff member is refused.</summary>
public enum OwnerRefusal
{
    /// <summary>An owner may not take their own Owner role: the store would lose them by a slip.</summary>
    OwnOwnerRole,

    /// <summary>The store would be left without an owner.</summary>
    LastOwner,
}

/// <summary>
/// A store always keeps an owner: taking the Owner role from someone (a removal or a change of role) is refused when it is
/// the actor's own, or when no other owner would remain. Callers pass the owners as of a lock on their rows, so two owners
/// demoting each other at the same moment cannot both succeed.
/// </summary>
public static class StoreOwners
{
    public static OwnerRefusal? RefusalToTake(IReadOnlyCollection<Guid> owners, Guid staffId, IEnumerable<StoreRole> rolesTaken, Guid? actorId)
    {
        if (!rolesTaken.Contains(StoreRole.Owner) || !owners.Contains(staffId))
        {
            return null;
        }

        if (staffId == actorId)
        {
            return OwnerRefusal.OwnOwnerRole;
        }

        return owners.Any(o => o != staffId) ? null : OwnerRefusal.LastOwner;
    }
}
