using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Storefront.Domain.Catalog;
using Storefront.Web.Infrastructure.Behaviors;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Identity;
using Storefront.Web.Infrastructure.Media;
using Storefront.Web.Infrastructure.Tenancy;

namespace Storefront.Web.Features.Catalog.Admin;

/// <summary>
/// A merchant renames, re-slugs, moves or reorders a category. A changed slug leaves a redirect behind, so old
/// links keep working; a move keeps the three-level limit and never puts a category under itself.
/// </summary>
public static class UpdateCategory
{
    public sealed record Command : ICommand<Result>
    {
        public Guid Id { get; set; }

        public string Name { get; set; } = "";

        public string Slug { get; set; } = "";

        public Guid? ParentId { get; set; }

        /// <summary>Index among its (new) siblings; unchanged when null and the parent stays, the end when it moves.</summary>
        public int? Position { get; set; }

        public string? Image { get; set; }
    }

    public sealed record Result(Guid Id, string Name, string Slug, Guid? ParentId, int Level, int Position, string? OldSlug);

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator(StorefrontDb db)
        {
            RuleFor(c => c.Name).NotEmpty().MaximumLength(40).WithName(_ => CatalogText.CategoryName);
            RuleFor(c => c.Slug)
                .NotEmpty()
                .MaximumLength(60)
                .Must(CategoryRules.SlugWellFormed)
                .WithMessage(_ => CatalogText.CategorySlugRules)
                .WithName(_ => CatalogText.CategorySlug)
                .MustAsync((c, slug, ct) => CategoryRules.SlugFreeAsync(db, slug, c.Id, ct)).WithMessage(_ => CatalogText.CategorySlugTaken);
            RuleFor(c => c.ParentId).MustAsync(async (id, ct) => await db.Categories.AnyAsync(x => x.Id == id, ct))
                .WithMessage(_ => CatalogText.CategoryNotFound).When(c => c.ParentId is not null);
            RuleFor(c => c.Position).GreaterThanOrEqualTo(0);
            RuleFor(c => c.Image).Must(ImageStore.IsValidName).WithMessage(_ => CatalogText.ImageNameInvalid).When(c => !string.IsNullOrEmpty(c.Image));
        }
    }

    internal sealed class Handler(StorefrontDb db, TenantContext tenant, TimeProvider clock) : IRequestHandler<Command, Result>
    {
        public async Task<Result> Handle(Command request, CancellationToken cancellationToken)
        {
            var now = clock.GetUtcNow();
            var tree = await CategoryTree.LoadAsync(db, cancellationToken);
            var category = tree.Get(request.Id);
            var parent = request.ParentId is { } parentId ? tree.Get(parentId) : null;

            var oldSlug = category.Rename(request.Name, request.Slug, now);
            if (oldSlug is not null)
            {
                await CategoryRules.TakeOverRedirectAsync(db, category.Slug, cancellationToken);
                if (await db.CategoryRedirects.FirstOrDefaultAsync(r => r.OldSlug == oldSlug, cancellationToken) is { } existing)
                {
                    existing.CategoryId = category.Id;
                }
                else
                {
                    db.CategoryRedirects.Add(new CategorySlugRedirect { TenantId = tenant.RequiredId, OldSlug = oldSlug, CategoryId = category.Id });
                }
            }

            if (parent?.Id != category.ParentId || (request.Position is { } position && position != tree.IndexAmongSiblings(category)))
            {
                tree.Move(category, parent, request.Position, now);
            }

            category.SetImage(string.IsNullOrEmpty(request.Image) ? null : request.Image);
            return new Result(category.Id, category.Name, category.Slug, category.ParentId, category.Level, category.Position, oldSlug);
        }
    }

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapPut("/admin/catalog/categories/{id:guid}", async (Guid id, [FromBody] Command command, IMediator m, CancellationToken ct) =>
            TypedResults.Ok(await m.Send(command with { Id = id }, ct)))
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .RequireAuthorization(Policies.Catalog).WithTags("Admin catalog");
}
