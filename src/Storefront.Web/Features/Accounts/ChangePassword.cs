using System.Security.Claims;
using FluentValidation;
using Microsoft.AspNetCore.Identity;
using Storefront.Domain.Accounts;
using Storefront.Web.Infrastructure.Behaviors;
using Storefront.Web.Infrastructure.Identity;
using Storefront.Web.Infrastructure.Web;

namespace Storefront.Web.Features.Accounts;

/// <summary>The signed-in shopper or staff member changes their password, giving the current one.</summary>
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
            RuleFor(c => c.CurrentPassword).NotEmpty().WithName(_ => Text.CurrentPassword);
            RuleFor(c => c.NewPassword).NotEmpty().MinimumLength(8).MaximumLength(100)
                .Matches("[0-9]").WithMessage(_ => Text.PasswordNeedsDigit).WithName(_ => Text.NewPassword);
            RuleFor(c => c.ConfirmPassword).Equal(c => c.NewPassword).WithMessage(_ => Text.PasswordsDiffer).WithName(_ => Text.ConfirmPassword);
        }
    }

    internal sealed class Handler(CurrentUser user, UserManager<Shopper> shoppers, UserManager<StaffAccount> staff)
        : MediatR.IRequestHandler<Command, bool>
    {
        public async Task<bool> Handle(Command request, CancellationToken cancellationToken)
        {
            var id = user.RequiredId.ToString();
            var result = user.Principal.FindFirstValue(StoreClaims.Kind) == "staff"
                ? await Change(staff, id, request)
                : await Change(shoppers, id, request);
            IdentityErrors.ThrowIfFailed(result, nameof(Command.NewPassword));
            return true;
        }

        private static async Task<IdentityResult> Change<TUser>(UserManager<TUser> users, string id, Command request)
            where TUser : Account
        {
            var account = await users.FindByIdAsync(id) ?? throw new UnauthorizedAccessException();
            return await users.ChangePasswordAsync(account, request.CurrentPassword, request.NewPassword);
        }
    }

    internal static void Map(IEndpointRouteBuilder api)
    {
        api.MapCommand<Command, bool>("/account/password").RequireAuthorization(Policies.Shopper).RequireRateLimiting(RateLimits.Password).WithTags("Account");
        api.MapCommand<Command, bool>("/admin/password").RequireAuthorization(Policies.Staff).RequireRateLimiting(RateLimits.Password).WithTags("Admin");
    }
}
