using MediatR;
using Microsoft.EntityFrameworkCore;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Identity;

namespace Storefront.Web.Features.Catalog.Admin;

/// <summary>The store's search synonym groups (跑鞋 = 运动鞋 = running shoes), for the operators who keep them.</summary>
public static class ListSynonymGroups
{
    public sealed record Query : IRequest<IReadOnlyList<Group>>;

    public sealed record Group(Guid Id, IReadOnlyList<string> Terms, DateTimeOffset UpdatedAt);

    internal sealed class Handler(StorefrontDb db) : IRequestHandler<Query, IReadOnlyList<Group>>
    {
        public async Task<IReadOnlyList<Group>> Handle(Query request, CancellationToken cancellationToken)
        {
            var groups = await db.SynonymGroups.AsNoTracking().ToListAsync(cancellationToken);
            return [.. groups.OrderBy(g => g.Terms[0], StringComparer.Ordinal).Select(g => new Group(g.Id, g.Terms, g.UpdatedAt))];
        }
    }

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/admin/catalog/synonyms", async (IMediator m, CancellationToken ct) => TypedResults.Ok(await m.Send(new Query(), ct)))
            .RequireAuthorization(Policies.Marketing).WithTags("Admin catalog");
}
