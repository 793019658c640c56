using MediatR;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Identity;

namespace Storefront.Web.Infrastructure.Behaviors;

/// <summary>
/// Innermost, inside the command's transaction: every command a staff member (or the platform admin, in a store) sends
/// is written to the store's audit trail with the role, the request and the fields it changed, before → after
/// (<see cref="AuditScope"/>), so the entry commits or rolls back with the change. A command sent by another command's
/// handler is part of that one's record. The chain itself is built by the database (docs/decisions/0037-audit-chain.md).
/// </summary>
internal sealed class AuditBehavior<TRequest, TResponse>(StorefrontDb db, CurrentUser user, IHttpContextAccessor http, TimeProvider clock)
    : IPipelineBehavior<TRequest, TResponse>
{
    public async Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        if (request is not ICommand<TResponse> || db.TenantId is not { } storeId || db.Audit is not null || !AuditActor.IsStaff(user.Principal))
        {
            return await next();
        }

        var scope = new AuditScope(AuditActor.Role(user.Principal), AuditActor.RequestId(http));
        db.Audit = scope;
        try
        {
            var response = await next();
            scope.Complete(db, request, storeId, user.Id, clock.GetUtcNow());
            return response;
        }
        finally
        {
            db.Audit = null;
        }
    }
}
