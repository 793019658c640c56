using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Storefront.Domain.Accounts;

namespace Storefront.Web.Infrastructure.Identity;

/// <summary>Composition of the accounts' security: the password policy, server-side sessions on both cookies, staff invitations.</summary>
internal static class AccountSecurity
{
    public static IServiceCollection AddAccountSecurity(this IServiceCollection services)
    {
        services.AddScoped<IPasswordValidator<Shopper>, PasswordPolicy<Shopper>>();
        services.AddScoped<IPasswordValidator<StaffAccount>, PasswordPolicy<StaffAccount>>();
        services.AddSingleton<AccountSessions>();
        services.AddScoped(typeof(DummyPasswordCheck<>));
        services.PostConfigure<CookieAuthenticationOptions>(StoreClaims.ShopperScheme, o => SessionCookieEvents.Attach(o, "shopper"));
        services.PostConfigure<CookieAuthenticationOptions>(StoreClaims.StaffScheme, o => SessionCookieEvents.Attach(o, "staff"));
        return services;
    }
}
