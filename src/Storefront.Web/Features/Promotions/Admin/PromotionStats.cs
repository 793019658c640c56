using MediatR;
using Microsoft.EntityFrameworkCore;
using Storefront.Domain.Pricing;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Identity;

namespace Storefront.Web.Features.Promotions.Admin;

/// <summary>
/// How each promotion did (效果数据), from what orders not cancelled carry: the adjustments' SourceId names the 满减/满折
/// (order level), the shopper's coupon (order level, counted under its definition), the 限时折扣 or the flash item (line
/// level; a flash item also counts under its session). Uses: for order-level promotions the orders it applied to, for
/// item promotions the units sold with it. Discount: what it took off. Orders, and GMV: the totals of those orders.
/// Every promotion of the store is listed, used or not.
/// </summary>
public static class PromotionStats
{
    public sealed record Query : IRequest<Result>;

    public sealed record Row(Guid Id, string Name, int Uses, decimal Discount, int Orders, decimal Gmv);

    public sealed record Result(
        IReadOnlyList<Row> OrderPromotions,
        IReadOnlyList<Row> Coupons,
        IReadOnlyList<Row> ItemDiscounts,
        IReadOnlyList<Row> FlashSales,
        IReadOnlyList<Row> FlashItems);

    /// <summary>One promotion in one order: what it took off there and, for item promotions, the units it priced.</summary>
    internal sealed record Use(string Kind, Guid SourceId, Guid OrderId, decimal Total, int Units, decimal Discount);

    internal sealed class Handler(StorefrontDb db) : IRequestHandler<Query, Result>
    {
        public async Task<Result> Handle(Query request, CancellationToken cancellationToken)
        {
            var tenant = db.TenantId!.Value;
            var uses = await db.Database.SqlQuery<Use>($"""
                select e->>'kind' as "Kind", (e->>'sourceId')::uuid as "SourceId", o.id as "OrderId", o.total as "Total",
                       0 as "Units", sum((e->>'amount')::numeric) as "Discount"
                from orders o
                cross join lateral jsonb_array_elements(o.adjustments) e
                where o.tenant_id = {tenant} and o.status <> 'Cancelled' and e->>'sourceId' is not null
                  and e->>'kind' in ({AdjustmentKinds.OrderPromotion}, {AdjustmentKinds.Coupon})
                group by 1, 2, 3, 4
                union all
                select e->>'kind', (e->>'sourceId')::uuid, o.id, o.total, sum(l.quantity)::int, sum((e->>'amount')::numeric)
                from order_lines l
                join orders o on o.tenant_id = l.tenant_id and o.id = l.order_id
                cross join lateral jsonb_array_elements(l.adjustments) e
                where l.tenant_id = {tenant} and o.status <> 'Cancelled' and e->>'sourceId' is not null
                  and e->>'kind' in ({AdjustmentKinds.ItemDiscount}, {AdjustmentKinds.Flash})
                group by 1, 2, 3, 4
                """).ToListAsync(cancellationToken);

            var copies = uses.Where(u => u.Kind == AdjustmentKinds.Coupon).Select(u => u.SourceId).Distinct().ToList();
            var couponOf = await db.ShopperCoupons.AsNoTracking().Where(s => copies.Contains(s.Id))
                .ToDictionaryAsync(s => s.Id, s => s.CouponId, cancellationToken);
            var flashItems = await db.FlashSaleItems.AsNoTracking().ToListAsync(cancellationToken);
            var saleOf = flashItems.ToDictionary(i => i.Id, i => i.FlashSaleId);
            var skuIds = flashItems.Select(i => i.SkuId).Distinct().ToList();
            var skuNames = await (from s in db.Skus.AsNoTracking()
                                  join p in db.Products.AsNoTracking() on s.ProductId equals p.Id
                                  where skuIds.Contains(s.Id)
                                  select new { s.Id, Name = p.Name + " " + s.Code }).ToDictionaryAsync(s => s.Id, s => s.Name, cancellationToken);

            var promotions = await db.OrderPromotions.AsNoTracking()
                .OrderByDescending(p => p.CreatedAt)
                .Select(p => new { p.Id, p.Name })
                .ToListAsync(cancellationToken);
            var coupons = await db.Coupons.AsNoTracking().OrderByDescending(p => p.CreatedAt).Select(p => new { p.Id, p.Name }).ToListAsync(cancellationToken);
            var discounts = await db.ItemDiscounts.AsNoTracking()
                .OrderByDescending(p => p.CreatedAt)
                .Select(p => new { p.Id, p.Name })
                .ToListAsync(cancellationToken);
            var sales = await db.FlashSales.AsNoTracking().OrderByDescending(p => p.StartsAt).Select(p => new { p.Id, p.Name }).ToListAsync(cancellationToken);

            static Row Sum(Guid id, string name, IEnumerable<Use> of, bool units)
            {
                var list = of.ToList();
                var orders = list.GroupBy(u => u.OrderId).Select(g => g.First().Total).ToList();
                return new Row(id, name, units ? list.Sum(u => u.Units) : orders.Count, list.Sum(u => u.Discount), orders.Count, orders.Sum());
            }

            var byKind = uses.ToLookup(u => u.Kind);
            var promotionUses = byKind[AdjustmentKinds.OrderPromotion].ToLookup(u => u.SourceId);
            var couponUses = byKind[AdjustmentKinds.Coupon].Where(u => couponOf.ContainsKey(u.SourceId)).ToLookup(u => couponOf[u.SourceId]);
            var discountUses = byKind[AdjustmentKinds.ItemDiscount].ToLookup(u => u.SourceId);
            var flashUses = byKind[AdjustmentKinds.Flash].ToList();
            var itemUses = flashUses.ToLookup(u => u.SourceId);
            var saleUses = flashUses.Where(u => saleOf.ContainsKey(u.SourceId)).ToLookup(u => saleOf[u.SourceId]);
            return new Result(
                [.. promotions.Select(p => Sum(p.Id, p.Name, promotionUses[p.Id], units: false))],
                [.. coupons.Select(c => Sum(c.Id, c.Name, couponUses[c.Id], units: false))],
                [.. discounts.Select(d => Sum(d.Id, d.Name, discountUses[d.Id], units: true))],
                [.. sales.Select(s => Sum(s.Id, s.Name, saleUses[s.Id], units: true))],
                [.. flashItems.OrderBy(i => i.FlashSaleId)
                    .ThenBy(i => i.Id)
                    .Select(i => Sum(i.Id, skuNames.GetValueOrDefault(i.SkuId) ?? "", itemUses[i.Id], units: true))]);
        }
    }

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/admin/promotions/stats", async (IMediator m, CancellationToken ct) => TypedResults.Ok(await m.Send(new Query(), ct)))
            .RequireAuthorization(Policies.Marketing).WithTags("Admin promotions");
}
