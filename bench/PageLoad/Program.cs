// Page loads for bench/pages.sh: opens the demo store's shopper pages in Chromium as a phone would (390×844, touch, 4× CPU
// throttling through CDP Emulation.setCPUThrottlingRate), each in a fresh browser context (a first visit: nothing cached), and
// prints one Markdown table row a page: Largest Contentful Paint (PerformanceObserver, the last candidate once the page is
// loaded and the network idle) and the bytes transferred (CDP Network.loadingFinished encodedDataLength: headers and body as
// sent, compressed), images apart from the rest. With it, the median time to the first byte of the page (Navigation Timing
// responseStart) and the First Contentful Paint, so a late LCP shows whether the server, the first paint or what follows it is late.
// The cart and checkout are loaded signed in as the demo shopper with one SKU in the cart (signed in and filled over HTTP
// first, the cookie handed to the browser, so the measured load is the page's alone).
// Usage: PageLoad --port PORT [--store demo] [--chromium /usr/bin/chromium] [--shopper shopper@demo.local] [--password storefront-demo] [--runs 1]
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
    Args = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
foreach (var (name, path, signedIn) in pages)
{
    var lcps = new List<double>();
    var ttfbs = new List<double>();
    var fcps = new List<double>();
    var lcpElement = "";
    (long Other, long Images, int Requests) bytes = default;
    for (var run = 0; run < runs; run++)
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
        var response = await page.GotoAsync(origin + path, new() { WaitUntil = WaitUntilState.Load, Timeout = 60_000 });
        if (response is null || response.Status != 200)
        {
            throw new InvalidOperationException($"{name} {path}: {response?.Status}");
        }

        await page.WaitForLoadStateAsync(LoadState.NetworkIdle, new() { Timeout = 60_000 });
        lcps.Add(await page.EvaluateAsync<double>("() => window.__lcp"));
        ttfbs.Add(await page.EvaluateAsync<double>("() => performance.getEntriesByType('navigation')[0].responseStart"));
        fcps.Add(await page.EvaluateAsync<double>(
            "() => (performance.getEntriesByName('first-contentful-paint')[0] || { startTime: 0 }).startTime"));
        lcpElement = await page.EvaluateAsync<string>("() => window.__lcpElement");
        lock (types)
        {
            var image = sizes.Where(s => types.GetValueOrDefault(s.Key) == "Image").Sum(s => s.Value);
            bytes = ((long)(sizes.Values.Sum() - image), (long)image, sizes.Count);
        }
    }

    var lcp = Median(lcps);
    var kb = bytes.Other / 1024d;
    Console.WriteLine(
        string.Create(CultureInfo.InvariantCulture, $"| {name} | `{path}` | {lcp:0} ms | {Median(ttfbs):0} ms | {Median(fcps):0} ms | ")
        + string.Create(CultureInfo.InvariantCulture, $"{kb:0.0} KB | {bytes.Images / 1024d:0.0} KB | {bytes.Requests} | ")
        + $"`{lcpElement}` | {(lcp <= 1000 ? "yes" : "**no**")} | {(kb <= 150 ? "yes" : "**no**")} |");
}

static double Median(List<double> values)
{
    values.Sort();
    return values[values.Count / 2];
}
