using Storefront.Domain.Tenancy;
using Storefront.Web.Features.Staff;

namespace Storefront.Web.Tests.Infrastructure;

/// <summary>Staff accounts for tests, granted as the platform console does (GrantStaffRole), with the demo password.</summary>
public static class StaffSeed
{
    public static Task<GrantStaffRole.Result> GrantStaffAsync(this StorefrontApp app, string store, string email, StoreRole role,
        string password = "storefront-demo") =>
        app.SendAsync(store, new GrantStaffRole.Command { Email = email, DisplayName = email.Split('@')[0], Password = password, Role = role });
}
