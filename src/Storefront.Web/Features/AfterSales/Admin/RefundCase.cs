using MediatR;
using Storefront.Domain.Ordering;
using Storefront.Web.Infrastructure.Behaviors;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Identity;
using Storefront.Web.Infrastructure.Payments;
using Storefront.Web.Infrastructure.Tenancy;

namespace Storefront.Web.Features.AfterSales.Admin;

/// <summary>
/// The merchant refunds an approved refund-only case or a received return (<see cref="CaseRefunds"/>: once, through the
/// gateway, with points and coupon back). Asked twice, at the same moment or later, it pays once and answers the case as it is.
/// </summary>
public static class RefundCase
{
    public sealed record Command(Guid Id) : ICommand<CaseView>;

    internal sealed class Handler(
        StorefrontDb db, TenantContext tenant, CurrentUser user, IEnumerable<IPaymentGateway> gateways, TimeProvider clock, ILogger<Command> log)
        : IRequestHandler<Command, CaseView>
    {
        public async Task<CaseView> Handle(Command request, CancellationToken cancellationToken)
        {
            var (order, @case) = await CaseOrders.LockCaseAsync(db, tenant.RequiredId, request.Id, null, cancellationToken);
            var now = clock.GetUtcNow();
            await CaseRefunds.RefundAsync(db, gateways, order, @case, OrderActor.Staff(user.Id), now, log, cancellationToken);
            return CaseView.From(@case, now);
        }
    }

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/admin/after-sales/{id:guid}/refund", async (Guid id, IMediator mediator, CancellationToken ct) =>
            TypedResults.Ok(await mediator.Send(new Command(id), ct)))
            .RequireAuthorization(Policies.AfterSales).WithTags("Admin after-sales")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
}
