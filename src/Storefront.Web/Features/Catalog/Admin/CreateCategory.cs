using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Storefront.Domain.Catalog;
using Storefront.Web.Infrastructure.Behaviors;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Identity;
using Storefront.Web.Infrastructure.Media;
using Storefront.Web.Infrastructure.Tenancy;
using Storefront.Web.Infrastructure.Web;

namespace Storefront.Web.Features.Catalog.Admin;

/// <summary>A merchant adds a category at the top or under another (three levels at most), at a position among its siblings.</summary>
public static class CreateCategory
{
    public sealed record Command : ICommand<Result>
    {
        public string Name { get; set; } = "";

        /// <summary>The address part (/c/{slug}); made up when left empty.</summary>
        public string? Slug { get; set; }

        public Guid? ParentId { get; set; }

        /// <summary>Index among its siblings; at the end when null.</summary>
        public int? Position { get; set; }

        /// <summary>An uploaded image's name (see UploadImage).</summary>
        public string? Image { get; set; }
    }

    public sealed record Result(Guid Id, string Name, string Slug, Guid? ParentId, int Level, int Position);

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator(StorefrontDb db)
        {
            RuleFor(c => c.Name).NotEmpty().MaximumLength(40).WithName(_ => CatalogText.CategoryName);
            RuleFor(c => c.Slug)
                .MaximumLength(60)
                .Must(CategoryRules.SlugWellFormed)
                .WithMessage(_ => CatalogText.CategorySlugRules)
                .WithName(_ => CatalogText.CategorySlug)
                .MustAsync((slug, ct) => CategoryRules.SlugFreeAsync(db, slug, null, ct)).WithMessage(_ => CatalogText.CategorySlugTaken)
                .When(c => !string.IsNullOrWhiteSpace(c.Slug));
            RuleFor(c => c.ParentId).MustAsync(async (id, ct) => await db.Categories.AnyAsync(x => x.Id == id, ct))
                .WithMessage(_ => CatalogText.CategoryNotFound).When(c => c.ParentId is not null);
            RuleFor(c => c.Position).GreaterThanOrEqualTo(0);
            RuleFor(c => c.Image).Must(ImageStore.IsValidName).WithMessage(_ => CatalogText.ImageNameInvalid).When(c => !string.IsNullOrEmpty(c.Image));
        }
    }

    internal sealed class Handler(StorefrontDb db, TenantContext tenant, TimeProvider clock) : MediatR.IRequestHandler<Command, Result>
    {
        public async Task<Result> Handle(Command request, CancellationToken cancellationToken)
        {
            var now = clock.GetUtcNow();
            var tree = await CategoryTree.LoadAsync(db, cancellationToken);
            var parent = request.ParentId is { } parentId ? tree.Get(parentId) : null;
            var slug = string.IsNullOrWhiteSpace(request.Slug) ? CategoryRules.MadeUpSlug(now) : request.Slug.Trim().ToLowerInvariant();
            var category = Category.Create(tenant.RequiredId, parent, request.Name, slug, tree.NextPosition(parent?.Id), now);
            category.SetImage(string.IsNullOrEmpty(request.Image) ? null : request.Image);
            db.Categories.Add(category);
            await CategoryRules.TakeOverRedirectAsync(db, category.Slug, cancellationToken);
            if (request.Position is { } position)
            {
                tree.Move(category, parent, position, now);
            }

            return new Result(category.Id, category.Name, category.Slug, category.ParentId, category.Level, category.Position);
        }
    }

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapCommand<Command, Result>("/admin/catalog/categories").RequireAuthorization(Policies.Catalog).WithTags("Admin catalog");
}

/// <summary>What creating and editing a category share.</summary>
internal static class CategoryRules
{
    /// <summary>The domain's slug rule, on what the merchant typed (any case: the slug is kept lowercase). Null is NotEmpty's business.</summary>
    public static bool SlugWellFormed(string? slug) => slug is null || Category.IsValidSlug(slug.ToLowerInvariant());

    public static async Task<bool> SlugFreeAsync(StorefrontDb db, string slug, Guid? self, CancellationToken ct)
    {
        slug = slug.Trim().ToLowerInvariant();
        return !await db.Categories.AnyAsync(c => c.Slug == slug && c.Id != self, ct);
    }

    public static string MadeUpSlug(DateTimeOffset now) => "c-" + Guid.CreateVersion7(now).ToString("N")[20..];

    /// <summary>A slug that used to redirect now names a category of its own: forget the redirect.</summary>
    public static async Task TakeOverRedirectAsync(StorefrontDb db, string slug, CancellationToken ct)
    {
        if (await db.CategoryRedirects.FirstOrDefaultAsync(r => r.OldSlug == slug, ct) is { } stale)
        {
            db.CategoryRedirects.Remove(stale);
        }
    }
}
