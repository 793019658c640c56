using System.Globalization;
using System.Runtime.CompilerServices;
using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Storefront.Domain.Insight;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Identity;
using Storefront.Web.Infrastructure.Tenancy;

namespace Storefront.Web.Features.Insight;

/// <summary>
/// The visit funnel of a period of the store's days, overall and per source: visitors → product viewers → add-to-cart →
/// checkout → placed → paid, counted from the visitors' day rows (migrations 0041 and 0042), robots excluded. A visitor's
/// source in a period is the first source other than (direct) of its days in it. Definitions: docs/metrics.md.
/// </summary>
public static class GetFunnel
{
    public sealed record Query : IRequest<Result>, IPeriodQuery
    {
        public PeriodKind Period { get; init; } = PeriodKind.Last7Days;

        public DateOnly? From { get; init; }

        public DateOnly? To { get; init; }
    }

    public sealed record Result(DateOnly From, DateOnly To, VisitFunnel Overall, IReadOnlyList<VisitFunnel> Sources);

    internal sealed class Validator : PeriodRules<Query>;

    internal sealed class Handler(StorefrontDb db, TenantContext tenant, TimeProvider clock) : IRequestHandler<Query, Result>
    {
        public async Task<Result> Handle(Query request, CancellationToken cancellationToken)
        {
            var now = clock.GetUtcNow();
            var (_, period) = PeriodQuery.Resolve(request, tenant.Store, now);
            await db.Database.OpenConnectionAsync(cancellationToken);   // one connection for its reads: each open is a round trip
            var sources = await CountAsync(db, tenant, now, period.From, period.To, cancellationToken);
            return new Result(period.From, period.To, VisitFunnel.Total(sources), sources);
        }
    }

    /// <summary>The funnel per source of the store's days from–to, largest first (a kept count for the days before today: <see cref="PeriodMemo"/>).</summary>
    internal static Task<List<VisitFunnel>> CountAsync(StorefrontDb db, TenantContext tenant, DateTimeOffset now, DateOnly from, DateOnly to,
        CancellationToken ct)
    {
        var id = tenant.RequiredId;
        return PeriodMemo.CountAsync(db, tenant, now, "funnel", from, to, (f, t) => PeriodAsync(db, id, f, t, ct), WithTodayAsync, ct);

        // Today's visitors who came earlier in the period are counted again over it, without and with today, in one read of their
        // rows (found through the partial index of returning visitors); the others by today's row, summed from the per-source
        // counts (migration 0053).
        async Task<List<VisitFunnel>> WithTodayAsync(List<VisitFunnel> closed, DateOnly today)
        {
            var (before, after) = await ReturningAsync(db, id, from, today, ct);
            var first = await FirstDayAsync(db, id, today, from, ct);
            return VisitFunnel.Patch(VisitFunnel.Patch(closed, before, after), [], first);
        }
    }

    /// <summary>
    /// The whole funnel of the store's days from–to (the dashboard's visitor figures): with today, the kept count of the days
    /// before it (shared with <see cref="CountAsync"/>), plus today's first-time visitors by key, plus what today's returning
    /// visitors change, from their rows of today alone (their steps' previous days, migration 0054).
    /// </summary>
    internal static async Task<VisitFunnel> OverallAsync(StorefrontDb db, TenantContext tenant, DateTimeOffset now, DateOnly from, DateOnly to,
        CancellationToken ct)
    {
        var id = tenant.RequiredId;
        return VisitFunnel.Total(await PeriodMemo.CountAsync(db, tenant, now, "funnel", from, to, (f, t) => PeriodAsync(db, id, f, t, ct),
            async (closed, today) => [.. closed, .. await FirstDayAsync(db, id, today, from, ct), await ReturningChangeAsync(db, id, from, today, ct)], ct));
    }

