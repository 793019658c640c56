namespace Storefront.Web.Features.Settings;

/// <summary>The store's general settings (its time zone); each area keeps its own settings beside it.</summary>
public static class SettingsModule
{
    public static IEndpointRouteBuilder MapSettings(this IEndpointRouteBuilder app, IEndpointRouteBuilder api)
    {
        StoreSettings.Map(api);
        return app;
    }
}
