using Microsoft.AspNetCore.Localization;
using Storefront.Web.Infrastructure.Web;

namespace Storefront.Web.Features.Accounts;

/// <summary>GET /culture?c=en&amp;returnUrl=/ sets the language cookie and goes back (to a page of this site only).</summary>
public static class SwitchLanguage
{
    internal static void MapForm(IEndpointRouteBuilder app) =>
        app.MapGet("/culture", (string c, string? returnUrl, HttpContext context) =>
        {
            var culture = Culture.Supported.Contains(c) ? c : Culture.Supported[0];
            context.Response.Cookies.Append(
                CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
                new CookieOptions { MaxAge = TimeSpan.FromDays(365), IsEssential = true, SameSite = SameSiteMode.Lax, HttpOnly = true });
            return Results.LocalRedirect(LocalUrl.OrHome(returnUrl));
        }).ExcludeFromDescription();
}
