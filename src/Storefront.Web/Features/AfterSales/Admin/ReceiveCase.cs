using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Storefront.Domain.Ordering;
using Storefront.Web.Infrastructure.Behaviors;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Identity;
using Storefront.Web.Infrastructure.Tenancy;

namespace Storefront.Web.Features.AfterSales.Admin;

/// <summary>
/// The merchant confirms the returned goods arrived, and whether they can be sold again: only then do the units go back
/// on hand (the SKU the shopper bought). A SKU back from sold out announces a catalog change.
/// </summary>
public static class ReceiveCase
{
    public sealed record Command : ICommand<CaseView>
    {
        public Guid Id { get; set; }

        public bool Restock { get; set; }
    }

    internal sealed class Handler(StorefrontDb db, TenantContext tenant, CurrentUser user, TimeProvider clock) : IRequestHandler<Command, CaseView>
    {
        public async Task<CaseView> Handle(Command request, CancellationToken cancellationToken)
        {
            var tenantId = tenant.RequiredId;
            var (_, @case) = await CaseOrders.LockCaseAsync(db, tenantId, request.Id, null, cancellationToken);
            var now = clock.GetUtcNow();
            @case.ConfirmReceived(OrderActor.Staff(user.Id), request.Restock, now);
            if (request.Restock)
            {
                var restocked = await db.Database.SqlQuery<Restocked>($"""
                    update skus set on_hand = on_hand + {@case.Quantity}
                    where tenant_id = {tenantId} and id = {@case.SkuId}
                    returning on_hand - reserved as "Available", product_id as "ProductId"
                    """).ToListAsync(cancellationToken);
                if (restocked is [{ Available: > 0 } sku] && sku.Available <= @case.Quantity)
                {
                    db.ChangedProducts.Add(sku.ProductId);   // back from sold out
                }
            }

            return CaseView.From(@case, now);
        }
    }

    /// <summary>What the restocking UPDATE gives back.</summary>
    internal sealed class Restocked
    {
        public int Available { get; set; }

        public Guid ProductId { get; set; }
    }

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/admin/after-sales/{id:guid}/receive", async (Guid id, [FromBody] Command command, IMediator mediator, CancellationToken ct) =>
            TypedResults.Ok(await mediator.Send(command with { Id = id }, ct)))
            .RequireAuthorization(Policies.AfterSales).WithTags("Admin after-sales")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
}
