using MediatR;
using Microsoft.EntityFrameworkCore;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Identity;
using Storefront.Web.Infrastructure.Tenancy;

namespace Storefront.Web.Features.Insight.Products;

/// <summary>
/// 库存预警 by sales pace: the SKUs whose stock covers fewer days than the store's lead time, with the quantity to order
/// (<see cref="Storefront.Domain.Insight.StockCover"/>). Shown on the low-stock page beside the threshold alerts.
/// </summary>
public static class ReorderSuggestions
{
    public sealed record Query : IRequest<Result>;

    public sealed record Result(int LeadDays, IReadOnlyList<StockCoverRows.Row> Rows);

    internal sealed class Handler(StorefrontDb db, TenantContext tenant, TimeProvider clock) : IRequestHandler<Query, Result>
    {
        public async Task<Result> Handle(Query request, CancellationToken cancellationToken)
        {
            var id = tenant.RequiredId;
            var lead = await db.Stores.AsNoTracking().Where(s => s.Id == id).Select(s => s.ReorderLeadDays).SingleAsync(cancellationToken);
            var today = StoreTime.DayOf(tenant.Store, clock.GetUtcNow());
            return new Result(lead, await StockCoverRows.ReadAsync(db, today, lead, onlyToReorder: true, cancellationToken));
        }
    }

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/admin/catalog/reorder-suggestions", async (IMediator m, CancellationToken ct) => TypedResults.Ok(await m.Send(new Query(), ct)))
            .RequireAuthorization(Policies.Catalog).WithTags("Admin catalog");
}
