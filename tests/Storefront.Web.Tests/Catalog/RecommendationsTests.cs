using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Storefront.Domain.Catalog;
using Storefront.Web.Features.Catalog.Recommendations;
using Storefront.Web.Features.Insight.Tracking;
using Storefront.Web.Tests.Infrastructure;
using static Storefront.Web.Tests.Infrastructure.ApiAssert;

namespace Storefront.Web.Tests.Catalog;

/// <summary>
/// Recommendations over PostgreSQL: the rules the job stores against a hand computation, the filters applied when they are
/// shown (the product itself, delisted, sold out, another store's), co-views without robots, the cart's lists and the thresholds.
/// Each test seeds products of its own; N (the store's paid orders in the window) is read, since other tests add orders too.
/// </summary>
public sealed class RecommendationsTests(StorefrontApp app) : IClassFixture<StorefrontApp>
{
    private const string Settings = "/api/v1/admin/settings/recommendations";

    private const string Phone =
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1";

    private static readonly object Everything = new { minSupport = 0.000001m, minConfidence = 0.000001m, minLift = 0m };

    [Fact]
    public async Task The_job_stores_support_confidence_and_lift_of_paid_orders_as_computed_by_hand()
    {
        await ThresholdsAsync("demo", Everything);
        var (p, q, r) = (await ProductAsync("demo", "p1"), await ProductAsync("demo", "q1"), await ProductAsync("demo", "r1"));
        // Paid: {P,Q} {P,Q} {P,R} {Q}. Not paid: {Q,R} (not counted). n(P) = 3, n(Q) = 3, n(R) = 1, n(PQ) = 2, n(PR) = 1.
        await app.PlaceOrderAsync("demo", paid: true, (p.Sku, 1), (q.Sku, 1));
        await app.PlaceOrderAsync("demo", paid: true, (p.Sku, 2), (q.Sku, 1));
        await app.PlaceOrderAsync("demo", paid: true, (p.Sku, 1), (r.Sku, 1));
        await app.PlaceOrderAsync("demo", paid: true, (q.Sku, 1));
        await app.PlaceOrderAsync("demo", paid: false, (q.Sku, 1), (r.Sku, 1));
        app.Clock.Advance(RecomputeRecommendations.MinAge + TimeSpan.FromMinutes(1));

        Assert.True(await app.Services.GetRequiredService<RecommendationsJob>().RunOnceAsync() >= 1);

        var n = await PaidOrdersAsync("demo");
        var rules = await RulesAsync("demo", RecommendationKind.BoughtTogether, p.Id, q.Id, r.Id);
        Assert.Equal(
            new[]
            {
                // P → R: lift 1·N / (3·1) beats P → Q: 2·N / (3·3), so R ranks first
                (p.Id, r.Id, 0, 1, Share(1m / n), Share(1m / 3), Lift(1m * n / 3)),
                (p.Id, q.Id, 1, 2, Share(2m / n), Share(2m / 3), Lift(2m * n / 9)),
                (q.Id, p.Id, 0, 2, Share(2m / n), Share(2m / 3), Lift(2m * n / 9)),
                (r.Id, p.Id, 0, 1, Share(1m / n), 1m, Lift(1m * n / 3)),
            }.OrderBy(x => x.Item1).ThenBy(x => x.Item3),
            rules.OrderBy(x => x.From).ThenBy(x => x.Rank));

        // A second pass within MinAge is skipped (another node, or this one, computed the store just now).
        Assert.False((await app.SendAsync("demo", new RecomputeRecommendations.Command())).Computed);
    }

    [Fact]
    public async Task A_product_page_shows_what_is_bought_with_it_and_the_thresholds_drop_weak_rules()
    {
        await ThresholdsAsync("demo", Everything);
        var (p, q) = (await ProductAsync("demo", "p2"), await ProductAsync("demo", "q2"));
        await app.PlaceOrderAsync("demo", paid: true, (p.Sku, 1), (q.Sku, 1));
        await app.PlaceOrderAsync("demo", paid: true, (q.Sku, 1));   // N ≥ 2
        await RecomputeAsync("demo");

        var page = await (await app.ClientFor("demo").GetAsync($"/p/{p.Slug}")).Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"bought-together\"", page);
        Assert.Contains($"href=\"/p/{q.Slug}\"", page);

