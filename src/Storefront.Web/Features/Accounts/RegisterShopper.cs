using FluentValidation;
using Microsoft.AspNetCore.Identity;
using Storefront.Domain.Accounts;
using Storefront.Web.Infrastructure.Behaviors;
using Storefront.Web.Infrastructure.Tenancy;
using Storefront.Web.Infrastructure.Web;

namespace Storefront.Web.Features.Accounts;

/// <summary>A shopper opens an account at this store (and is signed in). The same e-mail may hold an account at another store.</summary>
public static class RegisterShopper
{
    public sealed record Command : ICommand<Result>, IAccountRateLimited
    {
        string IAccountRateLimited.RateLimitPolicy => RateLimits.Register;

        string? IAccountRateLimited.RateLimitAccount => Email;

        public string Email { get; set; } = "";

        public string Password { get; set; } = "";

        public string DisplayName { get; set; } = "";

        /// <summary>Accepts the store's current privacy policy; required once the store has published one (issue 19).</summary>
        public bool AcceptPrivacyPolicy { get; set; }

        /// <summary>Marketing e-mails: a separate, optional opt-in.</summary>
        public bool MarketingOptIn { get; set; }
    }

    public sealed record Result(Guid ShopperId, string Email);

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Email).NotEmpty().MaximumLength(254).EmailAddress().WithName(_ => SharedText.Email);
            RuleFor(c => c.Password).NewPassword().WithName(_ => SharedText.Password);
            RuleFor(c => c.DisplayName).MaximumLength(50).WithName(_ => SharedText.DisplayName);
        }
    }

    internal sealed class Handler(UserManager<Shopper> users, SignInManager<Shopper> signIn, TenantContext tenant, TimeProvider clock,
        Storefront.Web.Infrastructure.Data.StorefrontDb db)
        : MediatR.IRequestHandler<Command, Result>
    {
        public async Task<Result> Handle(Command request, CancellationToken cancellationToken)
        {
            var policy = await Privacy.GetPrivacyPolicy.CurrentVersionAsync(db, cancellationToken);
            if (policy is not null && !request.AcceptPrivacyPolicy)
            {
                throw new FluentValidation.ValidationException(
                    [new FluentValidation.Results.ValidationFailure(nameof(Command.AcceptPrivacyPolicy), PrivacyText.MustAcceptPolicy)]);
            }

            var now = clock.GetUtcNow();
            var shopper = Shopper.Create(tenant.RequiredId, request.Email, request.DisplayName, now);
            var created = await users.CreateAsync(shopper, request.Password);
            IdentityErrors.ThrowIfFailed(created);
            Privacy.RecordConsents.AtRegistration(db, shopper, policy, request.MarketingOptIn, now);
            await Members.WelcomeMember.GiveAsync(db, shopper.Id, clock.GetUtcNow(), cancellationToken);   // member account and 新人券
            await signIn.SignInAsync(shopper, isPersistent: false);
            return new Result(shopper.Id, shopper.Email);
        }
    }

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapCommand<Command, Result>("/account/register").RequireRateLimiting(RateLimits.Register).WithTags("Account");
}
