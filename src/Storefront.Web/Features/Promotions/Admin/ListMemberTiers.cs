using MediatR;
using Microsoft.EntityFrameworkCore;
using Storefront.Domain.Members;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Identity;

namespace Storefront.Web.Features.Promotions.Admin;

/// <summary>The store's member tiers (会员等级) from the lowest growth threshold up, with how many members each holds.</summary>
public static class ListMemberTiers
{
    public sealed record Query : IRequest<IReadOnlyList<Row>>;

    public sealed record Row(Guid Id, string Name, decimal GrowthThreshold, decimal DiscountRate, bool FreeShipping, decimal PointsMultiplier, int Members)
    {
        internal static Row From(MemberTier t, int members = 0) =>
            new(t.Id, t.Name, t.GrowthThreshold, t.DiscountRate, t.FreeShipping, t.PointsMultiplier, members);
    }

    internal sealed class Handler(StorefrontDb db) : IRequestHandler<Query, IReadOnlyList<Row>>
    {
        public async Task<IReadOnlyList<Row>> Handle(Query request, CancellationToken cancellationToken)
        {
            var tiers = await db.MemberTiers.AsNoTracking().OrderBy(t => t.GrowthThreshold).ToListAsync(cancellationToken);
            var members = await db.MemberAccounts.AsNoTracking().Where(a => a.TierId != null).GroupBy(a => a.TierId!.Value)
                .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
            return [.. tiers.Select(t => Row.From(t, members.GetValueOrDefault(t.Id)))];
        }
    }

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/admin/promotions/member-tiers", async (IMediator m, CancellationToken ct) => TypedResults.Ok(await m.Send(new Query(), ct)))
            .RequireAuthorization(Policies.Marketing).WithTags("Admin members");
}
