using Storefront.Web.Features.Members.Admin;
using Storefront.Web.Infrastructure.Caching;

namespace Storefront.Web.Features.Members;

/// <summary>Member standing and points; the admin's member lookup; the members job (regrading, points expiry).</summary>
public static class MembersModule
{
    public static IHostApplicationBuilder AddMembers(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<MembersJob>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<MembersJob>());
        // Signed-in shoppers' catalog pages are cached per tier that shows a member price (docs/decisions/0028).
        builder.Services.AddSingleton<ShopperTiers>();
        builder.Services.Configure<CatalogCacheOptions>(o => o.SignedInVariant = ShopperTiers.VariantAsync);
        return builder;
    }

    public static IEndpointRouteBuilder MapMembers(this IEndpointRouteBuilder app, IEndpointRouteBuilder api)
    {
        MemberStanding.Map(api);
        MemberLookup.Map(api);
        AdjustPoints.Map(api);
        SendCouponToTier.Map(api);
        return app;
    }
}
