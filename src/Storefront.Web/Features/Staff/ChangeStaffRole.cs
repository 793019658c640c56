using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Storefront.Domain.Accounts;
using Storefront.Domain.Tenancy;
using Storefront.Web.Infrastructure;
using Storefront.Web.Infrastructure.Behaviors;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Identity;
using Storefront.Web.Infrastructure.Tenancy;

namespace Storefront.Web.Features.Staff;

/// <summary>
/// An owner gives a staff member this one role in the store instead of what they held: the role granted (GrantStaffRole.Grant)
/// and the others taken (RevokeStaffRole.TakeAsync: never the last owner nor the owner's own Owner role) in one transaction,
/// so the account's sessions end and it signs in again with the new role.
/// </summary>
public static class ChangeStaffRole
{
    public sealed record Command : ICommand<bool>
    {
        /// <summary>From the route in the API.</summary>
        public Guid StaffId { get; set; }

        public StoreRole Role { get; set; }
    }

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.StaffId).NotEmpty();
            RuleFor(c => c.Role).IsInEnum();
        }
    }

    internal sealed class Handler(
        StorefrontDb db, UserManager<StaffAccount> users, AccountSessions sessions, TenantContext tenant, CurrentUser user, TimeProvider clock)
        : IRequestHandler<Command, bool>
    {
        public async Task<bool> Handle(Command request, CancellationToken cancellationToken)
        {
            var held = await db.StaffRoles.Where(r => r.StaffId == request.StaffId).ToListAsync(cancellationToken);
            var account = (held.Count == 0 ? null : await users.FindByIdAsync(request.StaffId.ToString()))
                ?? throw new NotFoundException("staff", StaffText.StaffNotFound);

            var others = held.Where(r => r.Role != request.Role).ToList();
            if (others.Count == 0)
            {
                return false;   // holds exactly that role already
            }

            var context = new RevokeStaffRole.Context(db, users, sessions, tenant.RequiredId, user.Id, clock.GetUtcNow());
            if (others.Count == held.Count)
            {
                GrantStaffRole.Grant(db, context.StoreId, account, request.Role, context.ActorId, context.Now);
            }

            await RevokeStaffRole.TakeAsync(context, request.StaffId, others, cancellationToken);
            return true;
        }
    }

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapPut("/admin/staff/{staffId:guid}/role", async (Guid staffId, [FromBody] Command command, IMediator m, CancellationToken ct) =>
                TypedResults.Ok(await m.Send(command with { StaffId = staffId }, ct)))
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .RequireAuthorization(Policies.StoreOwner).WithTags("Admin");
}
