using MediatR;
using Microsoft.EntityFrameworkCore;
using Storefront.Web.Infrastructure.Data;

namespace Storefront.Web.Features.Catalog.Recommendations;

/// <summary>
/// 最近浏览: the products the visitor viewed last, newest first, from visit tracking's product views of the visitor id in its
/// first-party cookie (persistent once the shopper has signed in, docs/decisions/0045). Shown on the cart page, which is
/// rendered per shopper anyway, so the cached product pages stay the same for everyone. Listed and in stock only.
/// </summary>
public static class RecentlyViewed
{
    public const int MaxShown = 8;

    private const int LookBack = 40;

    public sealed record Query(Guid? VisitorId, IReadOnlyList<Guid> Exclude) : IRequest<IReadOnlyList<RecommendedCard>>;

    private sealed record Row(string Slug, DateTimeOffset At);

    internal sealed class Handler(StorefrontDb db) : IRequestHandler<Query, IReadOnlyList<RecommendedCard>>
    {
        public async Task<IReadOnlyList<RecommendedCard>> Handle(Query request, CancellationToken cancellationToken)
        {
            if (request.VisitorId is not { } visitor || db.TenantId is not { } tenant)
            {
                return [];
            }

            // The latest views first (index ix_visit_events_visitor), then each product's latest.
            var views = await db.Database.SqlQuery<Row>($"""
                select product_slug as "Slug", at as "At" from visit_events
                where tenant_id = {tenant} and visitor_id = {visitor} and kind = 'ProductView' and product_slug is not null
                order by at desc limit {LookBack}
                """).ToListAsync(cancellationToken);
            var slugs = views.Select(v => v.Slug).Distinct().ToList();
            var ids = await db.Products.AsNoTracking().Where(p => slugs.Contains(p.Slug)).Select(p => new { p.Slug, p.Id })
                .ToDictionaryAsync(p => p.Slug, p => p.Id, cancellationToken);
            return await RecommendationCards.LoadAsync(db, [.. slugs.Where(ids.ContainsKey).Select(s => ids[s])], request.Exclude.ToHashSet(), MaxShown,
                cancellationToken);
        }
    }
}
