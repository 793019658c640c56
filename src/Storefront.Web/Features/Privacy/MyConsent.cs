using MediatR;
using Microsoft.EntityFrameworkCore;
using Storefront.Domain.Privacy;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Identity;

namespace Storefront.Web.Features.Privacy;

/// <summary>The signed-in shopper's consents: the policy version accepted against the current one, and the marketing opt-in.</summary>
public static class MyConsent
{
    public sealed record Query : IRequest<Result>;

    public sealed record Result(int? CurrentVersion, int? AcceptedVersion, DateTimeOffset? AcceptedAt, bool MustAccept, bool MarketingOptIn);

    internal sealed class Handler(StorefrontDb db, CurrentUser user) : IRequestHandler<Query, Result>
    {
        public async Task<Result> Handle(Query request, CancellationToken cancellationToken)
        {
            var id = user.RequiredId;
            var shopper = await db.Shoppers.AsNoTracking().Where(s => s.Id == id)
                .Select(s => new { s.PrivacyPolicyVersion, s.PrivacyAcceptedAt, s.MarketingOptIn }).SingleAsync(cancellationToken);
            var current = await GetPrivacyPolicy.CurrentVersionAsync(db, cancellationToken);
            return new Result(current, shopper.PrivacyPolicyVersion, shopper.PrivacyAcceptedAt,
                PrivacyPolicy.MustAccept(current, shopper.PrivacyPolicyVersion), shopper.MarketingOptIn);
        }
    }

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/account/consent", async (IMediator m, CancellationToken ct) => TypedResults.Ok(await m.Send(new Query(), ct)))
            .RequireAuthorization(Policies.Shopper).WithTags("Account");
}
