using MediatR;
using Microsoft.AspNetCore.Mvc;
using Storefront.Web.Infrastructure.Behaviors;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Identity;

namespace Storefront.Web.Features.Catalog.Admin;

/// <summary>
/// 定时上下架: a merchant plans listing and/or delisting at future times (null clears that plan). The schedule job
/// carries the plan out on time. Written to the audit log.
/// </summary>
public static class ScheduleProduct
{
    public sealed record Command : ICommand<Listing.State>
    {
        public Guid ProductId { get; set; }

        public DateTimeOffset? ListAt { get; set; }

        public DateTimeOffset? DelistAt { get; set; }
    }

    internal sealed class Handler(StorefrontDb db, CurrentUser user, TimeProvider clock) : IRequestHandler<Command, Listing.State>
    {
        public async Task<Listing.State> Handle(Command request, CancellationToken cancellationToken)
        {
            var now = clock.GetUtcNow();
            var product = await Listing.LoadAsync(db, request.ProductId, cancellationToken);
            product.Schedule(request.ListAt?.ToUniversalTime(), request.DelistAt?.ToUniversalTime(), now);
            Listing.Audit(db, product, user.Id, "product.scheduled", now);
            return Listing.State.Of(product);
        }
    }

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/admin/catalog/products/{id:guid}/schedule", async (Guid id, [FromBody] Command command, IMediator m, CancellationToken ct) =>
            TypedResults.Ok(await m.Send(command with { ProductId = id }, ct)))
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .RequireAuthorization(Policies.Catalog).WithTags("Admin catalog");
}
