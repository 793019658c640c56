using Storefront.Domain.Common;

namespace Storefront.Domain.Tenancy;

/// <summary>One role of one staff account in one store.</summary>
public sealed class StaffRoleAssignment : ITenantOwned
{
    private StaffRoleAssignment()
    {
    }

    public Guid TenantId { get; private set; }

    public Guid StaffId { get; private set; }

    public StoreRole Role { get; private set; }

    public DateTimeOffset GrantedAt { get; private set; }

    public Guid? GrantedBy { get; private set; }

    public static StaffRoleAssignment Grant(Guid tenantId, Guid staffId, StoreRole role, Guid? grantedBy, DateTimeOffset now) => new()
    {
        TenantId = tenantId,
        StaffId = staffId,
        Role = role,
        GrantedBy = grantedBy,
        GrantedAt = now,
    };
}
