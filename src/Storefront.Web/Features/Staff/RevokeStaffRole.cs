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
            await TakeAsync(new(db, users, sessions, tenant.RequiredId, user.Id, clock.GetUtcNow()), request.StaffId, [held], cancellationToken);
            return true;
        }
    }

    /// <summary>What taking roles needs: the command's unit of work, the store, who acts and when.</summary>
    internal sealed record Context(StorefrontDb Db, UserManager<StaffAccount> Users, AccountSessions Sessions, Guid StoreId, Guid? ActorId,
        DateTimeOffset Now);

    /// <summary>
    /// Takes the roles (rows of one staff member) in the command's transaction: refused when the store would lose its
    /// last owner or the actor their own Owner role (StoreOwners, over the owner rows locked here), audited one by one,
    /// and the account's sessions ended. Also used by ChangeStaffRole and RemoveStaff.
    /// </summary>
    internal static async Task TakeAsync(Context c, Guid staffId, IReadOnlyList<StaffRoleAssignment> roles, CancellationToken ct)
    {
        if (roles.Any(r => r.Role == StoreRole.Owner))
        {
            // Locks every owner row of the store, in one order (no deadlock): of two owners demoting each other at once, the
            // second sees one owner left.
            var owners = await c.Db.Database.SqlQuery<Guid>($"""
                select staff_id as "Value" from staff_roles
                where tenant_id = {c.StoreId} and role = {nameof(StoreRole.Owner)} order by staff_id for update
                """).ToListAsync(ct);
            switch (StoreOwners.RefusalToTake(owners, staffId, roles.Select(r => r.Role), c.ActorId))
            {
                case OwnerRefusal.OwnOwnerRole:
                    throw new DomainException("staff.own-owner-role", StaffText.CannotRevokeOwnOwnerRole, isConflict: true);
                case OwnerRefusal.LastOwner:
                    throw new DomainException("staff.last-owner", StaffText.CannotRemoveLastOwner, isConflict: true);
            }
        }

        var account = await c.Users.FindByIdAsync(staffId.ToString()) ?? throw new NotFoundException("role", StaffText.StaffRoleNotFound);
        foreach (var held in roles)
        {
            c.Db.StaffRoles.Remove(held);
            c.Db.AuditLog.Add(AuditEntry.Record(c.StoreId, c.ActorId, "staff.role-revoked", account.Id.ToString(),
                JsonSerializer.Serialize(new { account.Email, Role = held.Role.ToString() }), c.Now));
        }

        await c.Users.UpdateSecurityStampAsync(account);   // saved in this transaction: the account's cookies no longer match
        await c.Sessions.StampChangedAsync(c.Db, "staff", account.Id, ct);
    }

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapDelete("/admin/staff/{staffId:guid}/roles/{role}", async (Guid staffId, StoreRole role, IMediator m, CancellationToken ct) =>
                TypedResults.Ok(await m.Send(new Command(staffId, role), ct)))
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .RequireAuthorization(Policies.StoreOwner).WithTags("Admin");
}
