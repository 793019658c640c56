using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Storefront.Domain.Accounts;

namespace Storefront.Web.Infrastructure.Identity;

/// <summary>Accounts: shoppers (one store each) and staff (roles per store), each with its own cookie.</summary>
public static class IdentityServices
{
    public static IHostApplicationBuilder AddStorefrontIdentity(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddScoped<CurrentUser>();
        services.AddIdentityCore<Shopper>(ConfigureIdentity)
            .AddUserStore<AccountStore<Shopper>>()
            .AddClaimsPrincipalFactory<ShopperPrincipalFactory>()
            .AddSignInManager<ShopperSignInManager>();
        services.AddIdentityCore<StaffAccount>(ConfigureIdentity)
            .AddUserStore<AccountStore<StaffAccount>>()
            .AddClaimsPrincipalFactory<StaffPrincipalFactory>()
            .AddSignInManager<StaffSignInManager>();

        services.AddAuthentication(StoreClaims.DefaultScheme)
            .AddPolicyScheme(StoreClaims.DefaultScheme, null, o => o.ForwardDefaultSelector = context =>
                StoreClaims.IsStaffScheme(context.Request.Path) ? StoreClaims.StaffScheme : StoreClaims.ShopperScheme)
            .AddCookie(StoreClaims.ShopperScheme, o => Cookies(o, StoreClaims.ShopperCookie, "/account/login", "/account/login"))
            .AddCookie(StoreClaims.StaffScheme, o => Cookies(o, ".storefront.staff", "/admin/login", "/admin/denied"));

        services.AddAccountSecurity();   // password policy, server-side sessions, staff invitations
        services.AddStorefrontDataProtection(builder.Configuration);   // one key ring for every app node
        services.AddAuthorization(Policies.Add);
        services.AddScoped<IAuthorizationHandler, StoreMemberHandler>();
        return builder;
    }

    private static void ConfigureIdentity(IdentityOptions o)
    {
        o.User.RequireUniqueEmail = false;
        o.User.AllowedUserNameCharacters += "'";
        o.Password.RequiredLength = PasswordRules.MinimumLength;   // and PasswordPolicy: not a common one
        o.Password.RequireDigit = false;
        o.Password.RequireLowercase = false;
        o.Password.RequireUppercase = false;
        o.Password.RequireNonAlphanumeric = false;
        o.Lockout.MaxFailedAccessAttempts = 5;
        o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
        o.Lockout.AllowedForNewUsers = true;
    }

    private static void Cookies(CookieAuthenticationOptions o, string name, string loginPath, string deniedPath)
    {
        o.Cookie.Name = name;
        o.Cookie.HttpOnly = true;
        o.Cookie.SameSite = SameSiteMode.Lax;
        o.LoginPath = loginPath;
        o.AccessDeniedPath = deniedPath;
        o.ExpireTimeSpan = TimeSpan.FromDays(7);
        o.SlidingExpiration = true;
        o.Events.OnRedirectToLogin = context => Redirect(context, StatusCodes.Status401Unauthorized);
        o.Events.OnRedirectToAccessDenied = context => Redirect(context, StatusCodes.Status403Forbidden);
    }

    /// <summary>The API answers 401/403 instead of redirecting; platform pages go to the platform's own login.</summary>
    private static Task Redirect(RedirectContext<CookieAuthenticationOptions> context, int apiStatus)
    {
        if (context.Request.Path.StartsWithSegments("/api"))
        {
            context.Response.StatusCode = apiStatus;
            return Task.CompletedTask;
        }

        var target = context.RedirectUri;
        if (context.Request.Path.StartsWithSegments("/platform"))
        {
            target = target.Replace("/admin/login", "/platform/login", StringComparison.Ordinal)
                .Replace("/admin/denied", "/platform/login", StringComparison.Ordinal);
        }

        context.Response.Redirect(target);
        return Task.CompletedTask;
    }
}
