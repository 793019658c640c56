using System.Text.Json;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Storefront.Domain.Common;
using Storefront.Domain.Privacy;
using Storefront.Web.Infrastructure.Behaviors;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Identity;
using Storefront.Web.Infrastructure.Tenancy;
using Storefront.Web.Infrastructure.Web;

namespace Storefront.Web.Features.Privacy;

/// <summary>
/// The Owner publishes a new version of the store's privacy policy (versions are never edited). Shoppers who accepted an
/// older one are asked to accept this one at their next sign-in. Audited.
/// </summary>
public static class PublishPrivacyPolicy
{
    public sealed record Command : ICommand<Result>
    {
        public string Text { get; set; } = "";
    }

    public sealed record Result(int Version, DateTimeOffset PublishedAt);

    internal sealed class Handler(StorefrontDb db, TenantContext tenant, CurrentUser user, TimeProvider clock) : IRequestHandler<Command, Result>
    {
        public async Task<Result> Handle(Command request, CancellationToken cancellationToken)
        {
            var storeId = tenant.RequiredId;
            // Two owners publishing at once take turns on the store's row, so each gets the next number (no key clash).
            await db.Database.ExecuteSqlAsync($"select 1 from stores where id = {storeId} for update", cancellationToken);
            var latest = await GetPrivacyPolicy.CurrentVersionAsync(db, cancellationToken) ?? 0;
            var now = clock.GetUtcNow();
            var policy = PrivacyPolicy.Publish(storeId, latest, request.Text, user.Id, now);
            db.PrivacyPolicies.Add(policy);
            var version = policy.Version.ToString(System.Globalization.CultureInfo.InvariantCulture);
            db.AuditLog.Add(AuditEntry.Record(storeId, user.Id, "privacy.policy-published", version,
                JsonSerializer.Serialize(new { policy.Version, policy.Text.Length }), now));
            return new Result(policy.Version, now);
        }
    }

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapCommand<Command, Result>("/admin/privacy-policy").RequireAuthorization(Policies.StoreOwner).WithTags("Admin settings");
}