    /// <summary>
    /// Visitors seen on one day of the period (no neighbour day in it: previous_day and next_day, migration 0052) count by that
    /// row alone; only the others are grouped per visitor, found through their partial index (its predicate repeated so that
    /// the planner takes it). Arguments by position: {0} store, {1} from, {2} to.
    /// </summary>
    private static async Task<List<VisitFunnel>> PeriodAsync(StorefrontDb db, Guid id, DateOnly from, DateOnly to, CancellationToken ct)
    {
        const string oneDay = "and (previous_day is null or previous_day < {1}) and (next_day is null or next_day > {2})";
        const string more = "and (previous_day is not null or next_day is not null) and (previous_day >= {1} or next_day <= {2})";
        return VisitFunnel.Patch(await OneDayAsync(db, [id, from, to], oneDay, ct), [], await GroupedAsync(db, [id, from, to], more, ct));
    }

    /// <summary>
    /// What today's visitors who came on an earlier day of from–today change in the whole funnel (a difference, so possibly
    /// negative: a robot today takes its visitor out). From today's rows only: a row's steps' previous days say whether its
    /// visitor counted from `from` to yesterday (a page view, never a robot) and with which steps.
    /// </summary>
    private static Task<VisitFunnel> ReturningChangeAsync(StorefrontDb db, Guid id, DateOnly from, DateOnly today, CancellationToken ct) =>
        db.Database.SqlQuery<SourceRow>($"""
            select '' as "Source", (count(*) filter (where a) - count(*) filter (where b))::int as "Visitors",
                   (count(*) filter (where a and (product_views > 0 or pv)) - count(*) filter (where b and pv))::int as "ProductViewers",
                   (count(*) filter (where a and (add_to_carts > 0 or ac)) - count(*) filter (where b and ac))::int as "AddedToCart",
                   (count(*) filter (where a and (checkouts > 0 or co)) - count(*) filter (where b and co))::int as "CheckedOut",
                   (count(*) filter (where a and (orders > 0 or o)) - count(*) filter (where b and o))::int as "Ordered",
                   (count(*) filter (where a and (paid_orders > 0 or p)) - count(*) filter (where b and p))::int as "Paid"
            from (select product_views, add_to_carts, checkouts, orders, paid_orders,
                         coalesce(prev_product_view_day >= {from}, false) as pv, coalesce(prev_cart_day >= {from}, false) as ac,
                         coalesce(prev_checkout_day >= {from}, false) as co, coalesce(prev_order_day >= {from}, false) as o,
                         coalesce(prev_paid_day >= {from}, false) as p,
                         not coalesce(prev_bot_day >= {from}, false) and coalesce(prev_page_view_day >= {from}, false) as b,
                         not (coalesce(prev_bot_day >= {from}, false) or bot) and (coalesce(prev_page_view_day >= {from}, false) or page_views > 0) as a
                  from visit_visitor_days
                  where tenant_id = {id} and day = {today} and previous_day >= {from} and (previous_day is not null or next_day is not null)) r
            """).Select(r => new VisitFunnel(r.Source, r.Visitors, r.ProductViewers, r.AddedToCart, r.CheckedOut, r.Ordered, r.Paid)).SingleAsync(ct);

