using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Storefront.Domain.Accounts;
using Storefront.Domain.Common;
using Storefront.Web.Infrastructure.Behaviors;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Identity;
using Storefront.Web.Infrastructure.Tenancy;
using Storefront.Web.Infrastructure.Web;

namespace Storefront.Web.Features.Accounts;

/// <summary>
/// Staff sign in to one store's admin area (only with a role there), or to the platform console on the platform
/// host (only platform admins). Five wrong passwords lock the account for 15 minutes (see <see cref="PasswordSignIn"/>).
/// Every attempt at a store, failed or refused too, is written to the store's audit trail.
/// </summary>
public static class SignInStaff
{
    public sealed record Command : IRequest<SignInResult>, IPlatformRequest, IAccountRateLimited
    {
        string IAccountRateLimited.RateLimitPolicy => RateLimits.SignIn;

        string? IAccountRateLimited.RateLimitAccount => Email;

        public string Email { get; set; } = "";

        public string Password { get; set; } = "";
    }

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Email).NotEmpty().MaximumLength(254).WithName(_ => SharedText.Email);
            RuleFor(c => c.Password).NotEmpty().MaximumLength(100).WithName(_ => SharedText.Password);
        }
    }

    internal sealed class Handler(UserManager<StaffAccount> users, SignInManager<StaffAccount> signIn, DummyPasswordCheck<StaffAccount> dummy,
        StorefrontDb db, TenantContext tenant, IHttpContextAccessor http, TimeProvider clock)
        : IRequestHandler<Command, SignInResult>
    {
        public async Task<SignInResult> Handle(Command request, CancellationToken cancellationToken)
        {
            if (await PasswordSignIn.CheckAsync(users, signIn, dummy, request.Email, request.Password) is not { } staff)
            {
                await AuditAsync(request.Email, null, null, "staff.sign-in-failed", cancellationToken);
                return SignInResult.BadCredentials;
            }

            List<string> roles = [];
            if (tenant.Id is not null)
            {
                var held = await db.StaffRoles.Where(r => r.StaffId == staff.Id).Select(r => r.Role).ToListAsync(cancellationToken);
                roles = [.. held.Select(r => r.ToString())];
            }

            var allowed = tenant.Id is null ? staff.IsPlatformAdmin : roles.Count > 0;
            if (!allowed)
            {
                await AuditAsync(request.Email, staff.Id, null, "staff.sign-in-refused", cancellationToken);
                return SignInResult.Refused(tenant.Id is null ? AccountsText.NotPlatformAdmin : AccountsText.NoRoleHere);
            }

            await signIn.SignInAsync(staff, isPersistent: false);
            await AuditAsync(request.Email, staff.Id, string.Join(",", roles.Order(StringComparer.Ordinal)), "staff.signed-in", cancellationToken);
            return SignInResult.Success;
        }

        /// <summary>Every staff sign-in at a store, failed ones too, goes to its audit trail under the e-mail tried.</summary>
        private async Task AuditAsync(string triedEmail, Guid? staffId, string? role, string action, CancellationToken ct)
        {
            if (tenant.Id is not { } storeId)
            {
                return;
            }

            var email = triedEmail.Trim().ToLowerInvariant();
            db.AuditLog.Add(AuditEntry.Record(storeId, staffId, action, email, "{}", clock.GetUtcNow()).Stamp(role, AuditActor.RequestId(http)));
            await db.SaveChangesAsync(ct);
        }
    }

    internal static void Map(IEndpointRouteBuilder api)
    {
        api.MapPost("/admin/login", Login).RequireRateLimiting(RateLimits.SignIn).WithTags("Admin");
        api.MapPost("/platform/login", Login).RequireRateLimiting(RateLimits.SignIn).WithTags("Platform");
    }

    private static async Task<IResult> Login(Command command, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(command, ct)).ToHttpResult();
}
