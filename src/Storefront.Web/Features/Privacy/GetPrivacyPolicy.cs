using MediatR;
using Microsoft.EntityFrameworkCore;
using Storefront.Web.Infrastructure;
using Storefront.Web.Infrastructure.Data;

namespace Storefront.Web.Features.Privacy;

/// <summary>The store's current privacy policy (its latest version), public; none when the Owner has published none.</summary>
public static class GetPrivacyPolicy
{
    public sealed record Query : IRequest<Result?>;

    public sealed record Result(int Version, string Text, DateTimeOffset PublishedAt);

    internal sealed class Handler(StorefrontDb db) : IRequestHandler<Query, Result?>
    {
        public async Task<Result?> Handle(Query request, CancellationToken cancellationToken) =>
            await db.PrivacyPolicies.AsNoTracking().OrderByDescending(p => p.Version)
                .Select(p => new Result(p.Version, p.Text, p.PublishedAt)).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>The current version's number, or null.</summary>
    internal static Task<int?> CurrentVersionAsync(StorefrontDb db, CancellationToken ct) =>
        db.PrivacyPolicies.AsNoTracking().MaxAsync(p => (int?)p.Version, ct);

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/privacy-policy", async (IMediator m, CancellationToken ct) =>
            await m.Send(new Query(), ct) ?? throw new NotFoundException("privacy-policy", PrivacyText.NoPolicy)).WithTags("Privacy");
}
