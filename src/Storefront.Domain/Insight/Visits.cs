using System.Text.RegularExpressions;

namespace Storefront.Domain.Insight;

/// <summary>What a tracked event records (first-party, server-side; issue 18, item 2). Stored by name.</summary>
public enum VisitEventKind
{
    PageView,
    ProductView,
    AddToCart,
    CheckoutStart,
    OrderPlaced,
    OrderPaid,

    /// <summary>The visitor was found to be a robot by its pace: its day's row is marked and left out of every figure.</summary>
    Bot,
}

/// <summary>The shopper pages whose views are tracked.</summary>
public enum PageKind
{
    Home,
    Category,
    Search,
    Product,
    Cart,
    Checkout,
}

/// <summary>Where a visit came from: utm_source / utm_medium, else the referring site's host, else (direct).</summary>
public sealed record VisitSource(string Source, string Medium, string? ReferrerHost)
{
    public const string Direct = "(direct)";

    public const string NoMedium = "(none)";

    public const int MaxLength = 100;

    public static VisitSource None { get; } = new(Direct, NoMedium, null);
}

/// <summary>The rules of visit tracking: which page a path is, which user agents are robots, what a visit's source is.</summary>
public static partial class VisitRules
{
    /// <summary>
    /// The tracked page a GET path shows, and the product slug of a product page; null for any other path.
    /// A product page is both a page view and a product view (<see cref="VisitEventKind.ProductView"/>), the checkout page a checkout start.
    /// </summary>
    public static (PageKind Kind, string? ProductSlug)? PageOf(string path)
    {
        var p = path.Length > 1 ? path.TrimEnd('/') : path;
        if (p is "/" or "")
        {
            return (PageKind.Home, null);
        }

        if (p.Equals("/categories", StringComparison.OrdinalIgnoreCase) || IsUnder(p, "/c/"))
        {
            return (PageKind.Category, null);
        }

        if (IsUnder(p, "/p/"))
        {
            var slug = p[3..];
            return slug.Length is > 0 and <= 200 && !slug.Contains('/') ? (PageKind.Product, slug) : null;
        }

        return p.ToLowerInvariant() switch
        {
            "/search" => (PageKind.Search, null),
            "/cart" => (PageKind.Cart, null),
            "/checkout" => (PageKind.Checkout, null),
            _ => null,
        };
    }

    private static bool IsUnder(string path, string prefix) => path.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && path.Length > prefix.Length;

    /// <summary>The event a view of that page records.</summary>
    public static VisitEventKind EventOf(PageKind kind) => kind switch
    {
        PageKind.Product => VisitEventKind.ProductView,
        PageKind.Checkout => VisitEventKind.CheckoutStart,
        _ => VisitEventKind.PageView,
    };

    /// <summary>
    /// A robot by its user agent: none at all (wrk, scripts), or one naming itself a bot, crawler, spider or an HTTP library.
    /// Headless browsers are not refused: people's tools and the browser tests use them; their pace still can be.
    /// </summary>
    public static bool IsBot(string? userAgent) => string.IsNullOrWhiteSpace(userAgent) || BotAgent().IsMatch(userAgent);

