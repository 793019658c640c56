namespace Storefront.Web.Features.Insight;

/// <summary>The dashboard (the admin home of owners and operators) over the daily rollups, their rebuild, and the customer, product and
/// promotion analysis.</summary>
public static class InsightModule
{
    public static IEndpointRouteBuilder MapInsight(this IEndpointRouteBuilder app, IEndpointRouteBuilder api)
    {
        GetDashboard.Map(api);
        GetFunnel.Map(api);
        RebuildInsight.Map(api);
        Customers.GetCustomerSegments.Map(api);
        Customers.ListSegmentMembers.Map(api);
        Customers.ExportSegmentMembersCsv.Map(api);
        Customers.SaveRfmThresholds.Map(api);
        Customers.SendCouponToSegment.Map(api);
        Products.GetProductAnalysis.Map(api);
        Products.ExportProductAnalysisCsv.Map(api);
        Products.SaveReorderLeadDays.Map(api);
        Products.ReorderSuggestions.Map(api);
        Promotions.GetPromotionAnalysis.Map(api);
        Promotions.ExportPromotionAnalysisCsv.Map(api);
        return app;
    }
}
