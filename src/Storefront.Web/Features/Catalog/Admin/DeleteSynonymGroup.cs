using MediatR;
using Microsoft.EntityFrameworkCore;
using Storefront.Web.Infrastructure.Behaviors;
using Storefront.Web.Infrastructure.Caching;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Identity;

namespace Storefront.Web.Features.Catalog.Admin;

/// <summary>An operator removes a synonym group; like saving one, a change of the whole catalog for the search index.</summary>
public static class DeleteSynonymGroup
{
    public sealed record Command(Guid Id) : ICommand<Guid>, IChangesCatalog;

    internal sealed class Handler(StorefrontDb db) : IRequestHandler<Command, Guid>
    {
        public async Task<Guid> Handle(Command request, CancellationToken cancellationToken)
        {
            var group = await db.SynonymGroups.FirstOrDefaultAsync(g => g.Id == request.Id, cancellationToken)
                ?? throw new Infrastructure.NotFoundException("synonyms", CatalogText.SynonymsNotFound);
            db.SynonymGroups.Remove(group);
            return group.Id;
        }
    }

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapDelete("/admin/catalog/synonyms/{id:guid}", async (Guid id, IMediator m, CancellationToken ct) =>
                TypedResults.Ok(await m.Send(new Command(id), ct)))
            .ProducesProblem(StatusCodes.Status404NotFound).RequireAuthorization(Policies.Marketing).WithTags("Admin catalog");
}