        // Support of one order in N is below 100 %: with that threshold nothing is kept, and the page (evicted) shows nothing.
        await ThresholdsAsync("demo", new { minSupport = 1m, minConfidence = 0.1m, minLift = 0m });
        await RecomputeAsync("demo");
        page = await (await app.ClientFor("demo").GetAsync($"/p/{p.Slug}")).Content.ReadAsStringAsync();
        Assert.DoesNotContain("data-testid=\"bought-together\"", page);
    }

    [Fact]
    public async Task Delisted_and_sold_out_products_and_the_product_itself_are_never_shown()
    {
        await ThresholdsAsync("demo", Everything);
        var (p, q, r, s) = (await ProductAsync("demo", "p3"), await ProductAsync("demo", "q3"), await ProductAsync("demo", "r3"),
            await ProductAsync("demo", "s3"));
        await app.PlaceOrderAsync("demo", paid: true, (p.Sku, 1), (q.Sku, 1), (r.Sku, 1), (s.Sku, 1));
        await RecomputeAsync("demo");
        Assert.Equal(new[] { q.Slug, r.Slug, s.Slug }.Order(), (await ShownAsync("demo", p.Slug)).Order());

        await app.DelistAsync("demo", q.Slug);
        await app.ExecuteAsync("demo", $"update skus set on_hand = reserved where product_id = '{r.Id}'");   // sold out

        // Filtered when shown: the stored rules still name them.
        Assert.Equal([s.Slug], await ShownAsync("demo", p.Slug));
        Assert.Equal(3, (await RulesAsync("demo", RecommendationKind.BoughtTogether, p.Id, q.Id, r.Id, s.Id)).Count(x => x.From == p.Id));
        Assert.DoesNotContain(s.Slug, await ShownAsync("demo", s.Slug));   // s's rules lead to p, never to s
        Assert.Equal([p.Slug], await ShownAsync("demo", s.Slug));
    }

    [Fact]
    public async Task Another_stores_products_and_rules_never_show()
    {
        await ThresholdsAsync("demo", Everything);
        await ThresholdsAsync("acme", Everything);
        var (a, b) = (await ProductAsync("acme", "a4"), await ProductAsync("acme", "b4"));
        await app.PlaceOrderAsync("acme", paid: true, (a.Sku, 1), (b.Sku, 1));
        await RecomputeAsync("acme");
        Assert.Equal([b.Slug], await ShownAsync("acme", a.Slug));

        // demo sees none of acme's rules, and a demo rule planted to name an acme product shows nothing.
        var p = await ProductAsync("demo", "p4");
        await app.ExecuteAsync("demo", "insert into product_recommendations (tenant_id, kind, product_id, other_product_id, rank, together, support, "
            + $"confidence, lift, computed_at) values (app_current_tenant(), 'BoughtTogether', '{p.Id}', '{a.Id}', 0, 1, 0.5, 0.5, 2, now())");
        Assert.Empty(await ShownAsync("demo", p.Slug));
        Assert.Empty(await ShownAsync("demo", a.Slug));
        Assert.Empty(await RulesAsync("demo", RecommendationKind.BoughtTogether, a.Id, b.Id));
    }

    [Fact]
    public async Task Viewed_together_counts_each_visitors_day_once_and_leaves_robots_out()
    {
        await ThresholdsAsync("demo", Everything);
        var (p, q, r) = (await ProductAsync("demo", "p5"), await ProductAsync("demo", "q5"), await ProductAsync("demo", "r5"));
        var (v1, v2, v3, bot) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var today = app.Clock.GetUtcNow();
        var yesterday = today.AddDays(-1);
        // v1 views P, Q and P again today; v2 views P and Q today; v3 views P yesterday and R today (two baskets);
        // the robot views P and R. Baskets: {P,Q} {P,Q} {P} {R} (robot left out): P → Q 2 of 3, Q → P 2 of 2, no P → R.
        await ViewsAsync(today, v1, p.Slug, q.Slug, p.Slug);
        await ViewsAsync(today, v2, p.Slug, q.Slug);
        await ViewsAsync(yesterday, v3, p.Slug);
        await ViewsAsync(today, v3, r.Slug);
        await ViewsAsync(today, bot, p.Slug, r.Slug);
        await app.ExecuteAsync("demo", "insert into visit_visitor_days (tenant_id, day, visitor_id, source, medium, first_at, bot) "
            + $"values (app_current_tenant(), insight_day(app_current_tenant(), '{Iso(today)}'), '{bot}', '(direct)', '(none)', now(), true)");
        await RecomputeAsync("demo");

        var rules = await RulesAsync("demo", RecommendationKind.ViewedTogether, p.Id, q.Id, r.Id);
        Assert.Equal([(p.Id, q.Id, 2, Share(2m / 3)), (q.Id, p.Id, 2, 1m)],
            rules.Select(x => (x.From, x.To, x.Together, x.Confidence)).OrderBy(x => x.From == p.Id ? 0 : 1));
        var shown = await app.SendAsync("demo", new GetRecommendations.Query(q.Slug));
        Assert.Equal([p.Slug], shown.ViewedTogether.Select(c => c.Slug));
    }

    [Fact]
    public async Task The_cart_shows_what_is_bought_with_its_products_and_the_shoppers_recent_views()
    {
        await ThresholdsAsync("demo", Everything);
        var (p, q, r) = (await ProductAsync("demo", "p6"), await ProductAsync("demo", "q6"), await ProductAsync("demo", "r6"));
        await app.PlaceOrderAsync("demo", paid: true, (p.Sku, 1), (q.Sku, 1));
        await RecomputeAsync("demo");

        var shopper = app.ClientFor("demo");
        shopper.DefaultRequestHeaders.UserAgent.ParseAdd(Phone);
        await OkAsync(await shopper.GetAsync($"/p/{r.Slug}"));
        await OkAsync(await shopper.GetAsync($"/p/{p.Slug}"));
        var add = new HttpRequestMessage(HttpMethod.Post, "/cart/add") { Content = new FormUrlEncodedContent([new("sku", p.SkuCode), new("quantity", "1")]) };
        add.Headers.Add("Origin", "http://demo.localhost");
        Assert.Equal(HttpStatusCode.Redirect, (await shopper.SendAsync(add)).StatusCode);
        await app.Services.GetRequiredService<VisitWriter>().FlushAsync();

        var cart = await (await shopper.GetAsync("/cart")).Content.ReadAsStringAsync();
        var bought = Section(cart, "cart-bought-together");
        Assert.Contains($"href=\"/p/{q.Slug}\"", bought);
        Assert.DoesNotContain($"href=\"/p/{p.Slug}\"", bought);   // already in the cart
        var recent = Section(cart, "recently-viewed");
        Assert.Contains($"href=\"/p/{r.Slug}\"", recent);
        Assert.DoesNotContain($"href=\"/p/{p.Slug}\"", recent);   // in the cart

        // Another visitor has no recent views.
        var other = app.ClientFor("demo");
        other.DefaultRequestHeaders.UserAgent.ParseAdd(Phone);
        Assert.DoesNotContain("data-testid=\"recently-viewed\"", await (await other.GetAsync("/cart")).Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_category_page_shows_its_best_sellers_by_units_paid()
    {
        var category = await app.SeedCategoryAsync("demo", "推荐类目", "recs-category");
        var (p, q, r) = (await ProductAsync("demo", "p7", category), await ProductAsync("demo", "q7", category), await ProductAsync("demo", "r7", category));
        var outside = await ProductAsync("demo", "x7");
        await app.PlaceOrderAsync("demo", paid: true, (q.Sku, 3), (outside.Sku, 9));
        await app.PlaceOrderAsync("demo", paid: true, (p.Sku, 1));
        await app.PlaceOrderAsync("demo", paid: false, (r.Sku, 5));   // not paid
        await app.InStoreAsync("demo", db => db.Database.ExecuteSqlAsync($"""
            insert into product_days (tenant_id, day, product_id, sku_id, units, amount)
            select app_current_tenant(), insight_day(app_current_tenant(), {app.Clock.GetUtcNow()}) - {CategoryBestSellers.WindowDays},
                   {r.Id}, {r.Sku}, 50, 1000
            """));   // sold well on the store day before the window's first

        Assert.Equal([q.Slug, p.Slug], (await app.SendAsync("demo", new CategoryBestSellers.Query("recs-category"))).Select(c => c.Slug));
        var page = await (await app.ClientFor("demo").GetAsync("/c/recs-category")).Content.ReadAsStringAsync();
        Assert.Contains($"href=\"/p/{q.Slug}\"", Section(page, "category-best-sellers"));
    }

    [Fact]
    public async Task Thresholds_are_for_owners_and_operators_and_bad_ones_are_field_errors()
    {
        var merchant = app.ClientFor("demo");
        await merchant.SignInStaffAsync("merchant@demo.local");
        Assert.Equal(HttpStatusCode.Forbidden, (await merchant.PutAsJsonAsync(Settings, Everything)).StatusCode);

        var op = app.ClientFor("demo");
        await op.SignInStaffAsync("operator@demo.local");
        var bad = await ProblemAsync(await op.PutAsJsonAsync(Settings, new { minSupport = 0m, minConfidence = 1.5m, minLift = -1m }));
        Assert.NotEmpty(Errors(bad, "minSupport"));
        Assert.NotEmpty(Errors(bad, "minConfidence"));
        Assert.NotEmpty(Errors(bad, "minLift"));

        var saved = await JsonAsync(await op.PutAsJsonAsync(Settings, new { minSupport = 0.02m, minConfidence = 0.3m, minLift = 1.5m }));
        Assert.Equal(0.3m, saved.GetProperty("minConfidence").GetDecimal());
        var read = await JsonAsync(await op.GetAsync(Settings));
        Assert.Equal((0.02m, 0.3m, 1.5m),
            (read.GetProperty("minSupport").GetDecimal(), read.GetProperty("minConfidence").GetDecimal(), read.GetProperty("minLift").GetDecimal()));
    }

    private sealed record Seeded(Guid Id, string Slug, Guid Sku, string SkuCode);

    private async Task<Seeded> ProductAsync(string store, string name, Guid? category = null)
    {
        var slug = $"recs-{name}-{Guid.NewGuid():N}"[..24];
        var created = await app.ProductAsync(store, "推荐 " + name, 20m, category: category, stock: 50, slug: slug);
        var sku = await app.InStoreAsync(store, db => db.Skus.Where(s => s.ProductId == created.ProductId).Select(s => new { s.Id, s.Code }).SingleAsync());
        return new Seeded(created.ProductId, created.Slug, sku.Id, sku.Code);
    }

    private async Task ThresholdsAsync(string store, object thresholds)
    {
        var owner = app.ClientFor(store);
        await owner.SignInStaffAsync($"owner@{store}.local");
        await JsonAsync(await owner.PutAsJsonAsync(Settings, thresholds));
    }

    private async Task RecomputeAsync(string store) => Assert.True((await app.SendAsync(store, new RecomputeRecommendations.Command(Force: true))).Computed);

    private async Task<List<string>> ShownAsync(string store, string slug) =>
        [.. (await app.SendAsync(store, new GetRecommendations.Query(slug))).BoughtTogether.Select(c => c.Slug)];

    private async Task<long> PaidOrdersAsync(string store) => await app.CountAsync(store,
        $"from orders o where o.tenant_id = app_current_tenant() and o.paid_at >= '{Iso(app.Clock.GetUtcNow().AddDays(-RecomputeRecommendations.WindowDays))}' "
        + "and exists (select 1 from order_lines l where l.tenant_id = o.tenant_id and l.order_id = o.id)");

    private Task<List<(Guid From, Guid To, int Rank, int Together, decimal Support, decimal Confidence, decimal Lift)>> RulesAsync(
        string store, RecommendationKind kind, params Guid[] products) =>
        app.InStoreAsync(store, async db => (await db.ProductRecommendations.AsNoTracking()
                .Where(x => x.Kind == kind && products.Contains(x.ProductId) && products.Contains(x.OtherProductId))
                .ToListAsync())
            .Select(x => (x.ProductId, x.OtherProductId, x.Rank, x.Together, x.Support, x.Confidence, x.Lift)).ToList());

    private Task ViewsAsync(DateTimeOffset at, Guid visitor, params string[] slugs) => app.ExecuteAsync("demo", string.Concat(slugs.Select(slug =>
        "insert into visit_events (tenant_id, at, day, visitor_id, kind, page_kind, product_slug, source, medium) values (app_current_tenant(), "
        + $"'{Iso(at)}', insight_day(app_current_tenant(), '{Iso(at)}'), '{visitor}', 'ProductView', 'Product', '{slug}', '(direct)', '(none)');")));

    /// <summary>The HTML of the section with this test id, up to its end.</summary>
    private static string Section(string html, string testId)
    {
        var start = html.IndexOf($"data-testid=\"{testId}\"", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no {testId} in the page");
        return html[start..html.IndexOf("</section>", start, StringComparison.Ordinal)];
    }

    /// <summary>A page that answered 200; else the failure names what the app logged as errors.</summary>
    private static async Task OkAsync(HttpResponseMessage response)
    {
        var errors = SuiteLog.Snapshot().Where(l => l.Contains("[Error]", StringComparison.Ordinal) || l.Contains("[Fatal]", StringComparison.Ordinal));
        Assert.True(response.StatusCode == HttpStatusCode.OK,
            $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}\n{string.Join('\n', errors.TakeLast(3))}");
    }

    private static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.ffffff+00", CultureInfo.InvariantCulture);

    private static decimal Share(decimal value) => decimal.Round(value, 6, MidpointRounding.AwayFromZero);

    private static decimal Lift(decimal value) => decimal.Round(value, 4, MidpointRounding.AwayFromZero);
}
