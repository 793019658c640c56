using System.Runtime.CompilerServices;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Storefront.Domain.Insight;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Identity;
using Storefront.Web.Infrastructure.Tenancy;

namespace Storefront.Web.Features.Insight.Customers;

/// <summary>
/// 客户分析: the eight RFM groups of the store's buyers over its RFM window (counts, orders, amount), new vs returning buyers
/// of the last <see cref="Query.Days"/> store days, and the member tier distribution. Rollups and indexed reads only
/// (docs/metrics.md, docs/decisions/0046).
/// </summary>
public static class GetCustomerSegments
{
    public const int MaxDays = 366;

    public sealed record Query(int Days = 30) : IRequest<Result>;

    public sealed record SegmentRow(RfmSegment Segment, int Buyers, int Orders, decimal Amount);

    public sealed record TierRow(Guid? TierId, string? Name, int Members);

    /// <summary>Buyers of the period; new ones had no paid order before it, returning ones had.</summary>
    public sealed record NewVsReturning(DateOnly From, DateOnly To, int Buyers, int NewBuyers, int ReturningBuyers);

    public sealed record Result(string TimeZone, DateOnly From, DateOnly To, RfmThresholds Thresholds, int Buyers, IReadOnlyList<SegmentRow> Segments,
        NewVsReturning NewVsReturning, IReadOnlyList<TierRow> Tiers);

    internal sealed class Validator : AbstractValidator<Query>
    {
        public Validator() => RuleFor(q => q.Days).InclusiveBetween(1, MaxDays).WithMessage(_ => string.Format(CustomersText.DaysRange, MaxDays));
    }

    internal sealed class Handler(StorefrontDb db, TenantContext tenant, TimeProvider clock) : IRequestHandler<Query, Result>
    {
        public async Task<Result> Handle(Query request, CancellationToken cancellationToken)
        {
            var id = tenant.RequiredId;
            var now = clock.GetUtcNow();
            await db.Database.OpenConnectionAsync(cancellationToken);   // one connection for its reads: each open is a round trip
            var window = await RfmBuyers.WindowAsync(db, tenant, now, cancellationToken);
            var from = window.Today.AddDays(1 - request.Days);

            // One grouped read: a buyer's group depends only on three comparisons with the thresholds (Rfm.Of). The buyers come
            // from the rollup, or (a clock set back: RfmBuyers.Window) from the window's day rows grouped per buyer.
            // Arguments by position: {0} store, {1} window's first day, {2} today, {3} last recent day, {4} orders, {5} amount.
            var buyers = window.Kept
                ? "select last_day, orders, amount from insight_buyers where tenant_id = {0} and orders > 0"
                : """
                  select max(day) as last_day, sum(paid_orders)::int as orders, sum(paid_amount) as amount
                  from insight_buyer_days where tenant_id = {0} and day between {1} and {2} group by shopper_id
                  """;
            var t = window.Thresholds;
            var groups = await db.Database.SqlQuery<Group>(FormattableStringFactory.Create($$"""
                select last_day >= {3} as "Recent", orders >= {4} as "Frequent", amount >= {5} as "Valuable",
                       count(*)::int as "Buyers", sum(orders)::int as "Orders", sum(amount) as "Amount"
                from ({{buyers}}) b
                group by 1, 2, 3
                """, id, window.From, window.Today, window.Today.AddDays(-t.RecentDays), t.FrequentOrders, t.MonetaryAmount)).ToListAsync(cancellationToken);
            var bySegment = groups.ToLookup(g => Rfm.Of(g.Valuable, g.Recent, g.Frequent));
            List<SegmentRow> segments = [.. Rfm.Segments.Select(s => new SegmentRow(s, bySegment[s].Sum(g => g.Buyers), bySegment[s].Sum(g => g.Orders),
                bySegment[s].Sum(g => g.Amount)))];

            // The period's buyers are those whose last paid day is in it; the returning ones paid before it too. Without the
            // rollup, a buyer's first day row in the period is the one whose previous paid day is before it (migration 0052).
            var split = window.Kept
                ? await db.Database.SqlQuery<Split>($"""
                    select count(*)::int as "Buyers", (count(*) filter (where first_day < {from}))::int as "Returning"
                    from insight_buyers where tenant_id = {id} and last_day >= {from}
                    """).SingleAsync(cancellationToken)
                : await db.Database.SqlQuery<Split>($"""
                    select count(*)::int as "Buyers", (count(*) filter (where previous_day is not null))::int as "Returning"
                    from insight_buyer_days
                    where tenant_id = {id} and day between {from} and {window.Today} and (previous_day is null or previous_day < {from})
                    """).SingleAsync(cancellationToken);

            var tiers = await db.MemberTiers.AsNoTracking().OrderBy(t => t.GrowthThreshold)
                .Select(t => new TierRow(t.Id, t.Name, db.MemberAccounts.Count(a => a.TierId == t.Id))).ToListAsync(cancellationToken);
            var shoppers = await db.Shoppers.CountAsync(cancellationToken);
            tiers.Insert(0, new TierRow(null, null, shoppers - tiers.Sum(t => t.Members)));

            return new Result(StoreTime.Zone(tenant.Store).Id, window.From, window.Today, window.Thresholds, segments.Sum(s => s.Buyers), segments,
                new NewVsReturning(from, window.Today, split.Buyers, split.Buyers - split.Returning, split.Returning), tiers);
        }
    }

    internal sealed class Group
    {
        public bool Recent { get; set; }

        public bool Frequent { get; set; }

        public bool Valuable { get; set; }

        public int Buyers { get; set; }

        public int Orders { get; set; }

        public decimal Amount { get; set; }
    }

    internal sealed class Split
    {
        public int Buyers { get; set; }

        public int Returning { get; set; }
    }

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/admin/insight/customers", async (IMediator m, CancellationToken ct, [FromQuery] int? days = null) =>
                TypedResults.Ok(await m.Send(new Query(days ?? 30), ct)))
            .RequireAuthorization(Policies.Insight).WithTags("Admin insight").ProducesValidationProblem();
}
