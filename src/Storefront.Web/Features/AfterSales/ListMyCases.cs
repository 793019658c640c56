using MediatR;
using Microsoft.EntityFrameworkCore;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Identity;

namespace Storefront.Web.Features.AfterSales;

/// <summary>The signed-in shopper's after-sales cases (我的售后), newest first.</summary>
public static class ListMyCases
{
    public sealed record Query : IRequest<IReadOnlyList<CaseSummary>>;

    internal sealed class Handler(StorefrontDb db, CurrentUser user, TimeProvider clock) : IRequestHandler<Query, IReadOnlyList<CaseSummary>>
    {
        public async Task<IReadOnlyList<CaseSummary>> Handle(Query request, CancellationToken cancellationToken)
        {
            var shopperId = user.RequiredId;
            var now = clock.GetUtcNow();
            var cases = await db.AfterSalesCases.AsNoTracking().Where(c => c.ShopperId == shopperId)
                .OrderByDescending(c => c.RequestedAt).Take(200).ToListAsync(cancellationToken);
            return [.. cases.Select(c => CaseSummary.From(c, now))];
        }
    }

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/after-sales", async (IMediator mediator, CancellationToken ct) => TypedResults.Ok(await mediator.Send(new Query(), ct)))
            .RequireAuthorization(Policies.Shopper).WithTags("After-sales");
}
