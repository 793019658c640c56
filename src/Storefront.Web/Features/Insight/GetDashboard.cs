using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Storefront.Domain.Insight;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Identity;
using Storefront.Web.Infrastructure.Tenancy;

namespace Storefront.Web.Features.Insight;

/// <summary>
/// The dashboard's figures for a period of the store's days (today, yesterday, the last 7 or 30 days, or from–to), each
/// beside the same figure of the period just before, and their daily trend. Read from the per-store, per-day rollups
/// (migration 0030), never from the orders: a handful of indexed range reads whatever the store's size. Definitions:
/// docs/metrics.md. Visitor figures (UV, 转化率, 加购率, 下单率) come from the tracked visitors' day rows (<see cref="GetFunnel"/>).
/// </summary>
public static class GetDashboard
{
    public sealed record Query : IRequest<Result>, IPeriodQuery
    {
        public PeriodKind Period { get; init; } = PeriodKind.Today;

        public DateOnly? From { get; init; }

        public DateOnly? To { get; init; }
    }

    public sealed record Result(
        string TimeZone,
        PeriodKind Period,
        DateOnly From,
        DateOnly To,
        DateOnly PreviousFrom,
        DateOnly PreviousTo,
        InsightFigures Current,
        InsightFigures Previous,
        Changes Change,
        Visitors Visitors,
        IReadOnlyList<DayFigures> Days);

    /// <summary>Each figure's relative change against the previous period (0.25 = +25 %); null when the previous one is 0 or none.</summary>
    public sealed record Changes(
        decimal? Gmv,
        decimal? PaidOrders,
        decimal? PayingBuyers,
        decimal? AverageOrderValue,
        decimal? RepurchaseRate,
        decimal? RefundRateByAmount,
        decimal? RefundRateByOrders,
        decimal? NewMembers,
        decimal? AverageShipHours,
        decimal? AverageFirstResponseHours);

    /// <summary>The period's visitors (UV) and the rates over them; a rate is null when there were no visitors.</summary>
    public sealed record Visitors(bool Available, int? UniqueVisitors, decimal? ConversionRate, decimal? AddToCartRate, decimal? OrderRate);

    public sealed record DayFigures(DateOnly Day, InsightFigures Figures);

    internal sealed class Validator : PeriodRules<Query>;

    internal sealed class Handler(StorefrontDb db, TenantContext tenant, TimeProvider clock) : IRequestHandler<Query, Result>
    {
        public async Task<Result> Handle(Query request, CancellationToken cancellationToken)
        {
            var store = tenant.Store;
            var id = tenant.RequiredId;
            var at = clock.GetUtcNow();
            var (kind, period) = PeriodQuery.Resolve(request, store, at);
            var previous = period.Previous;

            // One connection for the request's dozen reads: every open resets the session and sets the store, a round trip each.
            await db.Database.OpenConnectionAsync(cancellationToken);
            // Today's buyer rows, read once: the period's buyers and its trend's today both come from them.
            Task<TodayBuyers>? todayRows = null;
            Task<TodayBuyers> TodayRows(DateOnly from, DateOnly today) =>
                from == period.From ? todayRows ??= TodayBuyersAsync(id, from, today, cancellationToken) : TodayBuyersAsync(id, from, today, cancellationToken);

            var days = await db.Set<InsightDay>().AsNoTracking()
                .Where(d => d.Day >= previous.From && d.Day <= period.To)
                .ToListAsync(cancellationToken);
            var buyersPerDay = await PeriodMemo.CountAsync(db, tenant, at, "buyers-per-day", period.From, period.To,
                (from, to) => BuyersPerDayAsync(id, from, to, cancellationToken),
                async (closed, today) => [.. closed, new DayBuyers { Day = today, Buyers = (await TodayRows(period.From, today)).AfterBuyers }],
                cancellationToken);
            var current = await TotalsAsync(at, period, days, TodayRows, cancellationToken);
            var before = await TotalsAsync(at, previous, days, TodayRows, cancellationToken);

            var byDay = days.ToDictionary(d => d.Day);
            var buyers = buyersPerDay.ToDictionary(b => b.Day, b => b.Buyers);
            var trend = Enumerable.Range(0, period.Days).Select(period.From.AddDays).Select(day => new DayFigures(day, InsightFigures.From(
                byDay.TryGetValue(day, out var d) ? Totals(d, buyers.GetValueOrDefault(day), 0) : InsightTotals.Zero))).ToList();

            var (now, then) = (InsightFigures.From(current), InsightFigures.From(before));
            var funnel = await GetFunnel.OverallAsync(db, tenant, at, period.From, period.To, cancellationToken);
            var visitors = new Visitors(true, funnel.Visitors, VisitFunnel.Rate(current.PayingBuyers, funnel.Visitors), funnel.AddToCartRate, funnel.OrderRate);
            return new Result(StoreTime.Zone(store).Id, kind, period.From, period.To, previous.From, previous.To, now, then, Compare(now, then),
                visitors, trend);
        }