    [GeneratedRegex(
        @"bot\b|bot/|crawl|spider|slurp|baiduspider|bingpreview|facebookexternalhit|mediapartners|lighthouse|pingdom|uptime|monitor|"
            + @"curl/|wget/|python-requests|python-urllib|aiohttp|httpclient|okhttp|go-http-client|java/|libwww|scrapy|postman|axios/|node-fetch|wrk",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex BotAgent();

    /// <summary>
    /// The source of a request: its utm_source (with utm_medium, default "utm"), else the host of a referrer on another site
    /// (medium "referral"), else <see cref="VisitSource.Direct"/>. A page reached from the store's own pages has no source of its own.
    /// </summary>
    public static VisitSource SourceOf(string? utmSource, string? utmMedium, string? referrer, string ownHost)
    {
        var host = Uri.TryCreate(referrer, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" ? uri.Host.ToLowerInvariant() : null;
        if (host is not null && host.Equals(ownHost, StringComparison.OrdinalIgnoreCase))
        {
            host = null;
        }

        host = Clean(host);
        if (Clean(utmSource) is { } source)
        {
            return new VisitSource(source, Clean(utmMedium) ?? "utm", host);
        }

        return host is null ? VisitSource.None : new VisitSource(host, "referral", host);
    }

    /// <summary>Trimmed, lower-cased, without control characters, at most <see cref="VisitSource.MaxLength"/> characters; null when empty.</summary>
    private static string? Clean(string? value)
    {
        if (value is null)
        {
            return null;
        }

        var cleaned = new string([.. value.Where(c => !char.IsControl(c))]).Trim().ToLowerInvariant();
        cleaned = cleaned.Length > VisitSource.MaxLength ? cleaned[..VisitSource.MaxLength] : cleaned;
        return cleaned.Length == 0 ? null : cleaned;
    }
}

/// <summary>
/// Robots by behaviour: a visitor viewing more than <paramref name="maxPerMinute"/> pages within a minute is one from then on.
/// Held in memory per app node (at most <paramref name="capacity"/> visitors, forgotten all at once past that), thread-safe.
/// </summary>
public sealed class VisitPace(int maxPerMinute, int capacity = 100_000)
{
    private readonly Dictionary<Guid, (DateTimeOffset Start, int Count, bool Bot)> _visitors = [];
    private readonly Lock _lock = new();

    public enum Verdict
    {
        Person,

        /// <summary>This view crossed the limit: record the visitor as a robot once.</summary>
        BecameBot,
        Bot,
    }

    public Verdict View(Guid visitor, DateTimeOffset now)
    {
        lock (_lock)
        {
            if (!_visitors.TryGetValue(visitor, out var v))
            {
                if (_visitors.Count >= capacity)
                {
                    _visitors.Clear();
                }

                v = (now, 0, false);
            }

            if (v.Bot)
            {
                return Verdict.Bot;
            }

            v = now - v.Start >= TimeSpan.FromMinutes(1) ? (now, 1, false) : (v.Start, v.Count + 1, false);
            var verdict = v.Count > maxPerMinute ? Verdict.BecameBot : Verdict.Person;
            _visitors[visitor] = verdict == Verdict.BecameBot ? (v.Start, v.Count, true) : v;
            return verdict;
        }
    }
}

/// <summary>
/// The visit funnel of a period (or of one source in it): visitors (≥ 1 page view, robots excluded) and, among them, those who
/// viewed a product, added to cart, opened checkout, placed an order and paid. Definitions: docs/metrics.md.
/// </summary>
public sealed record VisitFunnel(string Source, int Visitors, int ProductViewers, int AddedToCart, int CheckedOut, int Ordered, int Paid)
{
    public decimal? ProductViewRate => Rate(ProductViewers, Visitors);

    public decimal? AddToCartRate => Rate(AddedToCart, Visitors);

    public decimal? CheckoutRate => Rate(CheckedOut, Visitors);

    public decimal? OrderRate => Rate(Ordered, Visitors);

    public decimal? PaidRate => Rate(Paid, Visitors);

    public static VisitFunnel Total(IEnumerable<VisitFunnel> sources)
    {
        var all = sources.ToList();
        return new VisitFunnel("", all.Sum(s => s.Visitors), all.Sum(s => s.ProductViewers), all.Sum(s => s.AddedToCart), all.Sum(s => s.CheckedOut),
            all.Sum(s => s.Ordered), all.Sum(s => s.Paid));
    }

    /// <summary>
    /// A period's funnel per source from the stored funnel of its days up to yesterday (<paramref name="closed"/>): minus what
    /// today's visitors counted in those days (<paramref name="before"/>), plus what they count in the whole period
    /// (<paramref name="after"/>). Exact, because a visitor counts once, under one source, by all its days in the period:
    /// only today's visitors can change their count, source or steps. Sources left with no visitor drop out.
    /// </summary>
    public static List<VisitFunnel> Patch(IEnumerable<VisitFunnel> closed, IEnumerable<VisitFunnel> before, IEnumerable<VisitFunnel> after) =>
    [
        .. closed.Select(f => (f, 1)).Concat(before.Select(f => (f, -1))).Concat(after.Select(f => (f, 1)))
            .GroupBy(x => x.f.Source, StringComparer.Ordinal)
            .Select(g => new VisitFunnel(g.Key, g.Sum(x => x.Item2 * x.f.Visitors), g.Sum(x => x.Item2 * x.f.ProductViewers),
                g.Sum(x => x.Item2 * x.f.AddedToCart), g.Sum(x => x.Item2 * x.f.CheckedOut), g.Sum(x => x.Item2 * x.f.Ordered),
                g.Sum(x => x.Item2 * x.f.Paid)))
            .Where(f => f.Visitors != 0)
            .OrderByDescending(f => f.Visitors).ThenBy(f => f.Source, StringComparer.Ordinal),
    ];

    /// <summary>part / whole to 4 places (0.1235 = 12.35 %), null when nobody visited.</summary>
    public static decimal? Rate(int part, int whole) => whole == 0 ? null : Math.Round((decimal)part / whole, 4, MidpointRounding.AwayFromZero);
}

/// <summary>An order placed by a tracked visitor (migration 0042): its triggers count the order placed, then paid, in the funnel.</summary>
public sealed class VisitOrder : Common.ITenantOwned
{
    private VisitOrder()
    {
    }

    public Guid TenantId { get; private set; }

    public Guid OrderId { get; private set; }

    public Guid VisitorId { get; private set; }

    public DateTimeOffset PlacedAt { get; private set; }

    public static VisitOrder Create(Guid tenantId, Guid orderId, Guid visitorId, DateTimeOffset placedAt) =>
        new() { TenantId = tenantId, OrderId = orderId, VisitorId = visitorId, PlacedAt = placedAt };
}

/// <summary>A visitor's day in a store (migration 0041), kept by the tracking writer and the order triggers. Read-only here.</summary>
public sealed class VisitorDay : Common.ITenantOwned
{
    private VisitorDay()
    {
    }

    public Guid TenantId { get; private set; }

    public DateOnly Day { get; private set; }

    public Guid VisitorId { get; private set; }

    public string Source { get; private set; } = VisitSource.Direct;

    public string Medium { get; private set; } = VisitSource.NoMedium;

    public DateTimeOffset FirstAt { get; private set; }

    public int PageViews { get; private set; }

    public int ProductViews { get; private set; }

    public int AddToCarts { get; private set; }

    public int Checkouts { get; private set; }

    public int Orders { get; private set; }

    public int PaidOrders { get; private set; }

    public bool Bot { get; private set; }

    /// <summary>The visitor's day before this one, and after it (migration 0052, kept by triggers).</summary>
    public DateOnly? PreviousDay { get; private set; }

    public DateOnly? NextDay { get; private set; }

    /// <summary>
    /// The visitor's latest earlier day as a robot, with a page view, a product view, an add to cart, a checkout, an order, a
    /// payment (migration 0054, kept by triggers).
    /// </summary>
    public DateOnly? PrevBotDay { get; private set; }

    public DateOnly? PrevPageViewDay { get; private set; }

    public DateOnly? PrevProductViewDay { get; private set; }

    public DateOnly? PrevCartDay { get; private set; }

    public DateOnly? PrevCheckoutDay { get; private set; }

    public DateOnly? PrevOrderDay { get; private set; }

    public DateOnly? PrevPaidDay { get; private set; }
}
