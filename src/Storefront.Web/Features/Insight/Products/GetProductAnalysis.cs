using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Storefront.Domain.Catalog;
using Storefront.Domain.Insight;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Identity;
using Storefront.Web.Infrastructure.Tenancy;

namespace Storefront.Web.Features.Insight.Products;

/// <summary>
/// 商品分析 for a period of the store's days: per product units, GMV, refunded units and return rate, viewers, buyers and
/// view → buy conversion; best sellers; 动销率; slow movers (no sale in the last <see cref="Query.SlowDays"/> days); stock
/// days of cover with a reorder suggestion. Read from the rollups of migration 0044 only (docs/metrics.md, decision 0047).
/// </summary>
public static class GetProductAnalysis
{
    public const int Top = 10;

    public const int MaxSlowDays = 366;

    public sealed record Query : IRequest<Result>, IPeriodQuery
    {
        public PeriodKind Period { get; init; } = PeriodKind.Last30Days;

        public DateOnly? From { get; init; }

        public DateOnly? To { get; init; }

        /// <summary>A listed product with no sale in this many store days (today included) is a slow mover.</summary>
        public int SlowDays { get; init; } = 30;
    }

    public sealed record ProductRow(Guid ProductId, string Name, int Units, decimal Gmv, int RefundedUnits, decimal? ReturnRate, int Viewers, int Buyers,
        decimal? Conversion);

    public sealed record SlowRow(Guid ProductId, string Name, DateOnly? LastSold, int Stock);

    public sealed record Result(string TimeZone, PeriodKind Period, DateOnly From, DateOnly To, int SlowDays, DateOnly SlowSince, int LeadDays,
        int ListedProducts, int SellingProducts, decimal? SellThroughRate, IReadOnlyList<ProductRow> TopByUnits, IReadOnlyList<ProductRow> TopByGmv,
        IReadOnlyList<ProductRow> Products, IReadOnlyList<SlowRow> SlowMovers, IReadOnlyList<StockCoverRows.Row> Cover);

    internal sealed class Validator : PeriodRules<Query>
    {
        public Validator() => RuleFor(q => q.SlowDays).InclusiveBetween(1, MaxSlowDays)
            .WithMessage(_ => string.Format(ProductAnalysisText.SlowDaysRange, MaxSlowDays));
    }

