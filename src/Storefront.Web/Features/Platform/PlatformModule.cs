namespace Storefront.Web.Features.Platform;

/// <summary>The platform admin's stores: create, list, suspend, reactivate, appoint an owner.</summary>
public static class PlatformModule
{
    public static IEndpointRouteBuilder MapPlatform(this IEndpointRouteBuilder app, IEndpointRouteBuilder api)
    {
        CreateStore.Map(api);
        ListStores.Map(api);
        SuspendStore.Map(api);
        ReactivateStore.Map(api);
        AppointOwner.Map(api);
        return app;
    }
}
