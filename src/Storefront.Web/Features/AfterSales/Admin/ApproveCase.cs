using MediatR;
using Microsoft.AspNetCore.Mvc;
using Storefront.Domain.AfterSales;
using Storefront.Domain.Common;
using Storefront.Domain.Ordering;
using Storefront.Web.Infrastructure.Behaviors;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Identity;
using Storefront.Web.Infrastructure.Tenancy;

namespace Storefront.Web.Features.AfterSales.Admin;

/// <summary>
/// The merchant approves a case. 仅退款: it waits for the refund (<see cref="RefundCase"/>). 退货退款 and 换货: the shopper is
/// asked to send the goods to the return address (the one given, or the store's); an exchange reserves the new SKU now
/// (one unit per case unit; refused when there is not enough stock), deducted when it ships.
/// </summary>
public static class ApproveCase
{
    public sealed record Command : ICommand<CaseView>
    {
        public Guid Id { get; set; }

        public string? ReturnAddress { get; set; }
    }

    internal sealed class Handler(StorefrontDb db, TenantContext tenant, CurrentUser user, TimeProvider clock) : IRequestHandler<Command, CaseView>
    {
        public async Task<CaseView> Handle(Command request, CancellationToken cancellationToken)
        {
            var tenantId = tenant.RequiredId;
            var (_, @case) = await CaseOrders.LockCaseAsync(db, tenantId, request.Id, null, cancellationToken);
            var now = clock.GetUtcNow();
            var address = string.IsNullOrWhiteSpace(request.ReturnAddress) && @case.Kind != AfterSalesKind.RefundOnly
                ? await CaseOrders.ReturnAddressAsync(db, tenantId, cancellationToken)
                : request.ReturnAddress;
            @case.Approve(OrderActor.Staff(user.Id), address, now);
            if (@case.Kind == AfterSalesKind.Exchange && @case.ExchangeSkuId is { } skuId)
            {
                var shortOf = await SkuStock.ReserveAsync(db, tenantId, [(skuId, @case.Quantity)], cancellationToken);
                if (shortOf.Count > 0)
                {
                    throw new DomainException("aftersales.exchange-stock", AfterSalesText.ExchangeOutOfStock, isConflict: true);
                }
            }

            await CaseNotifications.QueueAsync(db, @case, CaseNotifications.Approved, now, cancellationToken);
            return CaseView.From(@case, now);
        }
    }

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/admin/after-sales/{id:guid}/approve", async (Guid id, [FromBody] Command? command, IMediator mediator, CancellationToken ct) =>
            TypedResults.Ok(await mediator.Send((command ?? new Command()) with { Id = id }, ct)))
            .RequireAuthorization(Policies.AfterSales).WithTags("Admin after-sales")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
}
