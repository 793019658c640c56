using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Storefront.Domain.Insight;
using Storefront.Domain.Tenancy;
using Storefront.Web.Features.Insight.Tracking;
using Storefront.Web.Features.Privacy;
using Storefront.Web.Infrastructure.Tenancy;
using Storefront.Web.Tests.Infrastructure;
using Storefront.Web.Tests.Ordering;
using static Storefront.Web.Tests.Infrastructure.ApiAssert;

namespace Storefront.Web.Tests.Insight;

/// <summary>
/// First-party visit tracking through real HTTP requests (issue 18, item 2): the pages, the cart and the checkout record
/// events, robots (by user agent and by pace) do not, the writer stores the queue in batches, and the funnel and the
/// dashboard's visitor figures reconcile with a hand count. Each test takes a day of its own (the store's days, Shanghai).
/// </summary>
public sealed class VisitTrackingTests(StorefrontApp app) : IClassFixture<StorefrontApp>
{
    private const string Phone =
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1";

    [Fact]
    public async Task A_visit_from_pages_to_payment_is_recorded_and_the_funnel_and_dashboard_reconcile_by_hand()
    {
        NextDay();
        var sku = await app.SeedSkuAsync("demo", "VT-1", stock: 20, price: 50.00m);
        var slug = await app.InStoreAsync("demo", db =>
            db.Products.Where(p => db.Skus.Any(s => s.Id == sku && s.ProductId == p.Id)).Select(p => p.Slug).SingleAsync());

        // A: a signed-in shopper (consented: a persistent cookie) from a WeChat campaign, to payment.
        var (buyer, _) = await app.NewShopperAsync();
        buyer.DefaultRequestHeaders.UserAgent.ParseAdd(Phone);
        var home = await buyer.GetAsync("/?utm_source=WeiXin&utm_medium=social");
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        var cookie = VisitCookie(home);
        Assert.Contains("max-age=", cookie, StringComparison.OrdinalIgnoreCase);
        var a = VisitorOf(cookie);
        Assert.Equal(HttpStatusCode.OK, (await buyer.GetAsync($"/p/{slug}")).StatusCode);
        await JsonAsync(await buyer.PostAsJsonAsync("/api/v1/cart/lines", new { skuId = sku, quantity = 1 }));
        Assert.Equal(HttpStatusCode.OK, (await buyer.GetAsync("/checkout")).StatusCode);
        var placed = await JsonAsync(await buyer.PlaceOrderAsync("vt-" + Guid.NewGuid(), new { address = CheckoutSeed.InlineAddress }), HttpStatusCode.Created);
        await app.PayAsync("demo", placed.GetProperty("number").GetString()!);

        // B: an anonymous visitor from a search engine (a session cookie), who only searches.
        var browser = app.ClientFor("demo");
        browser.DefaultRequestHeaders.UserAgent.ParseAdd(Phone);
        browser.DefaultRequestHeaders.Referrer = new Uri("https://www.baidu.com/s?wd=杯子");
        var search = await browser.GetAsync("/search?q=杯子");
        Assert.Equal(HttpStatusCode.OK, search.StatusCode);
        Assert.DoesNotContain("max-age=", VisitCookie(search), StringComparison.OrdinalIgnoreCase);
        var b = VisitorOf(VisitCookie(search));
        browser.DefaultRequestHeaders.Referrer = new Uri("http://demo.localhost/search?q=杯子");
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/")).StatusCode);   // from the store's own page: no source of its own

        // Robots by user agent: a crawler and a client that names none (wrk, scripts) get no cookie and count nothing.
        var crawler = app.ClientFor("demo");
        crawler.DefaultRequestHeaders.UserAgent.ParseAdd("Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)");
        Assert.Null(VisitCookieOrNull(await crawler.GetAsync("/")));
        Assert.Null(VisitCookieOrNull(await crawler.GetAsync($"/p/{slug}")));
        Assert.Null(VisitCookieOrNull(await app.ClientFor("demo").GetAsync("/")));

        Assert.True(await app.Services.GetRequiredService<VisitWriter>().FlushAsync() >= 0);
        await WaitForEventsAsync(a, 6);

        // The order events are written by the triggers at once, the others by the writer later: compared as a set.
        Assert.Equal(["AddToCart:", "CheckoutStart:Checkout", "OrderPaid:", "OrderPlaced:", "PageView:Home", "ProductView:Product"],
            await EventsAsync($"select e from (select kind || ':' || coalesce(page_kind, '') as e from visit_events where visitor_id = '{a}') x " +
                "order by e collate \"C\""));
        Assert.Equal(["weixin/social"], await EventsAsync($"select source || '/' || medium from visit_events where visitor_id = '{a}' and kind = 'PageView'"));
        Assert.Equal(["PageView:Search:www.baidu.com", "PageView:Home:(direct)"],
            await EventsAsync($"select kind || ':' || page_kind || ':' || source from visit_events where visitor_id = '{b}' order by id"));
        Assert.Equal(2, (await EventsAsync($"select visitor_id::text from visit_events where day = '{Today}' group by visitor_id")).Count);
        // What an event holds: no address, no IP, no user agent, no account.
        Assert.Equal(["at", "day", "id", "kind", "medium", "page_kind", "product_slug", "referrer_host", "source", "tenant_id", "visitor_id"],
            await EventsAsync("select column_name::text from information_schema.columns where table_name = 'visit_events' " +
                "order by column_name::text collate \"C\""));

        // By hand: A (weixin) viewed, carted, checked out, ordered, paid; B (www.baidu.com) only viewed. Paying buyers of the day: A.
        var owner = await OwnerAsync();
        var funnel = await JsonAsync(await owner.GetAsync("/api/v1/admin/funnel?period=Today"));
        Assert.Equal((2, 1, 1, 1, 1, 1), Stages(funnel.GetProperty("overall")));
        var sources = funnel.GetProperty("sources").EnumerateArray().ToDictionary(s => s.GetProperty("source").GetString()!, Stages);
        Assert.Equal((1, 1, 1, 1, 1, 1), sources["weixin"]);
        Assert.Equal((1, 0, 0, 0, 0, 0), sources["www.baidu.com"]);
        Assert.Equal(0.5m, funnel.GetProperty("overall").GetProperty("paidRate").GetDecimal());

        var visitors = (await JsonAsync(await owner.GetAsync("/api/v1/admin/dashboard?period=Today"))).GetProperty("visitors");
        Assert.True(visitors.GetProperty("available").GetBoolean());
        Assert.Equal(2, visitors.GetProperty("uniqueVisitors").GetInt32());
        Assert.Equal(0.5m, visitors.GetProperty("conversionRate").GetDecimal());   // 1 paying buyer / 2 visitors
        Assert.Equal(0.5m, visitors.GetProperty("addToCartRate").GetDecimal());
        Assert.Equal(0.5m, visitors.GetProperty("orderRate").GetDecimal());

        var csv = await owner.GetAsync("/api/v1/admin/funnel.csv?period=Today");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var lines = (await csv.Content.ReadAsStringAsync()).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["全部来源,2,1,1,1,1,1,0.5", "weixin,1,1,1,1,1,1,1", "www.baidu.com,1,0,0,0,0,0,0"], lines[1..]);

