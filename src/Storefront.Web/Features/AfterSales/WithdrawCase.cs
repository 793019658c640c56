using MediatR;
using Storefront.Domain.Ordering;
using Storefront.Web.Infrastructure.Behaviors;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Identity;
using Storefront.Web.Infrastructure.Tenancy;

namespace Storefront.Web.Features.AfterSales;

/// <summary>The shopper withdraws an application the merchant has not answered yet; the case closes and its units are free again.</summary>
public static class WithdrawCase
{
    public sealed record Command(Guid Id) : ICommand<CaseView>;

    internal sealed class Handler(StorefrontDb db, TenantContext tenant, CurrentUser user, TimeProvider clock) : IRequestHandler<Command, CaseView>
    {
        public async Task<CaseView> Handle(Command request, CancellationToken cancellationToken)
        {
            var shopperId = user.RequiredId;
            var (_, @case) = await CaseOrders.LockCaseAsync(db, tenant.RequiredId, request.Id, shopperId, cancellationToken);
            var now = clock.GetUtcNow();
            @case.Withdraw(OrderActor.Shopper(shopperId), now);
            return CaseView.From(@case, now);
        }
    }

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapPost(
            "/after-sales/{id:guid}/withdraw",
            async (Guid id, IMediator mediator, CancellationToken ct) => TypedResults.Ok(await mediator.Send(new Command(id), ct)))
            .RequireAuthorization(Policies.Shopper)
            .WithTags("After-sales")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
}
