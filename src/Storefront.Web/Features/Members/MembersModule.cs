using Storefront.Web.Features.Members.Admin;

namespace Storefront.Web.Features.Members;

/// <summary>Member standing and points; the admin's member lookup; the members job (regrading, points expiry).</summary>
public static class MembersModule
{
    public static IHostApplicationBuilder AddMembers(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<MembersJob>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<MembersJob>());
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
