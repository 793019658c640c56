using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Storefront.Domain.Accounts;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Tenancy;

namespace Storefront.Web.Infrastructure.Identity;

internal sealed class ShopperPrincipalFactory(UserManager<Shopper> users, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<Shopper>(users, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(Shopper user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(StoreClaims.Kind, "shopper"));
        identity.AddClaim(new Claim(StoreClaims.Store, user.TenantId.ToString()));
        identity.AddClaim(new Claim(ClaimTypes.GivenName, user.DisplayName));
        return identity;
    }
}

/// <summary>A staff principal carries the roles held in the store it signed in at, and nothing of other stores.</summary>
internal sealed class StaffPrincipalFactory(UserManager<StaffAccount> users, IOptions<IdentityOptions> options, StorefrontDb db, TenantContext tenant)
    : UserClaimsPrincipalFactory<StaffAccount>(users, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(StaffAccount user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(StoreClaims.Kind, "staff"));
        identity.AddClaim(new Claim(ClaimTypes.GivenName, user.DisplayName));
        if (user.IsPlatformAdmin)
        {
            identity.AddClaim(new Claim(StoreClaims.PlatformAdmin, "true"));
        }

        if (tenant.Id is { } storeId)
        {
            identity.AddClaim(new Claim(StoreClaims.Store, storeId.ToString()));
            var roles = await db.StaffRoles.Where(r => r.StaffId == user.Id).Select(r => r.Role).ToListAsync();
            identity.AddClaims(roles.Select(r => new Claim(ClaimTypes.Role, r.ToString())));
        }

        return identity;
    }
}

internal sealed class ShopperSignInManager : SignInManager<Shopper>
{
    public ShopperSignInManager(UserManager<Shopper> users, IHttpContextAccessor http, IUserClaimsPrincipalFactory<Shopper> factory,
        IOptions<IdentityOptions> options, ILogger<SignInManager<Shopper>> logger, IAuthenticationSchemeProvider schemes,
        IUserConfirmation<Shopper> confirmation,
        IEnumerable<IShopperSignInHandler> signedIn)
        : base(users, http, factory, options, logger, schemes, confirmation)
    {
        AuthenticationScheme = StoreClaims.ShopperScheme;
        _signedIn = signedIn;
    }

    private readonly IEnumerable<IShopperSignInHandler> _signedIn;

    /// <summary>Every shopper sign-in (log-in, registration) runs the areas' handlers (Ordering takes the guest cart in).</summary>
    public override async Task SignInWithClaimsAsync(Shopper user, AuthenticationProperties? authenticationProperties, IEnumerable<Claim> additionalClaims)
    {
        await base.SignInWithClaimsAsync(user, authenticationProperties, additionalClaims);
        foreach (var handler in _signedIn)
        {
            await handler.SignedInAsync(Context, user.Id, Context.RequestAborted);
        }
    }
}

internal sealed class StaffSignInManager : SignInManager<StaffAccount>
{
    public StaffSignInManager(UserManager<StaffAccount> users, IHttpContextAccessor http, IUserClaimsPrincipalFactory<StaffAccount> factory,
        IOptions<IdentityOptions> options, ILogger<SignInManager<StaffAccount>> logger, IAuthenticationSchemeProvider schemes,
        IUserConfirmation<StaffAccount> confirmation)
        : base(users, http, factory, options, logger, schemes, confirmation) => AuthenticationScheme = StoreClaims.StaffScheme;
}
