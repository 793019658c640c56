using System.Security.Claims;

namespace Storefront.Web.Infrastructure.Identity;

/// <summary>The claims a signed-in principal carries, and the cookie schemes they travel in.</summary>
public static class StoreClaims
{
    /// <summary>Shopper cookie: storefront pages and shopper API.</summary>
    public const string ShopperScheme = "Shopper";

    public const string ShopperCookie = ".storefront.shopper";

    /// <summary>Staff cookie: admin area, platform console and their API.</summary>
    public const string StaffScheme = "Staff";

    /// <summary>Chooses one of the two cookies by path.</summary>
    public const string DefaultScheme = "Storefront";

    /// <summary>The store (tenant id) the principal signed in at. Staff roles are those held in that store.</summary>
    public const string Store = "store";

    /// <summary>"shopper" or "staff".</summary>
    public const string Kind = "kind";

    public const string PlatformAdmin = "platform_admin";

    public static Guid? UserId(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;

    public static bool IsStaffScheme(PathString path) =>
        path.StartsWithSegments("/admin") || path.StartsWithSegments("/platform")
        || path.StartsWithSegments("/api/v1/admin") || path.StartsWithSegments("/api/v1/platform")
        || path.StartsWithSegments("/_blazor");
}
