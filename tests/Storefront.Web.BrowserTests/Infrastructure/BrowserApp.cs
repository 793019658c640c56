using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Storefront.Web.Tests.Infrastructure;

namespace Storefront.Web.BrowserTests.Infrastructure;

/// <summary>
/// The real app on a real Kestrel port (so Chromium can reach it) over its own seeded database, and one headless
/// Chromium shared by the tests of a class. Stores are at http://{slug}.localhost:{Port}; Chromium resolves
/// *.localhost to the loopback address. Use as an xunit class fixture; give each test its own browser context.
/// </summary>
public sealed class BrowserApp : StorefrontApp, IAsyncLifetime
{
    /// <summary>Debian's Chromium (Playwright's own browser download cannot work here); STOREFRONT_CHROMIUM overrides it, as in test.sh.</summary>
    public static readonly string ChromiumPath =
        Environment.GetEnvironmentVariable("STOREFRONT_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public BrowserApp() => UseKestrel(0);

    public int Port { get; private set; }

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("the browser has not been started");

    /// <summary>An address in a store (demo → http://demo.localhost:PORT/path), or on the platform host when store is "".</summary>
    public string Url(string store, string path = "/") =>
        $"http://{(store.Length == 0 ? "localhost" : store + ".localhost")}:{Port}{path}";

    public new async Task InitializeAsync()
    {
        RequireChromium();
        await base.InitializeAsync();   // creates the database, starts Kestrel and seeds the demo stores
        Port = ListeningPort();

        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync"],
        });
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);

        // A browser needs the framework and Radzen scripts and styles (_framework/blazor.web.js, _content/...). Outside
        // Development they come from the static web assets manifest of the build, which is only read when asked for.
        builder.UseStaticWebAssets();
    }

    /// <summary>A fresh browser (own cookies and storage), as a new visitor would have.</summary>
    public Task<IBrowserContext> NewContextAsync() =>
        Browser.NewContextAsync(new() { Locale = "zh-CN", ViewportSize = new() { Width = 1280, Height = 900 } });

    async Task IAsyncLifetime.DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }

        _playwright?.Dispose();
        await DisposeAsync();
    }

    private int ListeningPort()
    {
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var address = addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("Kestrel is not listening on any address; was UseKestrel called before the server started?");
        return new Uri(address.Replace("[::]", "localhost", StringComparison.Ordinal).Replace("+", "localhost", StringComparison.Ordinal)).Port;
    }

    /// <summary>No silent skipping: without Chromium the browser tests fail and say how to get it.</summary>
    private static void RequireChromium()
    {
        if (File.Exists(ChromiumPath))
        {
            return;
        }

        var onCi = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
        throw new InvalidOperationException(onCi
            ? $"Chromium is missing at {ChromiumPath} on CI (CI=true), where browser tests must run, not be skipped: install chromium: apt-get install chromium"
            : $"Chromium is missing at {ChromiumPath}: install chromium: apt-get install chromium");
    }
}
