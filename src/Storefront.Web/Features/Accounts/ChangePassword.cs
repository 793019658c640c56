using System.Security.Claims;
using FluentValidation;
using Microsoft.AspNetCore.Identity;
using Storefront.Domain.Accounts;
using Storefront.Web.Infrastructure.Behaviors;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Identity;
using Storefront.Web.Infrastructure.Web;

namespace Storefront.Web.Features.Accounts;

/// <summary>
/// The signed-in shopper or staff member changes their password, giving the current one. Every other session of the
/// account ends with it (Identity changes the security stamp; the other sessions' rows go too); this one goes on, its
/// cookie re-issued with the new stamp.
/// </summary>
public static class ChangePassword
{
    public sealed record Command : ICommand<bool>, IPlatformRequest, IAccountRateLimited
    {
        string IAccountRateLimited.RateLimitPolicy => RateLimits.Password;

        string? IAccountRateLimited.RateLimitAccount => null;   // the signed-in account

        public string CurrentPassword { get; set; } = "";

        public string NewPassword { get; set; } = "";

        public string ConfirmPassword { get; set; } = "";
    }

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.CurrentPassword).NotEmpty().WithName(_ => AccountsText.CurrentPassword);
            RuleFor(c => c.NewPassword).NewPassword().WithName(_ => AccountsText.NewPassword);
            RuleFor(c => c.ConfirmPassword)
                .Equal(c => c.NewPassword)
                .WithMessage(_ => AccountsText.PasswordsDiffer)
                .WithName(_ => AccountsText.ConfirmPassword);
        }
    }

    internal sealed class Handler(CurrentUser user, UserManager<Shopper> shoppers, UserManager<StaffAccount> staff,
        SignInManager<Shopper> shopperSignIn, SignInManager<StaffAccount> staffSignIn, AccountSessions sessions, StorefrontDb db)
        : MediatR.IRequestHandler<Command, bool>
    {
        public async Task<bool> Handle(Command request, CancellationToken cancellationToken)
        {
            var kind = user.Principal.FindFirstValue(StoreClaims.Kind) == "staff" ? "staff" : "shopper";
            _ = Guid.TryParse(user.Principal.FindFirstValue(AccountSessions.SessionClaim), out var session);
            if (kind == "staff")
            {
                await Change(staff, staffSignIn, request);
            }
            else
            {
                await Change(shoppers, shopperSignIn, request);
            }

            await sessions.EndAsync(db, kind, user.RequiredId, only: null, except: session, cancellationToken);
            return true;
        }

        private async Task Change<TUser>(UserManager<TUser> users, SignInManager<TUser> signIn, Command request)
            where TUser : Account
        {
            var account = await users.FindByIdAsync(user.RequiredId.ToString()) ?? throw new UnauthorizedAccessException();
            IdentityErrors.ThrowIfFailed(await users.ChangePasswordAsync(account, request.CurrentPassword, request.NewPassword), nameof(Command.NewPassword));
            await signIn.RefreshSignInAsync(account);   // this session keeps its id and takes the new stamp
        }
    }

    internal static void Map(IEndpointRouteBuilder api)
    {
        api.MapCommand<Command, bool>("/account/password").RequireAuthorization(Policies.Shopper).RequireRateLimiting(RateLimits.Password).WithTags("Account");
        api.MapCommand<Command, bool>("/admin/password").RequireAuthorization(Policies.Staff).RequireRateLimiting(RateLimits.Password).WithTags("Admin");
    }
}