        /// <summary>The period's sums from the day rows already read, and its distinct and repeat buyers (<see cref="PeriodMemo"/>).</summary>
        private async Task<InsightTotals> TotalsAsync(
            DateTimeOffset now, DashboardPeriod period, List<InsightDay> days, Func<DateOnly, DateOnly, Task<TodayBuyers>> todayRows, CancellationToken ct)
        {
            var counts = await PeriodMemo.CountAsync(db, tenant, now, "buyers", period.From, period.To,
                (from, to) => BuyersAsync(tenant.RequiredId, from, to, ct),
                async (closed, today) =>
                {
                    var rows = await todayRows(period.From, today);
                    return BuyerCounts.Patch(closed, new(rows.BeforeBuyers, rows.BeforeRepeat), new(rows.AfterBuyers, rows.AfterRepeat));
                }, ct);
            var inPeriod = days.Where(d => d.Day >= period.From && d.Day <= period.To).ToList();
            return new InsightTotals(
                inPeriod.Sum(d => d.PaidAmount), inPeriod.Sum(d => d.PaidOrders), counts.Buyers, counts.RepeatBuyers,
                inPeriod.Sum(d => d.RefundedAmount), inPeriod.Sum(d => d.RefundedOrders), inPeriod.Sum(d => d.NewMembers),
                inPeriod.Sum(d => d.ShippedOrders), inPeriod.Sum(d => d.ShipSeconds), inPeriod.Sum(d => d.AnsweredCases), inPeriod.Sum(d => d.AnswerSeconds));
        }

        /// <summary>Distinct and repeat buyers of from–to: one grouped read of their day rows.</summary>
        private Task<BuyerCounts> BuyersAsync(Guid id, DateOnly from, DateOnly to, CancellationToken ct) =>
            db.Database.SqlQuery<BuyerCounts>($"""
                select count(*)::int as "Buyers", (count(*) filter (where n >= 2))::int as "RepeatBuyers"
                from (select sum(paid_orders) as n from insight_buyer_days where tenant_id = {id} and day between {from} and {to} group by shopper_id) b
                """).SingleAsync(ct);

        /// <summary>
        /// Today's buyers of a period from <paramref name="from"/> on, by key (migration 0055): a buyer of today bought earlier in
        /// the period when its previous paid day is in it, twice when its second previous one is (or the previous day had two
        /// orders), and is a repeat buyer of the whole period then, or when it paid twice today.
        /// </summary>
        private Task<TodayBuyers> TodayBuyersAsync(Guid id, DateOnly from, DateOnly today, CancellationToken ct) =>
            db.Database.SqlQuery<TodayBuyers>($"""
                select coalesce(sum(buyers) filter (where previous_day >= {from}), 0)::int as "BeforeBuyers",
                       (select coalesce(sum(buyers), 0) from insight_buyer_second_counts
                        where tenant_id = {id} and day = {today} and second_previous_day >= {from})::int as "BeforeRepeat",
                       coalesce(sum(buyers), 0)::int as "AfterBuyers",
                       (coalesce(sum(buyers) filter (where previous_day >= {from}), 0)
                        + coalesce(sum(repeat_buyers) filter (where previous_day < {from}), 0))::int as "AfterRepeat"
                from insight_buyer_previous_counts where tenant_id = {id} and day = {today}
                """).SingleAsync(ct);

        /// <summary>Paying buyers per day of from–to.</summary>
        private Task<List<DayBuyers>> BuyersPerDayAsync(Guid id, DateOnly from, DateOnly to, CancellationToken ct) =>
            db.Database.SqlQuery<DayBuyers>($"""
                select day as "Day", count(*)::int as "Buyers" from insight_buyer_days
                where tenant_id = {id} and day between {from} and {to} group by day
                """).ToListAsync(ct);

        private static InsightTotals Totals(InsightDay d, int buyers, int repeatBuyers) => new(
            d.PaidAmount, d.PaidOrders, buyers, repeatBuyers, d.RefundedAmount, d.RefundedOrders, d.NewMembers, d.ShippedOrders, d.ShipSeconds,
            d.AnsweredCases, d.AnswerSeconds);

        private static Changes Compare(InsightFigures now, InsightFigures then) => new(
            InsightFigures.Change(now.Gmv, then.Gmv),
            InsightFigures.Change(now.PaidOrders, then.PaidOrders),
            InsightFigures.Change(now.PayingBuyers, then.PayingBuyers),
            InsightFigures.Change(now.AverageOrderValue, then.AverageOrderValue),
            InsightFigures.Change(now.RepurchaseRate, then.RepurchaseRate),
            InsightFigures.Change(now.RefundRateByAmount, then.RefundRateByAmount),
            InsightFigures.Change(now.RefundRateByOrders, then.RefundRateByOrders),
            InsightFigures.Change(now.NewMembers, then.NewMembers),
            InsightFigures.Change(now.AverageShipHours, then.AverageShipHours),
            InsightFigures.Change(now.AverageFirstResponseHours, then.AverageFirstResponseHours));
    }

    internal sealed class TodayBuyers
    {
        public int BeforeBuyers { get; set; }

        public int BeforeRepeat { get; set; }

        public int AfterBuyers { get; set; }

        public int AfterRepeat { get; set; }
    }

    internal sealed class DayBuyers
    {
        public DateOnly Day { get; set; }

        public int Buyers { get; set; }
    }

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/admin/dashboard", async (IMediator m, CancellationToken ct, [FromQuery] PeriodKind? period = null, [FromQuery] DateOnly? from = null,
                [FromQuery] DateOnly? to = null) =>
                TypedResults.Ok(await m.Send(new Query { Period = period ?? PeriodKind.Today, From = from, To = to }, ct)))
            .RequireAuthorization(Policies.Insight).WithTags("Admin insight").ProducesValidationProblem();
}
