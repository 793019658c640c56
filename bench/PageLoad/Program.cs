// Page loads for bench/pages.sh: opens the demo store's shopper pages in Chromium as a phone would (390×844, touch, 4× CPU
// throttling through CDP Emulation.setCPUThrottlingRate), each in a fresh browser context (a first visit: nothing cached), and
// prints one Markdown table row a page: Largest Contentful Paint (PerformanceObserver, the last candidate once the page is
// loaded and the network idle) and the bytes transferred (CDP Network.loadingFinished encodedDataLength: headers and body as
// sent, compressed), images apart from the rest. With it, the median time to the first byte of the page (Navigation Timing
// responseStart) and the First Contentful Paint, so a late LCP shows whether the server, the first paint or what follows it is late.
// The cart and checkout are loaded signed in as the demo shopper with one SKU in the cart (signed in and filled over HTTP
// first, the cookie handed to the browser, so the measured load is the page's alone). Each page is loaded once, uncounted,
// before the measured loads; the row gives the median and the slowest LCP, and the target is judged on the slowest.
// Usage: PageLoad --port PORT [--store demo] [--chromium /usr/bin/chromium] [--shopper shopper@demo.local] [--password storefront-demo] [--runs 1]
//        [--trace DIR: a Chromium performance trace of every measured load, DIR/PAGE-RUN.json]
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

var options = args.Select((a, i) => (a, i)).Where(p => p.a.StartsWith("--", StringComparison.Ordinal) && p.i + 1 < args.Length)
    .ToDictionary(p => p.a[2..], p => args[p.i + 1]);
var port = int.Parse(options["port"], CultureInfo.InvariantCulture);
var store = options.GetValueOrDefault("store", "demo");
var chromium = options.GetValueOrDefault("chromium", "/usr/bin/chromium");
var runs = int.Parse(options.GetValueOrDefault("runs", "1"), CultureInfo.InvariantCulture);
var origin = $"http://{store}.localhost:{port}";
var traceDir = options.GetValueOrDefault("trace");

// Over HTTP to 127.0.0.1 with the store's Host header: find a leaf category, a product with stock, and sign the shopper in.
var cookies = new CookieContainer();
using var http = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false })
{
    BaseAddress = new Uri($"http://127.0.0.1:{port}"),
};
http.DefaultRequestHeaders.Host = $"{store}.localhost:{port}";
http.DefaultRequestHeaders.Add("X-Requested-With", "XMLHttpRequest");
using var tree = JsonDocument.Parse(await http.GetStringAsync("/api/v1/catalog/categories"));
var leaf = tree.RootElement[0];
while (leaf.GetProperty("children").GetArrayLength() > 0)
{
    leaf = leaf.GetProperty("children")[0];
}

var category = leaf.GetProperty("slug").GetString()!;
using var listing = JsonDocument.Parse(await http.GetStringAsync($"/api/v1/catalog/products?category={category}"));
var product = listing.RootElement.GetProperty("items")[0].GetProperty("slug").GetString()!;
using var detail = JsonDocument.Parse(await http.GetStringAsync($"/api/v1/catalog/products/{product}"));
var sku = detail.RootElement.GetProperty("skus").EnumerateArray().First(s => s.GetProperty("available").GetInt32() > 0).GetProperty("code").GetString()!;
var login = await http.PostAsJsonAsync("/api/v1/account/login", new
{
    email = options.GetValueOrDefault("shopper", "shopper@demo.local"),
    password = options.GetValueOrDefault("password", "storefront-demo"),
});
login.EnsureSuccessStatusCode();
(await http.PostAsJsonAsync("/api/v1/cart/lines", new { skuCode = sku, quantity = 1 })).EnsureSuccessStatusCode();
var shopperCookies = cookies.GetCookies(http.BaseAddress).Select(c => new Microsoft.Playwright.Cookie
{
    Name = c.Name,
    Value = c.Value,
    Domain = $"{store}.localhost",
    Path = "/",
    HttpOnly = c.HttpOnly,
}).ToList();

var pages = new (string Name, string Path, bool SignedIn)[]
{
    ("home", "/", false), ("category", $"/c/{category}", false), ("search", "/search?q=" + Uri.EscapeDataString("耳机"), false),
    ("product", $"/p/{product}", false), ("cart", "/cart", true), ("checkout", "/checkout", true),
};

using var playwright = await Playwright.CreateAsync();
await using var browser = await playwright.Chromium.LaunchAsync(new()
{
    ExecutablePath = chromium,
    Headless = true,
    // Without the last two switches Chromium sometimes builds its omnibox popup (a WebUI page of some 150 scripts) in another
    // process during a measured load: CPU taken from the page on a 2-core machine, nothing a phone's page load pays for.
    Args = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-features=PreloadTopChromeWebUI,WebUIOmniboxPopup,WebUIOmniboxFullPopup,WebUIOmniboxAimPopup"],
});

// One load of each page first, not counted: the app's first render of each page (JIT, caches) and the browser's own start-up
// work (its first renderer, font look-ups) would otherwise land in the first page's figures.
foreach (var (name, path, signedIn) in pages)
{
    await LoadAsync(name, path, signedIn, null);
}

