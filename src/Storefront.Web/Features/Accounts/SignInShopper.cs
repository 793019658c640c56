using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Identity;
using Storefront.Domain.Accounts;
using Storefront.Web.Infrastructure.Identity;
using Storefront.Web.Infrastructure.Web;

namespace Storefront.Web.Features.Accounts;

/// <summary>A shopper signs in at this store. Five wrong passwords lock the account for 15 minutes (see <see cref="PasswordSignIn"/>).</summary>
public static class SignInShopper
{
    public sealed record Command : IRequest<SignInResult>, IAccountRateLimited
    {
        string IAccountRateLimited.RateLimitPolicy => RateLimits.SignIn;

        string? IAccountRateLimited.RateLimitAccount => Email;

        public string Email { get; set; } = "";

        public string Password { get; set; } = "";

        public bool RememberMe { get; set; }
    }

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Email).NotEmpty().MaximumLength(254).WithName(_ => SharedText.Email);
            RuleFor(c => c.Password).NotEmpty().MaximumLength(100).WithName(_ => SharedText.Password);
        }
    }

    // Not a transactional command: a failed attempt must still be counted towards lockout.
    internal sealed class Handler(UserManager<Shopper> users, SignInManager<Shopper> signIn, DummyPasswordCheck<Shopper> dummy,
        Infrastructure.Data.StorefrontDb db)
        : IRequestHandler<Command, SignInResult>
    {
        public async Task<SignInResult> Handle(Command request, CancellationToken cancellationToken)
        {
            if (await PasswordSignIn.CheckAsync(users, signIn, dummy, request.Email, request.Password) is not { } shopper)
            {
                return SignInResult.BadCredentials;
            }

            await signIn.SignInAsync(shopper, request.RememberMe);
            var policy = await Privacy.GetPrivacyPolicy.CurrentVersionAsync(db, cancellationToken);
            return Domain.Privacy.PrivacyPolicy.MustAccept(policy, shopper.PrivacyPolicyVersion)
                ? SignInResult.Success with { PrivacyPolicyToAccept = policy }
                : SignInResult.Success;
        }
    }

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/account/login", async (Command command, IMediator mediator, CancellationToken ct) =>
            (await mediator.Send(command, ct)).ToHttpResult()).RequireRateLimiting(RateLimits.SignIn).WithTags("Account");
}