    internal sealed class Handler(StorefrontDb db, TenantContext tenant, TimeProvider clock) : IRequestHandler<Query, Result>
    {
        public async Task<Result> Handle(Query request, CancellationToken cancellationToken)
        {
            var id = tenant.RequiredId;
            var now = clock.GetUtcNow();
            var (kind, period) = PeriodQuery.Resolve(request, tenant.Store, now);
            var today = StoreTime.DayOf(tenant.Store, now);

            var sales = await db.Set<ProductDay>().AsNoTracking().Where(d => d.Day >= period.From && d.Day <= period.To)
                .GroupBy(d => d.ProductId)
                .Select(g => new { ProductId = g.Key, Units = g.Sum(d => d.Units), Gmv = g.Sum(d => d.Amount), Refunded = g.Sum(d => d.RefundedUnits) })
                .ToDictionaryAsync(s => s.ProductId, cancellationToken);
            var buyers = await db.Set<ProductBuyerDay>().AsNoTracking().Where(d => d.Day >= period.From && d.Day <= period.To)
                .GroupBy(d => d.ProductId).Select(g => new { ProductId = g.Key, Buyers = g.Select(d => d.ShopperId).Distinct().Count() })
                .ToDictionaryAsync(b => b.ProductId, b => b.Buyers, cancellationToken);

            // Viewers by slug, robots left out (a visitor marked a robot on a day counts on no figure of that day).
            var viewers = await db.Database.SqlQuery<SlugViewers>($"""
                select v.product_slug as "Slug", count(distinct v.visitor_id)::int as "Viewers"
                from product_visitor_days v
                where v.tenant_id = {id} and v.day between {period.From} and {period.To}
                  and not exists (select 1 from visit_visitor_days d where d.tenant_id = {id} and d.day = v.day and d.visitor_id = v.visitor_id and d.bot)
                group by v.product_slug
                """).ToDictionaryAsync(v => v.Slug, v => v.Viewers, cancellationToken);

            var slugs = viewers.Keys.ToList();
            var ids = sales.Keys.Concat(buyers.Keys).Distinct().ToList();
            var products = await db.Products.AsNoTracking().Where(p => ids.Contains(p.Id) || slugs.Contains(p.Slug))
                .Select(p => new { p.Id, p.Name, p.Slug }).ToListAsync(cancellationToken);
            var rows = products.Select(p =>
                {
                    var s = sales.GetValueOrDefault(p.Id);
                    var (units, refunded) = (s?.Units ?? 0, s?.Refunded ?? 0);
                    var (seen, bought) = (viewers.GetValueOrDefault(p.Slug), buyers.GetValueOrDefault(p.Id));
                    return new ProductRow(p.Id, p.Name, units, s?.Gmv ?? 0, refunded, InsightRates.Rate(refunded, units), seen, bought,
                        InsightRates.Rate(bought, seen));
                })
                .OrderByDescending(r => r.Gmv).ThenByDescending(r => r.Units).ThenByDescending(r => r.Viewers).ThenBy(r => r.Name, StringComparer.Ordinal)
                .ToList();

            var listed = db.Products.AsNoTracking().Where(p => p.Status == ProductStatus.Listed);
            var listedCount = await listed.CountAsync(cancellationToken);
            var sold = sales.Where(s => s.Value.Units > 0).Select(s => s.Key).ToList();
            var selling = await listed.CountAsync(p => sold.Contains(p.Id), cancellationToken);

            // Slow movers: listed products without a sale since the first day of the window (index (tenant, product, day)).
            var since = today.AddDays(1 - request.SlowDays);
            var slow = await listed
                .Where(p => !db.Set<ProductDay>().Any(d => d.ProductId == p.Id && d.Day >= since && d.Units > 0))
                .Select(p => new SlowRow(p.Id, p.Name,
                    db.Set<ProductDay>().Where(d => d.ProductId == p.Id && d.Units > 0).Max(d => (DateOnly?)d.Day),
                    db.Skus.Where(s => s.ProductId == p.Id).Sum(s => s.OnHand - s.Reserved)))
                .ToListAsync(cancellationToken);

            var lead = await db.Stores.AsNoTracking().Where(s => s.Id == id).Select(s => s.ReorderLeadDays).SingleAsync(cancellationToken);
            var cover = await StockCoverRows.ReadAsync(db, today, lead, onlyToReorder: false, cancellationToken);
            return new Result(StoreTime.Zone(tenant.Store).Id, kind, period.From, period.To, request.SlowDays, since, lead, listedCount, selling,
                InsightRates.Rate(selling, listedCount),
                [.. rows.Where(r => r.Units > 0).OrderByDescending(r => r.Units).ThenByDescending(r => r.Gmv).Take(Top)],
                [.. rows.Where(r => r.Units > 0).Take(Top)], rows,
                [.. slow.OrderBy(s => s.LastSold ?? DateOnly.MinValue).ThenBy(s => s.Name, StringComparer.Ordinal)], cover);
        }
    }

    internal sealed class SlugViewers
    {
        public string Slug { get; set; } = "";

        public int Viewers { get; set; }
    }

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/admin/insight/products", async (IMediator m, CancellationToken ct, [FromQuery] PeriodKind? period = null,
                [FromQuery] DateOnly? from = null, [FromQuery] DateOnly? to = null, [FromQuery] int? slowDays = null) =>
                TypedResults.Ok(await m.Send(Ask(period, from, to, slowDays), ct)))
            .RequireAuthorization(Policies.Insight).WithTags("Admin insight").ProducesValidationProblem();

    internal static Query Ask(PeriodKind? period, DateOnly? from, DateOnly? to, int? slowDays) =>
        new() { Period = period ?? PeriodKind.Last30Days, From = from, To = to, SlowDays = slowDays ?? 30 };
}
