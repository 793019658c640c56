using MediatR;
using Microsoft.EntityFrameworkCore;
using Storefront.Domain.Catalog;
using Storefront.Web.Infrastructure.Behaviors;
using Storefront.Web.Infrastructure.Caching;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Tenancy;

namespace Storefront.Web.Features.Catalog.Recommendations;

/// <summary>
/// Computes the current store's recommendation lists (the recommendations job sends it store by store): association rules
/// (<see cref="AssociationRules"/>, with the store's thresholds) over the paid orders of the last <see cref="WindowDays"/> days
/// (经常一起买) and over the product views of each visitor's day in the same window, robots left out (看了又看), each kind
/// replacing its rows. Runs once across app nodes: the store's settings row is claimed FOR UPDATE SKIP LOCKED, and a store
/// computed less than <see cref="MinAge"/> ago is skipped. The store's cached pages are evicted when it commits (they show the lists).
/// </summary>
public static class RecomputeRecommendations
{
    public const int WindowDays = 180;

    public static readonly TimeSpan MinAge = TimeSpan.FromMinutes(10);

    /// <param name="Force">Recompute even when the store was computed within <see cref="MinAge"/> (tests, a settings change).</param>
    public sealed record Command(bool Force = false) : ICommand<Result>, IChangesCatalog;

    /// <param name="Computed">False when another node holds the store's claim or computed it recently.</param>
    /// <param name="Orders">Paid orders in the window (the baskets of 经常一起买).</param>
    /// <param name="BoughtTogether">Rules stored for 经常一起买.</param>
    /// <param name="ViewedTogether">Rules stored for 看了又看.</param>
    public sealed record Result(bool Computed, int Orders, int BoughtTogether, int ViewedTogether);

    private sealed record Row(string Basket, Guid ProductId);

    internal sealed class Handler(StorefrontDb db, TenantContext tenant, TimeProvider clock) : IRequestHandler<Command, Result>
    {
        public async Task<Result> Handle(Command request, CancellationToken cancellationToken)
        {
            var id = tenant.RequiredId;
            var now = clock.GetUtcNow();
            await db.Database.ExecuteSqlAsync(
                $"insert into recommendation_settings (tenant_id, updated_at) values ({id}, {now}) on conflict (tenant_id) do nothing", cancellationToken);
            var settings = await db.RecommendationSettings
                .FromSql($"select * from recommendation_settings where tenant_id = {id} for update skip locked")
                .SingleOrDefaultAsync(cancellationToken);
            if (settings is null || (!request.Force && settings.ComputedAt > now - MinAge))
            {
                return new Result(false, 0, 0, 0);
            }

            var since = now.AddDays(-WindowDays);
            var orders = await db.Database.SqlQuery<Row>($"""
                select l.order_id::text as "Basket", l.product_id as "ProductId"
                from order_lines l join orders o on o.tenant_id = l.tenant_id and o.id = l.order_id
                where o.tenant_id = {id} and o.paid_at >= {since}
                """).ToListAsync(cancellationToken);
            var views = await db.Database.SqlQuery<Row>($"""
                select e.visitor_id::text || ' ' || e.day::text as "Basket", p.id as "ProductId"
                from visit_events e join products p on p.tenant_id = e.tenant_id and p.slug = e.product_slug
                where e.tenant_id = {id} and e.kind = 'ProductView' and e.at >= {since}
                  and not exists (select 1 from visit_visitor_days d
                                  where d.tenant_id = e.tenant_id and d.day = e.day and d.visitor_id = e.visitor_id and d.bot)
                group by 1, 2
                """).ToListAsync(cancellationToken);

            var bought = AssociationRules.Mine(Baskets(orders), settings.Thresholds);
            var viewed = AssociationRules.Mine(Baskets(views), settings.Thresholds);
            await db.ProductRecommendations.ExecuteDeleteAsync(cancellationToken);
            db.ProductRecommendations.AddRange(ProductRecommendation.From(id, RecommendationKind.BoughtTogether, bought, now));
            db.ProductRecommendations.AddRange(ProductRecommendation.From(id, RecommendationKind.ViewedTogether, viewed, now));
            settings.Computed(now);
            return new Result(true, orders.Select(o => o.Basket).Distinct().Count(), bought.Count, viewed.Count);
        }

        private static IEnumerable<IEnumerable<Guid>> Baskets(List<Row> rows) => rows.GroupBy(r => r.Basket, r => r.ProductId);
    }
}
