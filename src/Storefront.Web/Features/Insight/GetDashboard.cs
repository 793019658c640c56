using System.Runtime.CompilerServices;
using FluentValidation;
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
    public sealed record Query : IRequest<Result>
    {
        public PeriodKind Period { get; init; } = PeriodKind.Today;

        /// <summary>With <see cref="To"/>, a custom range of the store's days (both included); overrides <see cref="Period"/>.</summary>
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

    internal sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            RuleFor(q => q.From).NotNull().When(q => q.To is not null || q.Period == PeriodKind.Custom).WithMessage(_ => InsightText.FromRequired);
            RuleFor(q => q.To).NotNull().When(q => q.From is not null || q.Period == PeriodKind.Custom).WithMessage(_ => InsightText.ToRequired);
            RuleFor(q => q.To).GreaterThanOrEqualTo(q => q.From).When(q => q.From is not null && q.To is not null)
                .WithMessage(_ => InsightText.ToBeforeFrom);
            RuleFor(q => q.From).Must(IsSensible).When(q => q.From is not null).WithMessage(_ => InsightText.DayOutOfRange);
            RuleFor(q => q.To).Must(IsSensible).When(q => q.To is not null).WithMessage(_ => InsightText.DayOutOfRange);
            RuleFor(q => q.To).Must((q, to) => to!.Value.DayNumber - q.From!.Value.DayNumber < DashboardPeriod.MaxDays)
                .When(q => q.From is not null && q.To is not null && q.To >= q.From)
                .WithMessage(_ => string.Format(InsightText.RangeTooLong, DashboardPeriod.MaxDays));
        }
    }

    /// <summary>A day anyone could mean (years 2000–2100): the period before it must still be a date.</summary>
    private static bool IsSensible(DateOnly? day) => day is { Year: >= 2000 and <= 2100 };

    internal sealed class Handler(StorefrontDb db, TenantContext tenant, TimeProvider clock) : IRequestHandler<Query, Result>
    {
        public async Task<Result> Handle(Query request, CancellationToken cancellationToken)
        {
            var store = tenant.Store;
            var id = tenant.RequiredId;
            var at = clock.GetUtcNow();
            var (kind, period) = request is { From: { } from, To: { } to }
                ? (PeriodKind.Custom, DashboardPeriod.Custom(from, to))
                : (request.Period, DashboardPeriod.For(request.Period, StoreTime.DayOf(store, at)));
            var previous = period.Previous;

            var days = await db.Set<InsightDay>().AsNoTracking()
                .Where(d => d.Day >= previous.From && d.Day <= period.To)
                .ToListAsync(cancellationToken);
            var buyersPerDay = await PeriodMemo.CountAsync(db, tenant, at, "buyers-per-day", period.From, period.To,
                (from, to, members) => BuyersPerDayAsync(id, from, to, members, cancellationToken),
                (closed, _, today) => [.. closed, .. today], cancellationToken);   // days are disjoint: the kept ones, then today
            var current = await TotalsAsync(at, period, days, cancellationToken);
            var before = await TotalsAsync(at, previous, days, cancellationToken);

            var byDay = days.ToDictionary(d => d.Day);
            var buyers = buyersPerDay.ToDictionary(b => b.Day, b => b.Buyers);
            var trend = Enumerable.Range(0, period.Days).Select(period.From.AddDays).Select(day => new DayFigures(day, InsightFigures.From(
                byDay.TryGetValue(day, out var d) ? Totals(d, buyers.GetValueOrDefault(day), 0) : InsightTotals.Zero))).ToList();

            var (now, then) = (InsightFigures.From(current), InsightFigures.From(before));
            var funnel = VisitFunnel.Total(await GetFunnel.CountAsync(db, tenant, at, period.From, period.To, cancellationToken));
            var visitors = new Visitors(true, funnel.Visitors, VisitFunnel.Rate(current.PayingBuyers, funnel.Visitors), funnel.AddToCartRate, funnel.OrderRate);
            return new Result(StoreTime.Zone(store).Id, kind, period.From, period.To, previous.From, previous.To, now, then, Compare(now, then),
                visitors, trend);
        }

        /// <summary>The period's sums from the day rows already read, and its distinct and repeat buyers (<see cref="PeriodMemo"/>).</summary>
        private async Task<InsightTotals> TotalsAsync(DateTimeOffset now, DashboardPeriod period, List<InsightDay> days, CancellationToken ct)
        {
            var counts = await PeriodMemo.CountAsync(db, tenant, now, "buyers", period.From, period.To,
                (from, to, members) => BuyersAsync(tenant.RequiredId, from, to, members, ct), BuyerCounts.Patch, ct);
            var inPeriod = days.Where(d => d.Day >= period.From && d.Day <= period.To).ToList();
            return new InsightTotals(
                inPeriod.Sum(d => d.PaidAmount), inPeriod.Sum(d => d.PaidOrders), counts.Buyers, counts.RepeatBuyers,
                inPeriod.Sum(d => d.RefundedAmount), inPeriod.Sum(d => d.RefundedOrders), inPeriod.Sum(d => d.NewMembers),
                inPeriod.Sum(d => d.ShippedOrders), inPeriod.Sum(d => d.ShipSeconds), inPeriod.Sum(d => d.AnsweredCases), inPeriod.Sum(d => d.AnswerSeconds));
        }

        /// <summary>
        /// Distinct and repeat buyers of from–to (one grouped read), of all buyers or only of those who paid on
        /// <paramref name="membersOf"/> (a semi-join: their rows are found through the buyer index, not by reading the range).
        /// </summary>
        private Task<BuyerCounts> BuyersAsync(Guid id, DateOnly from, DateOnly to, DateOnly? membersOf, CancellationToken ct)
        {
            // Arguments by position: {0} store, {1} from, {2} to, {3} the members' day (only when it is given).
            var members = membersOf is null ? "" : "and shopper_id in (select shopper_id from insight_buyer_days where tenant_id = {0} and day = {3})";
            object[] arguments = membersOf is { } day ? [id, from, to, day] : [id, from, to];
            return db.Database.SqlQuery<BuyerCounts>(FormattableStringFactory.Create($$"""
                select count(*)::int as "Buyers", (count(*) filter (where n >= 2))::int as "RepeatBuyers"
                from (select sum(paid_orders) as n from insight_buyer_days
                      where tenant_id = {0} and day between {1} and {2} {{members}} group by shopper_id) b
                """, arguments)).SingleAsync(ct);
        }

        /// <summary>Paying buyers per day of from–to (only the day <paramref name="membersOf"/> when it is given).</summary>
        private Task<List<DayBuyers>> BuyersPerDayAsync(Guid id, DateOnly from, DateOnly to, DateOnly? membersOf, CancellationToken ct) =>
            db.Database.SqlQuery<DayBuyers>($"""
                select day as "Day", count(*)::int as "Buyers" from insight_buyer_days
                where tenant_id = {id} and day between {(membersOf ?? from)} and {(membersOf ?? to)} and day between {from} and {to} group by day
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
