using Storefront.Domain.Insight;

namespace Storefront.Domain.Tests.Insight;

public sealed class VisitRulesTests
{
    [Theory]
    [InlineData("/", PageKind.Home, null)]
    [InlineData("/categories", PageKind.Category, null)]
    [InlineData("/c/cups", PageKind.Category, null)]
    [InlineData("/search", PageKind.Search, null)]
    [InlineData("/p/blue-cup", PageKind.Product, "blue-cup")]
    [InlineData("/p/blue-cup/", PageKind.Product, "blue-cup")]
    [InlineData("/cart", PageKind.Cart, null)]
    [InlineData("/CHECKOUT", PageKind.Checkout, null)]
    public void Tracked_pages_are_known_by_their_path(string path, PageKind kind, string? slug) =>
        Assert.Equal((kind, slug), VisitRules.PageOf(path));

    [Theory]
    [InlineData("/admin")]
    [InlineData("/api/v1/cart")]
    [InlineData("/orders/2026112300000001")]
    [InlineData("/p/")]
    [InlineData("/p/a/b")]
    [InlineData("/c/")]
    [InlineData("/_framework/blazor.web.js")]
    public void Other_paths_are_not_tracked(string path) => Assert.Null(VisitRules.PageOf(path));

    [Fact]
    public void A_product_page_is_a_product_view_and_the_checkout_page_a_checkout_start()
    {
        Assert.Equal(VisitEventKind.ProductView, VisitRules.EventOf(PageKind.Product));
        Assert.Equal(VisitEventKind.CheckoutStart, VisitRules.EventOf(PageKind.Checkout));
        Assert.Equal(VisitEventKind.PageView, VisitRules.EventOf(PageKind.Search));
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("", true)]
    [InlineData("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", true)]
    [InlineData("Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)", true)]
    [InlineData("Sogou web spider/4.0", true)]
    [InlineData("curl/8.5.0", true)]
    [InlineData("python-requests/2.31", true)]
    [InlineData("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 MicroMessenger/8.0.47", false)]
    [InlineData("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36", false)]
    public void Robots_are_known_by_their_user_agent(string? agent, bool bot) => Assert.Equal(bot, VisitRules.IsBot(agent));

    [Fact]
    public void The_source_is_the_utm_source_else_another_sites_host_else_direct()
    {
        Assert.Equal(new VisitSource("weixin", "social", null), VisitRules.SourceOf(" WeiXin ", "Social", null, "demo.localhost"));
        Assert.Equal(new VisitSource("douyin", "utm", "www.baidu.com"), VisitRules.SourceOf("douyin", null, "https://www.baidu.com/s?wd=x", "demo.localhost"));
        Assert.Equal(new VisitSource("www.baidu.com", "referral", "www.baidu.com"),
            VisitRules.SourceOf(null, null, "https://WWW.baidu.com/s", "demo.localhost"));
        Assert.Equal(VisitSource.None, VisitRules.SourceOf(null, null, "http://demo.localhost/c/cups", "demo.localhost"));
        Assert.Equal(VisitSource.None, VisitRules.SourceOf("", "", "not a url", "demo.localhost"));
        Assert.Equal(VisitSource.None, VisitRules.SourceOf("\u0001", null, "javascript:alert(1)", "demo.localhost"));
        Assert.Equal(VisitSource.MaxLength, VisitRules.SourceOf(new string('x', 500), null, null, "demo.localhost").Source.Length);
    }

    [Fact]
    public void A_visitor_over_the_pace_becomes_a_robot_once_and_stays_one()
    {
        var pace = new VisitPace(maxPerMinute: 3);
        var (visitor, other) = (Guid.NewGuid(), Guid.NewGuid());
        var t = new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);
        Assert.Equal(VisitPace.Verdict.Person, pace.View(visitor, t));
        Assert.Equal(VisitPace.Verdict.Person, pace.View(visitor, t.AddSeconds(10)));
        Assert.Equal(VisitPace.Verdict.Person, pace.View(visitor, t.AddSeconds(20)));
        Assert.Equal(VisitPace.Verdict.Person, pace.View(other, t.AddSeconds(20)));
        Assert.Equal(VisitPace.Verdict.BecameBot, pace.View(visitor, t.AddSeconds(30)));
        Assert.Equal(VisitPace.Verdict.Bot, pace.View(visitor, t.AddMinutes(5)));

        var slow = Guid.NewGuid();
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(VisitPace.Verdict.Person, pace.View(slow, t.AddSeconds(30 * i)));   // two a minute
        }
    }

    [Fact]
    public void The_funnels_rates_are_over_visitors_and_its_total_adds_the_sources()
    {
        var total = VisitFunnel.Total([new("weixin", 3, 2, 1, 1, 1, 1), new("(direct)", 5, 1, 1, 0, 0, 0)]);
        Assert.Equal(new VisitFunnel("", 8, 3, 2, 1, 1, 1), total);
        Assert.Equal(0.375m, total.ProductViewRate);
        Assert.Equal(0.25m, total.AddToCartRate);
        Assert.Equal(0.125m, total.PaidRate);
        Assert.Equal(0.3333m, VisitFunnel.Rate(1, 3));
        Assert.Null(new VisitFunnel("x", 0, 0, 0, 0, 0, 0).OrderRate);
    }

    [Fact]
    public void A_period_with_today_is_its_closed_days_less_and_then_plus_todays_visitors()
    {
        // Before today: A came direct, B from baidu and viewed a product, D from baidu. Today A comes back from weixin (its
        // period source becomes weixin), B comes back and adds to cart, C is new (direct).
        VisitFunnel[] closed = [new("(direct)", 1, 0, 0, 0, 0, 0), new("baidu", 2, 1, 0, 0, 0, 0)];
        VisitFunnel[] before = [new("(direct)", 1, 0, 0, 0, 0, 0), new("baidu", 1, 1, 0, 0, 0, 0)];   // A and B in the closed days
        VisitFunnel[] after = [new("weixin", 1, 0, 0, 0, 0, 0), new("baidu", 1, 1, 1, 0, 0, 0), new("(direct)", 1, 0, 0, 0, 0, 0)];

        var patched = VisitFunnel.Patch(closed, before, after);

        Assert.Equal<VisitFunnel>(
            [new("baidu", 2, 1, 1, 0, 0, 0), new("(direct)", 1, 0, 0, 0, 0, 0), new("weixin", 1, 0, 0, 0, 0, 0)], patched);
    }

    [Fact]
    public void A_source_whose_visitors_all_moved_away_drops_out()
    {
        var patched = VisitFunnel.Patch([new("(direct)", 1, 1, 0, 0, 0, 0)], [new("(direct)", 1, 1, 0, 0, 0, 0)], [new("weixin", 1, 1, 0, 0, 0, 0)]);

        Assert.Equal<VisitFunnel>([new("weixin", 1, 1, 0, 0, 0, 0)], patched);
    }

    [Fact]
    public void Buyer_counts_of_a_period_with_today_are_patched_the_same_way()
    {
        // Closed days: 10 buyers, 3 of them repeat. Of today's 4 buyers, 2 had bought once before (2 buyers, 0 repeat in the
        // closed days); over the whole period the 4 count 4 buyers, 2 of them repeat (the returning ones): 12 and 5.
        Assert.Equal(new BuyerCounts(12, 5), BuyerCounts.Patch(new(10, 3), new(2, 0), new(4, 2)));
    }
}
