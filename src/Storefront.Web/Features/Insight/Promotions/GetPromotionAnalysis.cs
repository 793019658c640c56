using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Storefront.Domain.Insight;
using Storefront.Domain.Pricing;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Identity;
using Storefront.Web.Infrastructure.Tenancy;

namespace Storefront.Web.Features.Insight.Promotions;

/// <summary>
/// 营销分析 for a period of the store's days: per 满减/满折, coupon, 限时折扣 and 秒杀 session, the paid orders that used it, their
/// GMV, the units it priced, its discount cost, ROI (GMV ÷ discount) and for coupons the copies claimed and the redemption rate
/// (used ÷ claimed). Read from promotion_days (migration 0045), never from the orders (docs/metrics.md, decision 0047).
/// Every promotion of the store is listed, used or not.
/// </summary>
public static class GetPromotionAnalysis
{
    public sealed record Query : IRequest<Result>, IPeriodQuery
    {
        public PeriodKind Period { get; init; } = PeriodKind.Last30Days;

        public DateOnly? From { get; init; }

        public DateOnly? To { get; init; }
    }

    /// <summary>Kind is the adjustment kind (order-promotion, coupon, item-discount, flash). Claimed and redemption: coupons only.</summary>
    public sealed record Row(string Kind, Guid Id, string Name, int Orders, int Units, decimal Gmv, decimal Discount, decimal? Roi, int? Claimed,
        decimal? RedemptionRate);

    public sealed record Result(string TimeZone, PeriodKind Period, DateOnly From, DateOnly To, IReadOnlyList<Row> Rows);

    internal sealed class Validator : PeriodRules<Query>;

    internal sealed class Handler(StorefrontDb db, TenantContext tenant, TimeProvider clock) : IRequestHandler<Query, Result>
    {
        public async Task<Result> Handle(Query request, CancellationToken cancellationToken)
        {
            var (kind, period) = PeriodQuery.Resolve(request, tenant.Store, clock.GetUtcNow());
            var sums = await db.Set<PromotionDay>().AsNoTracking().Where(d => d.Day >= period.From && d.Day <= period.To)
                .GroupBy(d => new { d.Kind, d.PromotionId })
                .Select(g => new Sum(g.Key.Kind, g.Key.PromotionId, g.Sum(d => d.Orders), g.Sum(d => d.Units), g.Sum(d => d.Gmv), g.Sum(d => d.Discount),
                    g.Sum(d => d.Claimed)))
                .ToDictionaryAsync(s => (s.Kind, s.PromotionId), cancellationToken);

            var named = new List<(string Kind, Guid Id, string Name)>();
            named.AddRange((await db.OrderPromotions.AsNoTracking().OrderByDescending(p => p.CreatedAt).Select(p => new { p.Id, p.Name })
                .ToListAsync(cancellationToken)).Select(p => (AdjustmentKinds.OrderPromotion, p.Id, p.Name)));
            named.AddRange((await db.Coupons.AsNoTracking().OrderByDescending(p => p.CreatedAt).Select(p => new { p.Id, p.Name })
                .ToListAsync(cancellationToken)).Select(p => (AdjustmentKinds.Coupon, p.Id, p.Name)));
            named.AddRange((await db.ItemDiscounts.AsNoTracking().OrderByDescending(p => p.CreatedAt).Select(p => new { p.Id, p.Name })
                .ToListAsync(cancellationToken)).Select(p => (AdjustmentKinds.ItemDiscount, p.Id, p.Name)));
            named.AddRange((await db.FlashSales.AsNoTracking().OrderByDescending(p => p.StartsAt).Select(p => new { p.Id, p.Name })
                .ToListAsync(cancellationToken)).Select(p => (AdjustmentKinds.Flash, p.Id, p.Name)));

            var rows = named.Select(n =>
            {
                var s = sums.GetValueOrDefault((n.Kind, n.Id)) ?? new Sum(n.Kind, n.Id, 0, 0, 0, 0, 0);
                var coupon = n.Kind == AdjustmentKinds.Coupon;
                return new Row(n.Kind, n.Id, n.Name, s.Orders, s.Units, s.Gmv, s.Discount, InsightRates.Roi(s.Gmv, s.Discount), coupon ? s.Claimed : null,
                    coupon ? InsightRates.Rate(s.Orders, s.Claimed) : null);
            }).ToList();
            return new Result(StoreTime.Zone(tenant.Store).Id, kind, period.From, period.To, rows);
        }
    }

    internal sealed record Sum(string Kind, Guid PromotionId, int Orders, int Units, decimal Gmv, decimal Discount, int Claimed);

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/admin/insight/promotions", async (IMediator m, CancellationToken ct, [FromQuery] PeriodKind? period = null,
                [FromQuery] DateOnly? from = null, [FromQuery] DateOnly? to = null) =>
                TypedResults.Ok(await m.Send(Ask(period, from, to), ct)))
            .RequireAuthorization(Policies.Insight).WithTags("Admin insight").ProducesValidationProblem();

    internal static Query Ask(PeriodKind? period, DateOnly? from, DateOnly? to) => new() { Period = period ?? PeriodKind.Last30Days, From = from, To = to };

    /// <summary>The kind's name for staff (满减/满折, 优惠券, 限时折扣, 秒杀).</summary>
    public static string KindName(string kind) => kind switch
    {
        AdjustmentKinds.OrderPromotion => PromotionAnalysisText.Kind_OrderPromotion,
        AdjustmentKinds.Coupon => PromotionAnalysisText.Kind_Coupon,
        AdjustmentKinds.ItemDiscount => PromotionAnalysisText.Kind_ItemDiscount,
        _ => PromotionAnalysisText.Kind_Flash,
    };
}
