using MediatR;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Storefront.Domain.Accounts;
using Storefront.Web.Infrastructure;
using Storefront.Web.Infrastructure.Behaviors;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Identity;
using Storefront.Web.Infrastructure.Tenancy;

namespace Storefront.Web.Features.Staff;

/// <summary>
/// An owner removes a staff member from the store: every role they hold here is taken (RevokeStaffRole.TakeAsync: never the
/// last owner nor the owner's own Owner role), so their sessions end and they can no longer sign in here. The account stays
/// (it may hold roles in other stores).
/// </summary>
public static class RemoveStaff
{
    public sealed record Command(Guid StaffId) : ICommand<bool>;

    internal sealed class Handler(
        StorefrontDb db, UserManager<StaffAccount> users, AccountSessions sessions, TenantContext tenant, CurrentUser user, TimeProvider clock)
        : IRequestHandler<Command, bool>
    {
        public async Task<bool> Handle(Command request, CancellationToken cancellationToken)
        {
            var held = await db.StaffRoles.Where(r => r.StaffId == request.StaffId).ToListAsync(cancellationToken);
            if (held.Count == 0)
            {
                throw new NotFoundException("staff", StaffText.StaffNotFound);
            }

            await RevokeStaffRole.TakeAsync(new(db, users, sessions, tenant.RequiredId, user.Id, clock.GetUtcNow()), request.StaffId, held,
                cancellationToken);
            return true;
        }
    }

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapDelete("/admin/staff/{staffId:guid}", async (Guid staffId, IMediator m, CancellationToken ct) =>
                TypedResults.Ok(await m.Send(new Command(staffId), ct)))
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .RequireAuthorization(Policies.StoreOwner).WithTags("Admin");
}
