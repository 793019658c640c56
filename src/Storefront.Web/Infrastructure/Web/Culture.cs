using System.Globalization;
using Microsoft.AspNetCore.Localization;
using Storefront.Web.Infrastructure.Tenancy;

namespace Storefront.Web.Infrastructure.Web;

/// <summary>zh-CN by default, English when chosen: the shopper's cookie first, then the store's default language.</summary>
public static class Culture
{
    public static readonly string[] Supported = ["zh-CN", "en"];

    public static IHostApplicationBuilder AddStorefrontLocalization(this IHostApplicationBuilder builder)
    {
        builder.Services.AddLocalization();
        builder.Services.Configure<RequestLocalizationOptions>(Configure);
        return builder;
    }

    public static void Configure(RequestLocalizationOptions options)
    {
        // The shared read-only instances: the middleware hands a request its culture through CultureInfo.ReadOnly, which
        // clones a writable one every time, and each clone then built its number and date formats afresh from ICU
        // (docs/decisions/0014-prepared-statements-and-plans.md). A read-only culture is handed out as it is, built once.
        var cultures = Supported.Select(CultureInfo.GetCultureInfo).ToList();
        options.DefaultRequestCulture = new RequestCulture(cultures[0]);
        options.SupportedCultures = cultures;
        options.SupportedUICultures = cultures;
        options.RequestCultureProviders =
        [
            new CookieRequestCultureProvider(),
            new CustomRequestCultureProvider(context => Task.FromResult(
                context.Features.Get<StoreInfo>() is { } store ? new ProviderCultureResult(store.DefaultLanguage) : null)),
        ];
    }

    public static bool IsEnglish => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";
}
