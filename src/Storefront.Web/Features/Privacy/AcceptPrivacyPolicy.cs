using FluentValidation;
using FluentValidation.Results;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Storefront.Web.Infrastructure.Behaviors;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Identity;
using Storefront.Web.Infrastructure.Web;

namespace Storefront.Web.Features.Privacy;

/// <summary>
/// The signed-in shopper accepts the store's current privacy policy (asked at sign-in after a new version). The version
/// they read is sent back: a newer one published meanwhile is refused, so nobody accepts text they did not see.
/// </summary>
public static class AcceptPrivacyPolicy
{
    public sealed record Command : ICommand<MyConsent.Result>
    {
        public int Version { get; set; }
    }

    internal sealed class Handler(StorefrontDb db, CurrentUser user, TimeProvider clock) : IRequestHandler<Command, MyConsent.Result>
    {
        public async Task<MyConsent.Result> Handle(Command request, CancellationToken cancellationToken)
        {
            var current = await GetPrivacyPolicy.CurrentVersionAsync(db, cancellationToken);
            if (current != request.Version)
            {
                throw new ValidationException([new ValidationFailure(nameof(Command.Version), PrivacyText.PolicyChanged)]);
            }

            var id = user.RequiredId;
            var shopper = await db.Shoppers.SingleAsync(s => s.Id == id, cancellationToken);
            var now = clock.GetUtcNow();
            db.ConsentRecords.Add(shopper.AcceptPrivacyPolicy(request.Version, now));
            return new MyConsent.Result(current, request.Version, now, MustAccept: false, shopper.MarketingOptIn);
        }
    }

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapCommand<Command, MyConsent.Result>("/account/privacy-policy/accept").RequireAuthorization(Policies.Shopper).WithTags("Account");
}