        Assert.Equal(HttpStatusCode.BadRequest, (await owner.GetAsync("/api/v1/admin/funnel?period=Custom")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await owner.GetAsync("/api/v1/admin/funnel?from=2031-05-10&to=2031-05-01")).StatusCode);   // to before from
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.ClientFor("demo").GetAsync("/api/v1/admin/funnel")).StatusCode);
    }

    [Fact]
    public async Task A_visitor_viewing_too_many_pages_a_minute_is_a_robot_and_not_counted()
    {
        NextDay();
        var person = app.ClientFor("demo");
        person.DefaultRequestHeaders.UserAgent.ParseAdd(Phone);
        Assert.Equal(HttpStatusCode.OK, (await person.GetAsync("/")).StatusCode);
        var scraper = app.ClientFor("demo");
        scraper.DefaultRequestHeaders.UserAgent.ParseAdd(Phone);
        var first = await scraper.GetAsync("/");
        var robot = VisitorOf(VisitCookie(first));
        for (var i = 0; i < 70; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await scraper.GetAsync("/search?q=" + i)).StatusCode);   // 71 pages in one minute (the limit is 60)
        }

        // The background writer flushes on its own (every second by default): wait for the robot's mark, not for a time.
        await WaitForEventsAsync(robot, 61);
        Assert.Equal(["Bot"], await EventsAsync($"select kind from visit_events where visitor_id = '{robot}' and kind = 'Bot'"));
        Assert.Equal(61, (await EventsAsync($"select id::text from visit_events where visitor_id = '{robot}'")).Count);   // 60 views, then the mark only

        var funnel = await JsonAsync(await (await OwnerAsync()).GetAsync($"/api/v1/admin/funnel?from={Today}&to={Today}"));
        Assert.Equal(1, funnel.GetProperty("overall").GetProperty("visitors").GetInt32());
    }

    [Fact]
    public async Task Tracked_events_and_order_links_are_purged_after_the_retention_period_and_account_deletion_unlinks_orders()
    {
        NextDay();
        var sku = await app.SeedSkuAsync("demo", "VT-3", stock: 20, price: 30.00m);
        var (shopper, _) = await app.NewShopperAsync();
        shopper.DefaultRequestHeaders.UserAgent.ParseAdd(Phone);
        var visitor = VisitorOf(VisitCookie(await shopper.GetAsync("/")));
        await JsonAsync(await shopper.PostAsJsonAsync("/api/v1/cart/lines", new { skuId = sku, quantity = 1 }));
        var number = (await JsonAsync(await shopper.PlaceOrderAsync("vt3-" + Guid.NewGuid(), new { address = CheckoutSeed.InlineAddress }),
            HttpStatusCode.Created)).GetProperty("number").GetString();
        await app.Services.GetRequiredService<VisitWriter>().FlushAsync();
        await WaitForEventsAsync(visitor, 3);
        Assert.Single(await EventsAsync($"select order_id::text from visit_orders where visitor_id = '{visitor}'"));

        // Account deletion: the order stays (amounts), its link to the visitor goes; the visitor's events never held the account.
        await JsonAsync(await shopper.PostAsJsonAsync($"/api/v1/orders/{number}/cancel", new { reason = "不要了" }));
        Assert.True((await JsonAsync(await shopper.PostAsJsonAsync("/api/v1/account/delete", new { password = "Buyer1234-long" }))).GetBoolean());
        Assert.Empty(await EventsAsync($"select order_id::text from visit_orders where visitor_id = '{visitor}'"));

        // Retention (default 180 days): the events go, the visitors' day rows (a random id, counts) stay for the figures.
        app.Clock.SetUtcNow(app.Clock.GetUtcNow().AddDays(181));   // the job may run on its own as the clock moves: then this pass finds nothing
        await app.Services.GetRequiredService<RetentionJob>().RunOnceAsync();
        Assert.Empty(await EventsAsync($"select id::text from visit_events where visitor_id = '{visitor}'"));
        Assert.Single(await EventsAsync($"select day::text from visit_visitor_days where visitor_id = '{visitor}'"));
        Assert.Contains("访问统计记录", await app.ClientFor("demo").GetStringAsync("/privacy"));
    }

    [Fact]
    public async Task A_visitor_back_from_another_source_counts_once_under_it_with_the_days_before_today_kept()
    {
        NextDay();
        var first = Today;
        var visitor = app.ClientFor("demo");
        visitor.DefaultRequestHeaders.UserAgent.ParseAdd(Phone);
        var home = await visitor.GetAsync("/");   // direct
        var id = VisitorOf(VisitCookie(home));
        await app.Services.GetRequiredService<VisitWriter>().FlushAsync();
        await WaitForEventsAsync(id, 1);

        NextDay();   // two days later, back from a WeChat share
        Assert.Equal(HttpStatusCode.OK, (await visitor.GetAsync("/?utm_source=weixin&utm_medium=social")).StatusCode);
        await app.Services.GetRequiredService<VisitWriter>().FlushAsync();
        await WaitForEventsAsync(id, 2);

        var owner = await OwnerAsync();
        var funnel = await JsonAsync(await owner.GetAsync($"/api/v1/admin/funnel?period=Custom&from={first}&to={Today}"));
        Assert.Equal((1, 0, 0, 0, 0, 0), Stages(funnel.GetProperty("overall")));
        Assert.Equal(["weixin"], funnel.GetProperty("sources").EnumerateArray().Select(s => s.GetProperty("source").GetString()).ToList());
        var dashboard = await JsonAsync(await owner.GetAsync($"/api/v1/admin/dashboard?period=Custom&from={first}&to={Today}"));
        Assert.Equal(1, dashboard.GetProperty("visitors").GetProperty("uniqueVisitors").GetInt32());
        // The days before today were counted once and kept; today's visitors patched them.
        Assert.Equal([first], await EventsAsync(
            $"select from_day::text from insight_period_memos where kind = 'funnel' and from_day = '{first}' and to_day = date '{Today}' - 1"));
    }

    [Fact]
    public async Task Rows_written_into_past_days_after_todays_leave_todays_figures_exact()
    {
        NextDay();
        NextDay();
        NextDay();   // the period below holds no other test's day
        var today = DateOnly.Parse(Today, System.Globalization.CultureInfo.InvariantCulture);
        var (visitor, buyer) = (Guid.NewGuid(), Guid.NewGuid());
        // Today's rows first, then the past ones (a repair, a late batch): the triggers correct today's previous days.
        await RowsAsync(today, visitor, "(direct)", buyer, orders: 1);
        await RowsAsync(today.AddDays(-3), visitor, "baidu", buyer, orders: 2);
        await RowsAsync(today.AddDays(-1), visitor, "(direct)", null, orders: 0);

        // One visitor, under baidu (its first source other than direct); one buyer with three orders: a repeat buyer.
        var owner = await OwnerAsync();
        var range = $"period=Custom&from={today.AddDays(-4):yyyy-MM-dd}&to={Today}";
        var funnel = await JsonAsync(await owner.GetAsync($"/api/v1/admin/funnel?{range}"));
        Assert.Equal((1, 1, 0, 0, 0, 0), Stages(funnel.GetProperty("overall")));
        Assert.Equal(["baidu"], funnel.GetProperty("sources").EnumerateArray().Select(s => s.GetProperty("source").GetString()).ToList());
        var current = (await JsonAsync(await owner.GetAsync($"/api/v1/admin/dashboard?{range}"))).GetProperty("current");
        Assert.Equal((1, 1m), (current.GetProperty("payingBuyers").GetInt32(), current.GetProperty("repurchaseRate").GetDecimal()));
        // The days before today alone: its two days, one visitor under baidu; and a day of its own counts it alone.
        string Day(int days) => today.AddDays(days).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var closed = await JsonAsync(await owner.GetAsync($"/api/v1/admin/funnel?period=Custom&from={Day(-4)}&to={Day(-1)}"));
        Assert.Equal((1, 1, 0, 0, 0, 0), Stages(closed.GetProperty("overall")));
        Assert.Equal(["baidu"], closed.GetProperty("sources").EnumerateArray().Select(s => s.GetProperty("source").GetString()).ToList());
        var day = await JsonAsync(await owner.GetAsync($"/api/v1/admin/funnel?period=Custom&from={Day(-1)}&to={Day(-1)}"));
        Assert.Equal(["(direct)"], day.GetProperty("sources").EnumerateArray().Select(s => s.GetProperty("source").GetString()).ToList());

        // Every row's previous days are what the rows say, as a window over them counts.
        Assert.Equal(["0"], await EventsAsync($"""
            select count(*)::text from (
                select previous_day, second_previous_day, lag(day) over w as p1,
                       case when lag(paid_orders) over w >= 2 then lag(day) over w else lag(day, 2) over w end as p2
                from insight_buyer_days where shopper_id = '{buyer}' window w as (order by day)) b
            where previous_day is distinct from p1 or second_previous_day is distinct from p2
            """));
        // Today's buyers by key (migration 0055): the counts kept are those of the buyer rows as they are now.
        Assert.Equal(["0"], await EventsAsync("""
            select count(*)::text from (
                (select tenant_id, day, previous_day, buyers, repeat_buyers from insight_buyer_previous_counts where (buyers, repeat_buyers) <> (0, 0)
                 except
                 select tenant_id, day, coalesce(previous_day, '-infinity'), count(*), count(*) filter (where paid_orders >= 2)
                 from insight_buyer_days group by 1, 2, 3)
                union all
                (select tenant_id, day, coalesce(previous_day, '-infinity'), count(*), count(*) filter (where paid_orders >= 2)
                 from insight_buyer_days group by 1, 2, 3
                 except
                 select tenant_id, day, previous_day, buyers, repeat_buyers from insight_buyer_previous_counts where (buyers, repeat_buyers) <> (0, 0))
                union all
                (select tenant_id, day, second_previous_day, buyers, 0 from insight_buyer_second_counts where buyers <> 0
                 except
                 select tenant_id, day, coalesce(second_previous_day, '-infinity'), count(*), 0 from insight_buyer_days group by 1, 2, 3)
                union all
                (select tenant_id, day, coalesce(second_previous_day, '-infinity'), count(*), 0 from insight_buyer_days group by 1, 2, 3
                 except
                 select tenant_id, day, second_previous_day, buyers, 0 from insight_buyer_second_counts where buyers <> 0)) d
            """));
        // The visitor's days, newest first, each as "previous – next".
        Assert.Equal([$"{Day(-1)} – ", $"{Day(-3)} – {Today}", $" – {Day(-1)}"],
            await EventsAsync($"select concat(previous_day, ' – ', next_day) from visit_visitor_days where visitor_id = '{visitor}' order by day desc"));
    }

    [Fact]
    public async Task Todays_per_source_counts_follow_every_change_of_todays_rows_in_each_store()
    {
        NextDay();
        NextDay();
        NextDay();   // the period below holds no other test's day
        var today = DateOnly.Parse(Today, System.Globalization.CultureInfo.InvariantCulture);
        var (v1, v2, v3, v4, v5, other) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        await VisitAsync("demo", today, v1, "(direct)", productViews: 0);
        await VisitAsync("demo", today, v1, "weixin", productViews: 1);                  // back from WeChat: direct → weixin, a product viewer
        await VisitAsync("demo", today, v2, "baidu", productViews: 1);
        await VisitAsync("demo", today.AddDays(-2), v2, "(direct)", productViews: 0);    // v2's earlier day, written after today's
        await VisitAsync("demo", today, v3, "douyin", productViews: 1);
        await app.InStoreAsync("demo", db => db.Database.ExecuteSqlAsync($"update visit_visitor_days set bot = true where visitor_id = {v3}"));
        await VisitAsync("demo", today, v4, "(direct)", productViews: 0, pageViews: 0);  // an order event alone: no page view, not a visitor
        await VisitAsync("demo", today, v4, "(direct)", productViews: 0, addToCarts: 1); // then a page and an add to cart
        await VisitAsync("demo", today, v5, "baidu", productViews: 1);
        await app.InStoreAsync("demo", db => db.Database.ExecuteSqlAsync($"delete from visit_visitor_days where visitor_id = {v5}"));
        await VisitAsync("acme", today, other, "douyin", productViews: 1);

        // demo: v1 under weixin, v2 under baidu (its first source other than direct), v4 direct with an add to cart; v3 a robot, v5 gone.
        var range = $"period=Custom&from={today.AddDays(-5):yyyy-MM-dd}&to={Today}";
        var funnel = await JsonAsync(await (await OwnerAsync()).GetAsync($"/api/v1/admin/funnel?{range}"));
        Assert.Equal((3, 2, 1, 0, 0, 0), Stages(funnel.GetProperty("overall")));
        Assert.Equal(["(direct)", "baidu", "weixin"], funnel.GetProperty("sources").EnumerateArray()
            .Select(s => s.GetProperty("source").GetString()).Order(StringComparer.Ordinal).ToList());
        var acme = app.ClientFor("acme");
        await acme.SignInStaffAsync("owner@acme.local");
        var theirs = await JsonAsync(await acme.GetAsync($"/api/v1/admin/funnel?{range}"));
        Assert.Equal((1, 1, 0, 0, 0, 0), Stages(theirs.GetProperty("overall")));

        // The counts kept are those of the rows as they are now, in both stores.
        Assert.Equal(["0"], await EventsAsync("""
            select count(*)::text from (
                (select tenant_id, day, source, previous_day, visitors, product_viewers, added_to_cart, checked_out, ordered, paid
                 from visit_source_days where (visitors, product_viewers, added_to_cart, checked_out, ordered, paid) <> (0, 0, 0, 0, 0, 0)
                 except
                 select tenant_id, day, source, coalesce(previous_day, '-infinity'), count(*), count(*) filter (where product_views > 0),
                        count(*) filter (where add_to_carts > 0), count(*) filter (where checkouts > 0), count(*) filter (where orders > 0),
                        count(*) filter (where paid_orders > 0)
                 from visit_visitor_days where not bot and page_views > 0 group by 1, 2, 3, 4)
                union all
                (select tenant_id, day, source, coalesce(previous_day, '-infinity'), count(*), count(*) filter (where product_views > 0),
                        count(*) filter (where add_to_carts > 0), count(*) filter (where checkouts > 0), count(*) filter (where orders > 0),
                        count(*) filter (where paid_orders > 0)
                 from visit_visitor_days where not bot and page_views > 0 group by 1, 2, 3, 4
                 except
                 select tenant_id, day, source, previous_day, visitors, product_viewers, added_to_cart, checked_out, ordered, paid
                 from visit_source_days where (visitors, product_viewers, added_to_cart, checked_out, ordered, paid) <> (0, 0, 0, 0, 0, 0))) d
            """));
    }

    [Fact]
    public async Task The_dashboards_visitors_with_today_match_the_funnels_for_returning_visitors_of_every_kind()
    {
        NextDay();
        NextDay();
        NextDay();
        NextDay();
        NextDay();   // the period below holds no other test's day
        var today = DateOnly.Parse(Today, System.Globalization.CultureInfo.InvariantCulture);
        var (r1, r2, r3, r4, r5, r6) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        await VisitAsync("demo", today.AddDays(-3), r1, "(direct)", productViews: 0, addToCarts: 1);
        await VisitAsync("demo", today, r1, "(direct)", productViews: 0);                              // counted before and after, with a cart
        await VisitAsync("demo", today.AddDays(-2), r2, "(direct)", productViews: 0);
        await VisitAsync("demo", today, r2, "baidu", productViews: 1, addToCarts: 1);                  // views and adds to cart today
        await VisitAsync("demo", today.AddDays(-1), r3, "(direct)", productViews: 0, addToCarts: 1);
        await VisitAsync("demo", today, r3, "(direct)", productViews: 0);
        await app.InStoreAsync("demo", db => db.Database.ExecuteSqlAsync(
            $"update visit_visitor_days set bot = true where visitor_id = {r3} and day = {today}"));    // a robot today: out of the period
        await VisitAsync("demo", today.AddDays(-4), r4, "(direct)", productViews: 0);
        await app.InStoreAsync("demo", db => db.Database.ExecuteSqlAsync(
            $"update visit_visitor_days set bot = true where visitor_id = {r4}"));                     // a robot before the period only
        await VisitAsync("demo", today, r4, "(direct)", productViews: 0);
        await VisitAsync("demo", today.AddDays(-2), r5, "(direct)", productViews: 0, pageViews: 0);    // an order event alone before today
        await VisitAsync("demo", today, r5, "(direct)", productViews: 0);
        await VisitAsync("demo", today, r6, "(direct)", productViews: 0);
        await VisitAsync("demo", today.AddDays(-2), r6, "(direct)", productViews: 0, pageViews: 0, addToCarts: 1);   // written after today's

        // From 3 days ago: r1, r2, r4, r5 and r6 are visitors (r3 a robot today, r4's robot day before the period); r1, r2 and r6
        // added to cart (r6 on a day without a page view, written late); r2 viewed a product.
        var range = $"period=Custom&from={today.AddDays(-3):yyyy-MM-dd}&to={Today}";
        var owner = await OwnerAsync();
        var funnel = await JsonAsync(await owner.GetAsync($"/api/v1/admin/funnel?{range}"));
        Assert.Equal((5, 1, 3, 0, 0, 0), Stages(funnel.GetProperty("overall")));
        var visitors = (await JsonAsync(await owner.GetAsync($"/api/v1/admin/dashboard?{range}"))).GetProperty("visitors");
        Assert.Equal((5, 0.6m, 0m), (visitors.GetProperty("uniqueVisitors").GetInt32(), visitors.GetProperty("addToCartRate").GetDecimal(),
            visitors.GetProperty("orderRate").GetDecimal()));
    }

    /// <summary>A visitor's events of a day as VisitWriter stores them: a new day row, or the existing one bumped (source once no longer direct).</summary>
    private Task<int> VisitAsync(string store, DateOnly day, Guid visitor, string source, int productViews, int pageViews = 1, int addToCarts = 0) =>
        app.InStoreAsync(store, db => db.Database.ExecuteSqlAsync($"""
            insert into visit_visitor_days as d (tenant_id, day, visitor_id, source, medium, first_at, page_views, product_views, add_to_carts)
            values ({db.TenantId!.Value}, {day}, {visitor}, {source}, '(none)', now(), {pageViews}, {productViews}, {addToCarts})
            on conflict (tenant_id, day, visitor_id) do update set
                source = case when d.source = '(direct)' then excluded.source else d.source end,
                page_views = d.page_views + excluded.page_views, product_views = d.product_views + excluded.product_views,
                add_to_carts = d.add_to_carts + excluded.add_to_carts
            """));

    /// <summary>A visitor's day row with a product view and, when a buyer is given, the buyer's day row, as the writers store them.</summary>
    private Task<int> RowsAsync(DateOnly day, Guid visitor, string source, Guid? buyer, int orders) => app.InStoreAsync("demo", async db =>
    {
        var store = db.TenantId!.Value;
        if (buyer is { } shopper)
        {
            await db.Database.ExecuteSqlAsync($"""
                insert into insight_buyer_days (tenant_id, day, shopper_id, paid_orders, paid_amount) values ({store}, {day}, {shopper}, {orders}, 10.00)
                """);
        }

        return await db.Database.ExecuteSqlAsync($"""
            insert into visit_visitor_days (tenant_id, day, visitor_id, source, medium, first_at, page_views, product_views)
            values ({store}, {day}, {visitor}, {source}, '(none)', now(), 2, 1)
            """);
    });

    [Fact]
    public void A_full_queue_drops_and_counts_instead_of_waiting()
    {
        var queue = new VisitQueue(new ConfigurationBuilder().AddInMemoryCollection([new("Storefront:Tracking:QueueCapacity", "2")]).Build());
        var store = new StoreInfo(Guid.NewGuid(), "x", "x", StoreStatus.Active, "zh-CN", "CNY");
        VisitEvent Event() => new(store, DateTimeOffset.UnixEpoch, Guid.NewGuid(), VisitEventKind.PageView, PageKind.Home, null, VisitSource.None);
        Assert.True(queue.Enqueue(Event()));
        Assert.True(queue.Enqueue(Event()));
        Assert.False(queue.Enqueue(Event()));
        Assert.Equal(1, queue.Dropped);
    }

    /// <summary>The store's day (Shanghai) the clock is on: tests move it to a day of their own, 10:00 there, always forward.</summary>
    private string Today => app.Clock.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private void NextDay() => app.Clock.SetUtcNow(new DateTimeOffset(app.Clock.GetUtcNow().UtcDateTime.Date.AddDays(2).AddHours(2), TimeSpan.Zero));

    private static (int, int, int, int, int, int) Stages(JsonElement f) => (f.GetProperty("visitors").GetInt32(), f.GetProperty("productViewers").GetInt32(),
        f.GetProperty("addedToCart").GetInt32(), f.GetProperty("checkedOut").GetInt32(), f.GetProperty("ordered").GetInt32(), f.GetProperty("paid").GetInt32());

    private static string? VisitCookieOrNull(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies.FirstOrDefault(c => c.StartsWith(VisitTrackingMiddleware.Cookie + "=")) : null;

    private static string VisitCookie(HttpResponseMessage response) => VisitCookieOrNull(response) ?? throw new InvalidOperationException("no visit cookie");

    private static Guid VisitorOf(string cookie) => Guid.ParseExact(cookie.Split(';')[0].Split('=')[1][..32], "N");

    private async Task<HttpClient> OwnerAsync()
    {
        var owner = app.ClientFor("demo");
        await owner.SignInStaffAsync("owner@demo.local");
        return owner;
    }

    /// <summary>Waits (up to 30 s) until the visitor has at least <paramref name="count"/> stored events.</summary>
    private async Task WaitForEventsAsync(Guid visitor, int count)
    {
        var until = DateTime.UtcNow.AddSeconds(30);
        while ((await EventsAsync($"select id::text from visit_events where visitor_id = '{visitor}'")).Count < count)
        {
            Assert.True(DateTime.UtcNow < until, $"visitor {visitor}: fewer than {count} events stored after 30 s");
            await Task.Delay(50);
        }
    }

    private async Task<List<string>> EventsAsync(string sql)
    {
        await using var conn = new NpgsqlConnection(app.Database.AdminConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        await using var reader = await cmd.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetString(0));
        }

        return rows;
    }
}
