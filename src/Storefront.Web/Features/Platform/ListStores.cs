using MediatR;
using Microsoft.EntityFrameworkCore;
using Storefront.Domain.Tenancy;
using Storefront.Web.Infrastructure.Behaviors;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Identity;

namespace Storefront.Web.Features.Platform;

/// <summary>Every store of the platform, newest first.</summary>
public static class ListStores
{
    public sealed record Query : IRequest<IReadOnlyList<Row>>, IPlatformRequest;

    public sealed record Row(Guid Id, string Slug, string Name, StoreStatus Status, string DefaultLanguage, string Currency, DateTimeOffset CreatedAt);

    internal sealed class Handler(StorefrontDb db) : IRequestHandler<Query, IReadOnlyList<Row>>
    {
        public async Task<IReadOnlyList<Row>> Handle(Query request, CancellationToken cancellationToken) =>
            await db.Stores.AsNoTracking().OrderByDescending(s => s.CreatedAt)
                .Select(s => new Row(s.Id, s.Slug, s.Name, s.Status, s.DefaultLanguage, s.Currency, s.CreatedAt))
                .ToListAsync(cancellationToken);
    }

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/platform/stores", async (IMediator m, CancellationToken ct) => TypedResults.Ok(await m.Send(new Query(), ct)))
            .RequireAuthorization(Policies.PlatformAdmin).WithTags("Platform");
}