    /// <summary>
    /// The funnel per source of today's visitors who came on an earlier day of from–today, over from–yesterday (before) and over
    /// from–today (after): each visitor's rows grouped once, the days before today picked out by a filter.
    /// </summary>
    private static async Task<(List<VisitFunnel> Before, List<VisitFunnel> After)> ReturningAsync(StorefrontDb db, Guid id, DateOnly from,
        DateOnly today, CancellationToken ct)
    {
        const string before = "filter (where day < {2})";
        var rows = await db.Database.SqlQuery<SideRow>(FormattableStringFactory.Create($$"""
            with v as (
                select (array_agg(source order by source = '(direct)', day) {{before}})[1] as b_source, sum(product_views) {{before}} as b_product_views,
                       sum(add_to_carts) {{before}} as b_add_to_carts, sum(checkouts) {{before}} as b_checkouts, sum(orders) {{before}} as b_orders,
                       sum(paid_orders) {{before}} as b_paid_orders, bool_or(bot) {{before}} as b_bot, sum(page_views) {{before}} as b_page_views,
                       (array_agg(source order by source = '(direct)', day))[1] as source, sum(product_views) as product_views,
                       sum(add_to_carts) as add_to_carts, sum(checkouts) as checkouts, sum(orders) as orders, sum(paid_orders) as paid_orders,
                       bool_or(bot) as bot, sum(page_views) as page_views
                from visit_visitor_days
                where tenant_id = {0} and day between {1} and {2}
                  and visitor_id in (select visitor_id from visit_visitor_days where tenant_id = {0} and day = {2} and previous_day >= {1}
                                     and (previous_day is not null or next_day is not null))
                group by visitor_id)
            select true as "Before", b_source as "Source", count(*)::int as "Visitors", (count(*) filter (where b_product_views > 0))::int as "ProductViewers",
                   (count(*) filter (where b_add_to_carts > 0))::int as "AddedToCart", (count(*) filter (where b_checkouts > 0))::int as "CheckedOut",
                   (count(*) filter (where b_orders > 0))::int as "Ordered", (count(*) filter (where b_paid_orders > 0))::int as "Paid"
            from v where not b_bot and b_page_views > 0 group by b_source
            union all
            select false, source, count(*)::int, (count(*) filter (where product_views > 0))::int, (count(*) filter (where add_to_carts > 0))::int,
                   (count(*) filter (where checkouts > 0))::int, (count(*) filter (where orders > 0))::int, (count(*) filter (where paid_orders > 0))::int
            from v where not bot and page_views > 0 group by source
            """, id, from, today)).ToListAsync(ct);
        return (Sorted([.. rows.Where(r => r.Before)]), Sorted([.. rows.Where(r => !r.Before)]));
    }

    /// <summary>
    /// The funnel per source of the visitors' day rows of days {1}–{2} of store {0} that meet <paramref name="rows"/> (SQL,
    /// arguments by position), grouped per visitor: a visitor's source is the first other than (direct) of its days.
    /// </summary>
    private static Task<List<VisitFunnel>> GroupedAsync(StorefrontDb db, object[] arguments, string rows, CancellationToken ct) =>
        FunnelAsync(db, arguments, $$"""
            select visitor_id, (array_agg(source order by source = '(direct)', day))[1] as source, sum(product_views) as product_views,
                   sum(add_to_carts) as add_to_carts, sum(checkouts) as checkouts, sum(orders) as orders, sum(paid_orders) as paid_orders
            from visit_visitor_days where tenant_id = {0} and day between {1} and {2} {{rows}}
            group by visitor_id having not bool_or(bot) and sum(page_views) > 0
            """, ct);

    /// <summary>As <see cref="GroupedAsync"/>, for rows that are each a visitor's only day in the period: no grouping per visitor.</summary>
    private static Task<List<VisitFunnel>> OneDayAsync(StorefrontDb db, object[] arguments, string rows, CancellationToken ct) =>
        FunnelAsync(db, arguments, $$"""
            select source, product_views, add_to_carts, checkouts, orders, paid_orders from visit_visitor_days
            where tenant_id = {0} and day between {1} and {2} and not bot and page_views > 0 {{rows}}
            """, ct);

    /// <summary>The funnel per source of the visitors of <paramref name="day"/> whose previous day is before <paramref name="from"/> (or none).</summary>
    private static async Task<List<VisitFunnel>> FirstDayAsync(StorefrontDb db, Guid id, DateOnly day, DateOnly from, CancellationToken ct)
    {
        var result = await db.Database.SqlQuery<SourceRow>($"""
            select source as "Source", sum(visitors)::int as "Visitors", sum(product_viewers)::int as "ProductViewers",
                   sum(added_to_cart)::int as "AddedToCart", sum(checked_out)::int as "CheckedOut", sum(ordered)::int as "Ordered", sum(paid)::int as "Paid"
            from visit_source_days where tenant_id = {id} and day = {day} and previous_day < {from}
            group by source having sum(visitors) > 0
            """).ToListAsync(ct);
        return Sorted(result);
    }