foreach (var (name, path, signedIn) in pages)
{
    var loads = new List<Load>();
    for (var run = 0; run < runs; run++)
    {
        loads.Add(await LoadAsync(name, path, signedIn, traceDir is null ? null : Path.Combine(traceDir, $"{name}-{run + 1}.json")));
    }

    var lcp = Median(loads.Select(l => l.Lcp));
    var slowest = loads.Max(l => l.Lcp);
    var last = loads[^1];
    var kb = last.Other / 1024d;
    Console.WriteLine(
        string.Create(CultureInfo.InvariantCulture, $"| {name} | `{path}` | {lcp:0} ms | {slowest:0} ms | {Median(loads.Select(l => l.Ttfb)):0} ms | ")
        + string.Create(CultureInfo.InvariantCulture, $"{Median(loads.Select(l => l.Fcp)):0} ms | {kb:0.0} KB | {last.Images / 1024d:0.0} KB | ")
        + $"{last.Requests} | `{last.Element}` | {(slowest <= 1000 ? "yes" : "**no**")} | {(kb <= 150 ? "yes" : "**no**")} |");
}

// Loads a page in a fresh context (a first visit, cache off) at 390×844 with 4× CPU throttling; with tracePath, also writes the
// load's Chromium performance trace there (DevTools' Performance panel or ui.perfetto.dev open it).
async Task<Load> LoadAsync(string name, string path, bool signedIn, string? tracePath)
{
    await using var context = await browser.NewContextAsync(new()
    {
        ViewportSize = new() { Width = 390, Height = 844 },
        DeviceScaleFactor = 3,
        IsMobile = true,
        HasTouch = true,
        Locale = "zh-CN",
    });
    if (signedIn)
    {
        await context.AddCookiesAsync(shopperCookies);
    }

    await context.AddInitScriptAsync("""
        window.__lcp = 0; window.__lcpElement = '';
        new PerformanceObserver(list => {
          for (const e of list.getEntries()) {
            window.__lcp = e.startTime;
            const el = e.element;
            window.__lcpElement = el ? el.tagName.toLowerCase() + (el.className ? '.' + String(el.className).split(' ')[0] : '') : '';
          }
        })
          .observe({ type: 'largest-contentful-paint', buffered: true });
        """);
    var page = await context.NewPageAsync();
    var cdp = await context.NewCDPSessionAsync(page);
    var types = new Dictionary<string, string>();
    var sizes = new Dictionary<string, double>();
    cdp.Event("Network.responseReceived").OnEvent += (_, e) =>
    {
        if (e is { } ev)
        {
            lock (types)
            {
                types[ev.GetProperty("requestId").GetString()!] = ev.GetProperty("type").GetString()!;
            }
        }
    };
    cdp.Event("Network.loadingFinished").OnEvent += (_, e) =>
    {
        if (e is { } ev)
        {
            lock (types)
            {
                sizes[ev.GetProperty("requestId").GetString()!] = ev.GetProperty("encodedDataLength").GetDouble();
            }
        }
    };
    await cdp.SendAsync("Network.enable");
    await cdp.SendAsync("Network.setCacheDisabled", new() { ["cacheDisabled"] = true });
    await cdp.SendAsync("Emulation.setCPUThrottlingRate", new() { ["rate"] = 4 });
    var trace = new List<JsonElement>();
    if (tracePath is not null)
    {
        cdp.Event("Tracing.dataCollected").OnEvent += (_, e) =>
        {
            if (e is { } ev)
            {
                lock (trace)
                {
                    trace.AddRange(ev.GetProperty("value").EnumerateArray().Select(v => v.Clone()));
                }
            }
        };
        await cdp.SendAsync("Tracing.start", new()
        {
            ["transferMode"] = "ReportEvents",
            ["categories"] = "devtools.timeline,disabled-by-default-devtools.timeline,disabled-by-default-devtools.timeline.frame,"
                + "blink.user_timing,loading,v8.execute,disabled-by-default-v8.compile,toplevel,blink,navigation,rail",
        });
    }

    var response = await page.GotoAsync(origin + path, new() { WaitUntil = WaitUntilState.Load, Timeout = 60_000 });
    if (response is null || response.Status != 200)
    {
        throw new InvalidOperationException($"{name} {path}: {response?.Status}");
    }

    await page.WaitForLoadStateAsync(LoadState.NetworkIdle, new() { Timeout = 60_000 });
    var lcp = await page.EvaluateAsync<double>("() => window.__lcp");
    var ttfb = await page.EvaluateAsync<double>("() => performance.getEntriesByType('navigation')[0].responseStart");
    var fcp = await page.EvaluateAsync<double>("() => (performance.getEntriesByName('first-contentful-paint')[0] || { startTime: 0 }).startTime");
    var element = await page.EvaluateAsync<string>("() => window.__lcpElement");
    if (tracePath is not null)
    {
        var complete = new TaskCompletionSource();
        cdp.Event("Tracing.tracingComplete").OnEvent += (_, _) => complete.TrySetResult();
        await cdp.SendAsync("Tracing.end");
        await complete.Task.WaitAsync(TimeSpan.FromSeconds(30));
        lock (trace)
        {
            File.WriteAllText(tracePath, JsonSerializer.Serialize(new { traceEvents = trace }));
        }
    }

    lock (types)
    {
        var image = sizes.Where(s => types.GetValueOrDefault(s.Key) == "Image").Sum(s => s.Value);
        return new Load(lcp, ttfb, fcp, element, (long)(sizes.Values.Sum() - image), (long)image, sizes.Count);
    }
}

static double Median(IEnumerable<double> values)
{
    var sorted = values.Order().ToList();
    return sorted[sorted.Count / 2];
}

/// <summary>One page load's figures: ms from the navigation's start; bytes transferred without images, of images; requests.</summary>
internal sealed record Load(double Lcp, double Ttfb, double Fcp, string Element, long Other, long Images, int Requests);
