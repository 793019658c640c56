namespace Storefront.Web.Features.Insight;

/// <summary>The dashboard (the admin home of owners and operators) over the daily rollups, and their rebuild.</summary>
public static class InsightModule
{
    public static IEndpointRouteBuilder MapInsight(this IEndpointRouteBuilder app, IEndpointRouteBuilder api)
    {
        GetDashboard.Map(api);
        GetFunnel.Map(api);
        RebuildInsight.Map(api);
        return app;
    }
}
