namespace Storefront.Web.Features.Audit;

/// <summary>The store's audit trail for its Owner: the entries, their CSV and the chain's verification.</summary>
public static class AuditModule
{
    public static IEndpointRouteBuilder MapAudit(this IEndpointRouteBuilder app, IEndpointRouteBuilder api)
    {
        ListAuditLog.Map(api);
        ExportAuditCsv.Map(api);
        VerifyAuditChain.Map(api);
        return app;
    }
}
