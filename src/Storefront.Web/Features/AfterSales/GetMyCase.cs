using MediatR;
using Microsoft.EntityFrameworkCore;
using Storefront.Web.Infrastructure;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Identity;

namespace Storefront.Web.Features.AfterSales;

/// <summary>One case of the signed-in shopper, with its timeline; someone else's case, like a missing one, is not found.</summary>
public static class GetMyCase
{
    public sealed record Query(Guid Id) : IRequest<CaseView>;

    internal sealed class Handler(StorefrontDb db, CurrentUser user, TimeProvider clock) : IRequestHandler<Query, CaseView>
    {
        public async Task<CaseView> Handle(Query request, CancellationToken cancellationToken)
        {
            var shopperId = user.RequiredId;
            var @case = await db.AfterSalesCases.AsNoTracking().Include(c => c.Events)
                .SingleOrDefaultAsync(c => c.Id == request.Id && c.ShopperId == shopperId, cancellationToken)
                ?? throw new NotFoundException("aftersales", AfterSalesText.NotFound);
            return CaseView.From(@case, clock.GetUtcNow());
        }
    }

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapGet(
            "/after-sales/{id:guid}", async (Guid id, IMediator mediator, CancellationToken ct) => TypedResults.Ok(await mediator.Send(new Query(id), ct)))
            .RequireAuthorization(Policies.Shopper).WithTags("After-sales").ProducesProblem(StatusCodes.Status404NotFound);
}
