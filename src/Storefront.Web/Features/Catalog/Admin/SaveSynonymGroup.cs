using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Storefront.Domain.Catalog;
using Storefront.Web.Infrastructure.Behaviors;
using Storefront.Web.Infrastructure.Caching;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Identity;
using Storefront.Web.Infrastructure.Tenancy;

namespace Storefront.Web.Features.Catalog.Admin;

/// <summary>
/// An operator adds a synonym group or changes one (Id given). It changes what every keyword finds, so it is announced
/// as a change of the whole catalog (<see cref="IChangesCatalog"/>): the search index is loaded again with the groups
/// and cached pages are dropped, as after a product change.
/// </summary>
public static class SaveSynonymGroup
{
    public sealed record Command(Guid? Id, IReadOnlyList<string> Terms) : ICommand<ListSynonymGroups.Group>, IChangesCatalog;

    public sealed record Body(IReadOnlyList<string>? Terms);

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Terms).Must(t => SynonymGroup.Normalize(t).Count >= 2).WithMessage(_ => CatalogText.SynonymsTooFew);
            RuleFor(c => c.Terms)
                .Must(t => t.Count <= SynonymGroup.MaxTerms && t.All(x => x is null || x.Length <= SynonymGroup.MaxTermLength))
                .WithMessage(_ => string.Format(CatalogText.SynonymsTooMany, SynonymGroup.MaxTerms, SynonymGroup.MaxTermLength));
        }
    }

    internal sealed class Handler(StorefrontDb db, TenantContext tenant, TimeProvider clock) : IRequestHandler<Command, ListSynonymGroups.Group>
    {
        public async Task<ListSynonymGroups.Group> Handle(Command request, CancellationToken cancellationToken)
        {
            SynonymGroup group;
            if (request.Id is { } id)
            {
                group = await db.SynonymGroups.FirstOrDefaultAsync(g => g.Id == id, cancellationToken)
                    ?? throw new Infrastructure.NotFoundException("synonyms", CatalogText.SynonymsNotFound);
                group.Change(request.Terms, clock.GetUtcNow());
            }
            else
            {
                group = new SynonymGroup(tenant.RequiredId, Guid.CreateVersion7(), request.Terms, clock.GetUtcNow());
                db.SynonymGroups.Add(group);
            }

            return new ListSynonymGroups.Group(group.Id, group.Terms, group.UpdatedAt);
        }
    }

    internal static void Map(IEndpointRouteBuilder api)
    {
        api.MapPost("/admin/catalog/synonyms", async (Body body, IMediator m, CancellationToken ct) =>
                TypedResults.Ok(await m.Send(new Command(null, body.Terms ?? []), ct)))
            .ProducesValidationProblem().RequireAuthorization(Policies.Marketing).WithTags("Admin catalog");
        api.MapPut("/admin/catalog/synonyms/{id:guid}", async (Guid id, Body body, IMediator m, CancellationToken ct) =>
                TypedResults.Ok(await m.Send(new Command(id, body.Terms ?? []), ct)))
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).RequireAuthorization(Policies.Marketing).WithTags("Admin catalog");
    }
}
