using Storefront.Domain.Tenancy;

namespace Storefront.Web.Features.Staff;

/// <summary>
/// Words for a store role, from StaffText.resx by a key built from the value (Role_Owner): the class the SDK generates
/// has no property that takes a value. LabelsTests checks that every role has its key in both languages.
/// </summary>
public static class StaffLabels
{
    public static string Role(StoreRole role) =>
        StaffText.ResourceManager.GetString("Role_" + role, StaffText.Culture) ?? ("Role_" + role);
}
