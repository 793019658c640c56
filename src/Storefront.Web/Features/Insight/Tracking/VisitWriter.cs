using Microsoft.EntityFrameworkCore;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Tenancy;

namespace Storefront.Web.Features.Insight.Tracking;

/// <summary>
/// Stores the queued events in batches, every Storefront:Tracking:FlushMilliseconds (default 1,000): per store, one
/// statement inserts the batch's events (a multi-row insert from arrays) and bumps each visitor's day row. Several app nodes
/// may write at once: the day rows are upserts that add. A failed batch is logged and lost (never retried forever).
/// Tests call <see cref="FlushAsync"/>.
/// </summary>
public sealed class VisitWriter(VisitQueue queue, StoreScopes storeScopes, IConfiguration configuration, ILogger<VisitWriter> log)
    : BackgroundService
{
    private const int MaxBatch = 5_000;
    private readonly SemaphoreSlim _gate = new(1, 1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromMilliseconds(Math.Max(10, configuration.GetValue("Storefront:Tracking:FlushMilliseconds", 1_000)));
        try
        {
            while (await queue.Reader.WaitToReadAsync(stoppingToken))
            {
                await Task.Delay(interval, stoppingToken);   // gather a batch: a pace, not a time of the domain
                await FlushAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await FlushAsync(cancellationToken);   // what is queued at shutdown
    }

    /// <summary>Writes everything queued now; returns the number of events stored.</summary>
    public async Task<int> FlushAsync(CancellationToken ct = default)
    {
        await _gate.WaitAsync(ct);
        try
        {
            var stored = 0;
            var batch = new List<VisitEvent>();
            while (true)
            {
                batch.Clear();
                while (batch.Count < MaxBatch && queue.Reader.TryRead(out var e))
                {
                    batch.Add(e);
                }

                if (batch.Count == 0)
                {
                    return stored;
                }

                foreach (var store in batch.GroupBy(e => e.Store.Id))
                {
                    stored += await WriteAsync(store.First().Store, [.. store], ct);
                }
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<int> WriteAsync(StoreInfo store, List<VisitEvent> events, CancellationToken ct)
    {
        try
        {
            await using var scope = storeScopes.For(store);
            var db = scope.ServiceProvider.GetRequiredService<StorefrontDb>();
            var id = store.Id;
            var at = events.Select(e => e.At.ToUniversalTime()).ToArray();
            var visitor = events.Select(e => e.Visitor).ToArray();
            var kind = events.Select(e => e.Kind.ToString()).ToArray();
            var page = events.Select(e => e.Page?.ToString()).ToArray();
            var slug = events.Select(e => e.ProductSlug).ToArray();
            var source = events.Select(e => e.Source.Source).ToArray();
            var medium = events.Select(e => e.Source.Medium).ToArray();
            var referrer = events.Select(e => e.Source.ReferrerHost).ToArray();
            await db.Database.ExecuteSqlAsync(
                $"""
                with e as (
                    insert into visit_events (tenant_id, at, day, visitor_id, kind, page_kind, product_slug, source, medium, referrer_host)
                    select {id}, u.at, insight_day({id}, u.at), u.visitor, u.kind, u.page_kind, u.slug, u.source, u.medium, u.referrer
                    from unnest({at}, {visitor}, {kind}, {page}, {slug}, {source}, {medium}, {referrer})
                        as u(at, visitor, kind, page_kind, slug, source, medium, referrer)
                    returning id, day, visitor_id, kind, source, medium, at)
                insert into visit_visitor_days as d (tenant_id, day, visitor_id, source, medium, first_at, page_views, product_views, add_to_carts,
                                                     checkouts, bot)
                select {id}, day, visitor_id, (array_agg(source order by source = '(direct)', id))[1], (array_agg(medium order by source = '(direct)', id))[1],
                       min(at), count(*) filter (where kind in ('PageView', 'ProductView', 'CheckoutStart')), count(*) filter (where kind = 'ProductView'),
                       count(*) filter (where kind = 'AddToCart'), count(*) filter (where kind = 'CheckoutStart'), bool_or(kind = 'Bot')
                from e group by day, visitor_id
                on conflict (tenant_id, day, visitor_id) do update set
                    source = case when d.source = '(direct)' then excluded.source else d.source end,
                    medium = case when d.source = '(direct)' then excluded.medium else d.medium end,
                    first_at = least(d.first_at, excluded.first_at),
                    page_views = d.page_views + excluded.page_views, product_views = d.product_views + excluded.product_views,
                    add_to_carts = d.add_to_carts + excluded.add_to_carts, checkouts = d.checkouts + excluded.checkouts, bot = d.bot or excluded.bot
                """, ct);
            queue.CountWritten(events.Count);
            return events.Count;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogError(e, "Visit tracking: {Count} events of store {Store} not written", events.Count, store.Slug);
            return 0;
        }
    }
}
