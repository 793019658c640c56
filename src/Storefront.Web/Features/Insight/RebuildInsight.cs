using MediatR;
using Microsoft.EntityFrameworkCore;
using Storefront.Web.Infrastructure.Behaviors;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Identity;
using Storefront.Web.Infrastructure.Tenancy;

namespace Storefront.Web.Features.Insight;

/// <summary>
/// Recounts the store's daily rollups from its orders, refunds, parcels, shoppers and cases (SQL insight_rebuild,
/// migration 0030), in one transaction: the catch-up after rows were written with the triggers off or a bug was fixed.
/// The triggers keep the rollups without it. Store owner only.
/// </summary>
public static class RebuildInsight
{
    public sealed record Command : ICommand<Result>;

    public sealed record Result(int Days);

    internal sealed class Handler(StorefrontDb db, TenantContext tenant) : IRequestHandler<Command, Result>
    {
        public async Task<Result> Handle(Command request, CancellationToken cancellationToken)
        {
            var id = tenant.RequiredId;
            await db.Database.ExecuteSqlAsync($"select insight_rebuild({id})", cancellationToken);
            await PeriodMemo.ClearAsync(db, id, cancellationToken);   // the kept period counts were made from the old rollups
            return new Result(await db.Set<Domain.Insight.InsightDay>().CountAsync(cancellationToken));
        }
    }

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/admin/dashboard/rebuild", async (IMediator m, CancellationToken ct) => TypedResults.Ok(await m.Send(new Command(), ct)))
            .RequireAuthorization(Policies.StoreOwner).WithTags("Admin insight");
}
