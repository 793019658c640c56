using MediatR;
using Microsoft.EntityFrameworkCore;
using Storefront.Domain.Common;
using Storefront.Web.Infrastructure.Behaviors;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Identity;

namespace Storefront.Web.Features.Catalog.Admin;

/// <summary>A merchant removes an empty category: refused (409) while it has subcategories or products. Its old-slug redirects go with it.</summary>
public static class DeleteCategory
{
    public sealed record Command(Guid Id) : ICommand<Result>;

    public sealed record Result(Guid Id);

    internal sealed class Handler(StorefrontDb db) : IRequestHandler<Command, Result>
    {
        public async Task<Result> Handle(Command request, CancellationToken cancellationToken)
        {
            var category = await db.Categories.FirstOrDefaultAsync(c => c.Id == request.Id, cancellationToken)
                ?? throw new Infrastructure.NotFoundException("category", CatalogText.CategoryNotFound);
            if (await db.Categories.AnyAsync(c => c.ParentId == category.Id, cancellationToken))
            {
                throw new DomainException("category.has-children", CatalogText.CategoryHasChildren, isConflict: true);
            }

            var products = await db.Products.CountAsync(p => p.CategoryId == category.Id, cancellationToken);
            if (products > 0)
            {
                throw new DomainException(
                    "category.has-products", string.Format(System.Globalization.CultureInfo.CurrentCulture, CatalogText.CategoryHasProducts, products),
                    isConflict: true);
            }

            db.CategoryRedirects.RemoveRange(await db.CategoryRedirects.Where(r => r.CategoryId == category.Id).ToListAsync(cancellationToken));
            db.Categories.Remove(category);
            return new Result(category.Id);
        }
    }

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapDelete("/admin/catalog/categories/{id:guid}", async (Guid id, IMediator m, CancellationToken ct) =>
            TypedResults.Ok(await m.Send(new Command(id), ct)))
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status404NotFound)
            .RequireAuthorization(Policies.Catalog).WithTags("Admin catalog");
}