    private static List<VisitFunnel> Sorted(List<SourceRow> rows) =>
        [.. rows.Select(r => new VisitFunnel(r.Source, r.Visitors, r.ProductViewers, r.AddedToCart, r.CheckedOut, r.Ordered, r.Paid))
            .OrderByDescending(f => f.Visitors).ThenBy(f => f.Source, StringComparer.Ordinal)];

    private static async Task<List<VisitFunnel>> FunnelAsync(StorefrontDb db, object[] arguments, string visitors, CancellationToken ct)
    {
        var result = await db.Database.SqlQuery<SourceRow>(FormattableStringFactory.Create($$"""
            select source as "Source", count(*)::int as "Visitors", (count(*) filter (where product_views > 0))::int as "ProductViewers",
                   (count(*) filter (where add_to_carts > 0))::int as "AddedToCart", (count(*) filter (where checkouts > 0))::int as "CheckedOut",
                   (count(*) filter (where orders > 0))::int as "Ordered", (count(*) filter (where paid_orders > 0))::int as "Paid"
            from ({{visitors}}) v
            group by source
            """, arguments)).ToListAsync(ct);
        return Sorted(result);
    }

    internal class SourceRow
    {
        public string Source { get; set; } = "";

        public int Visitors { get; set; }

        public int ProductViewers { get; set; }

        public int AddedToCart { get; set; }

        public int CheckedOut { get; set; }

        public int Ordered { get; set; }

        public int Paid { get; set; }
    }

    internal sealed class SideRow : SourceRow
    {
        public bool Before { get; set; }
    }

    /// <summary>The funnel as CSV (UTF-8 with BOM, for Excel): the overall row, then one per source.</summary>
    public static string Csv(Result result)
    {
        var lines = new List<string>
        {
            string.Join(',', InsightText.FunnelSource, InsightText.FunnelVisitors, InsightText.FunnelProductViewers, InsightText.FunnelAddedToCart,
                InsightText.FunnelCheckedOut, InsightText.FunnelOrdered, InsightText.FunnelPaid, InsightText.FunnelPaidRate),
        };
        foreach (var f in result.Sources.Prepend(result.Overall with { Source = InsightText.FunnelOverall }))
        {
            lines.Add(string.Join(',', Quote(f.Source), f.Visitors, f.ProductViewers, f.AddedToCart, f.CheckedOut, f.Ordered, f.Paid,
                f.PaidRate?.ToString("0.####", CultureInfo.InvariantCulture) ?? ""));
        }

        return "\uFEFF" + string.Join("\r\n", lines) + "\r\n";
    }

    /// <summary>A CSV field, quoted when it holds a separator or a quote; a leading = + - @ is defused against spreadsheet formulas.</summary>
    private static string Quote(string value)
    {
        var safe = value.Length > 0 && "=+-@".Contains(value[0]) ? "'" + value : value;
        return safe.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + safe.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : safe;
    }

    internal static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/admin/funnel", async (IMediator m, CancellationToken ct, [FromQuery] PeriodKind? period = null, [FromQuery] DateOnly? from = null,
                [FromQuery] DateOnly? to = null) =>
                TypedResults.Ok(await m.Send(new Query { Period = period ?? PeriodKind.Last7Days, From = from, To = to }, ct)))
            .RequireAuthorization(Policies.Insight).WithTags("Admin insight").ProducesValidationProblem();
        api.MapGet("/admin/funnel.csv", async (IMediator m, TenantContext tenant, CancellationToken ct, [FromQuery] PeriodKind? period = null,
                [FromQuery] DateOnly? from = null, [FromQuery] DateOnly? to = null) =>
            {
                var result = await m.Send(new Query { Period = period ?? PeriodKind.Last7Days, From = from, To = to }, ct);
                return TypedResults.File(System.Text.Encoding.UTF8.GetBytes(Csv(result)), "text/csv; charset=utf-8",
                    $"funnel-{tenant.Store?.Slug}-{result.From:yyyyMMdd}-{result.To:yyyyMMdd}.csv");
            })
            .RequireAuthorization(Policies.Insight).WithTags("Admin insight").ProducesValidationProblem()
            .Produces(StatusCodes.Status200OK, contentType: "text/csv");
    }
}
