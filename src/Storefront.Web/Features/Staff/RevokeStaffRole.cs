using System.Text.Json;
using MediatR;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Storefront.Domain.Accounts;
using Storefront.Domain.Common;
using Storefront.Domain.Tenancy;
using Storefront.Web.Infrastructure;
using Storefront.Web.Infrastructure.Behaviors;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Identity;
using Storefront.Web.Infrastructure.Tenancy;

namespace Storefront.Web.Features.Staff;

/// <summary>
/// An owner takes a role in this store away from a staff member. The account's security stamp changes with it, so
/// every session of that account ends from its next request (its cookies carry the roles it had; it signs in again
/// with what it has left). Audited. An owner cannot take their own Owner role (the store would be left without them by mistake).
/// </summary>
public static class RevokeStaffRole
{
    public sealed record Command(Guid StaffId, StoreRole Role) : ICommand<bool>;

    internal sealed class Handler(
        StorefrontDb db, UserManager<StaffAccount> users, AccountSessions sessions, TenantContext tenant, CurrentUser user, TimeProvider clock)
        : IRequestHandler<Command, bool>
    {
        public async Task<bool> Handle(Command request, CancellationToken cancellationToken)
        {
            var held = await db.StaffRoles.SingleOrDefaultAsync(r => r.StaffId == request.StaffId && r.Role == request.Role, cancellationToken)
                ?? throw new NotFoundException("role", StaffText.StaffRoleNotFound);
            if (request.StaffId == user.Id && request.Role == StoreRole.Owner)
            {
                throw new DomainException("staff.own-owner-role", StaffText.CannotRevokeOwnOwnerRole, isConflict: true);
            }

            var account = await users.FindByIdAsync(request.StaffId.ToString()) ?? throw new NotFoundException("role", StaffText.StaffRoleNotFound);
            db.StaffRoles.Remove(held);
            db.AuditLog.Add(AuditEntry.Record(tenant.RequiredId, user.Id, "staff.role-revoked", account.Id.ToString(),
                JsonSerializer.Serialize(new { account.Email, Role = request.Role.ToString() }), clock.GetUtcNow()));
            await users.UpdateSecurityStampAsync(account);   // saved in this transaction: the account's cookies no longer match
            await sessions.StampChangedAsync(db, "staff", account.Id, cancellationToken);
            return true;
        }
    }

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapDelete("/admin/staff/{staffId:guid}/roles/{role}", async (Guid staffId, StoreRole role, IMediator m, CancellationToken ct) =>
                TypedResults.Ok(await m.Send(new Command(staffId, role), ct)))
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .RequireAuthorization(Policies.StoreOwner).WithTags("Admin");
}
