using System.Text.Json;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Storefront.Domain.Catalog;
using Storefront.Domain.Common;
using Storefront.Web.Infrastructure;
using Storefront.Web.Infrastructure.Behaviors;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Identity;

namespace Storefront.Web.Features.Catalog.Admin;

/// <summary>上架: a merchant puts a draft or delisted product on sale now. Written to the audit log.</summary>
public static class ListProduct
{
    public sealed record Command(Guid ProductId) : ICommand<Listing.State>;

    internal sealed class Handler(StorefrontDb db, CurrentUser user, TimeProvider clock) : IRequestHandler<Command, Listing.State>
    {
        public async Task<Listing.State> Handle(Command request, CancellationToken cancellationToken)
        {
            var now = clock.GetUtcNow();
            var product = await Listing.LoadAsync(db, request.ProductId, cancellationToken);
            product.List(now);
            Listing.Audit(db, product, user.Id, "product.listed", now);
            return Listing.State.Of(product);
        }
    }

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapPost(
            "/admin/catalog/products/{id:guid}/list", async (Guid id, IMediator m, CancellationToken ct) => TypedResults.Ok(await m.Send(new Command(id), ct)))
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .RequireAuthorization(Policies.Catalog).WithTags("Admin catalog");
}

/// <summary>What the listing use cases (上架, 下架, 定时, the schedule job) share.</summary>
public static class Listing
{
    public sealed record State(
        Guid ProductId, ProductStatus Status, DateTimeOffset? ScheduledListAt, DateTimeOffset? ScheduledDelistAt, DateTimeOffset? ListedAt,
        DateTimeOffset? DelistedAt)
    {
        internal static State Of(Product p) => new(p.Id, p.Status, p.ScheduledListAt, p.ScheduledDelistAt, p.ListedAt, p.DelistedAt);
    }

    internal static async Task<Product> LoadAsync(StorefrontDb db, Guid id, CancellationToken ct) =>
        await db.Products.FirstOrDefaultAsync(p => p.Id == id, ct) ?? throw new NotFoundException("product", CatalogText.AdminProductNotFound);

    internal static void Audit(StorefrontDb db, Product product, Guid? actorId, string action, DateTimeOffset now) =>
        db.AuditLog.Add(AuditEntry.Record(product.TenantId, actorId, action, product.Id.ToString(), JsonSerializer.Serialize(new
        {
            product.Name,
            Status = product.Status.ToString(),
            product.ScheduledListAt,
            product.ScheduledDelistAt,
        }), now));
}
