using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Storefront.Domain.Accounts;
using Storefront.Web.Infrastructure.Behaviors;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Identity;
using Storefront.Web.Infrastructure.Tenancy;
using Storefront.Web.Infrastructure.Web;

namespace Storefront.Web.Features.Accounts;

/// <summary>
/// Staff sign in to one store's admin area (only with a role there), or to the platform console on the platform
/// host (only platform admins). Five wrong passwords lock the account for 15 minutes (see <see cref="PasswordSignIn"/>).
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
        StorefrontDb db, TenantContext tenant)
        : IRequestHandler<Command, SignInResult>
    {
        public async Task<SignInResult> Handle(Command request, CancellationToken cancellationToken)
        {
            if (await PasswordSignIn.CheckAsync(users, signIn, dummy, request.Email, request.Password) is not { } staff)
            {
                return SignInResult.BadCredentials;
            }

            var allowed = tenant.Id is null
                ? staff.IsPlatformAdmin
                : await db.StaffRoles.AnyAsync(r => r.StaffId == staff.Id, cancellationToken);
            if (!allowed)
            {
                return SignInResult.Refused(tenant.Id is null ? AccountsText.NotPlatformAdmin : AccountsText.NoRoleHere);
            }

            await signIn.SignInAsync(staff, isPersistent: false);
            return SignInResult.Success;
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
