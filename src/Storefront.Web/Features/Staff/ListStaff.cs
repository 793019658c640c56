using MediatR;
using Microsoft.EntityFrameworkCore;
using Storefront.Domain.Tenancy;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Identity;

namespace Storefront.Web.Features.Staff;

/// <summary>The store's staff with their roles here, and the invitations still open (not accepted, not expired).</summary>
public static class ListStaff
{
    public sealed record Query : IRequest<Result>;

    public sealed record Result(IReadOnlyList<Member> Staff, IReadOnlyList<OpenInvitation> Invitations);

    public sealed record Member(Guid StaffId, string Email, string DisplayName, IReadOnlyList<StoreRole> Roles);

    public sealed record OpenInvitation(Guid Id, string Email, StoreRole Role, DateTimeOffset ExpiresAt);

    internal sealed class Handler(StorefrontDb db, TimeProvider clock) : IRequestHandler<Query, Result>
    {
        public async Task<Result> Handle(Query request, CancellationToken cancellationToken)
        {
            var roles = await db.StaffRoles.AsNoTracking().Select(r => new { r.StaffId, r.Role }).ToListAsync(cancellationToken);
            var ids = roles.Select(r => r.StaffId).Distinct().ToList();
            var accounts = await db.StaffAccounts.AsNoTracking().Where(a => ids.Contains(a.Id))
                .Select(a => new { a.Id, a.Email, a.DisplayName }).ToListAsync(cancellationToken);
            var now = clock.GetUtcNow();
            var invitations = await db.StaffInvitations.AsNoTracking().Where(i => i.AcceptedAt == null && i.ExpiresAt > now)
                .OrderByDescending(i => i.ExpiresAt)
                .Select(i => new OpenInvitation(i.Id, i.Email, i.Role, i.ExpiresAt)).ToListAsync(cancellationToken);
            var staff = accounts
                .Select(a => new Member(a.Id, a.Email, a.DisplayName, [.. roles.Where(r => r.StaffId == a.Id).Select(r => r.Role).Order()]))
                .OrderBy(m => m.Roles.Min()).ThenBy(m => m.Email, StringComparer.Ordinal)
                .ToList();
            return new Result(staff, invitations);
        }
    }

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/admin/staff", async (IMediator m, CancellationToken ct) => TypedResults.Ok(await m.Send(new Query(), ct)))
            .RequireAuthorization(Policies.StoreOwner).WithTags("Admin");
}
