using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Storefront.Web.Tests.Ordering;

/// <summary>
/// The built app (src/Storefront.Web's Storefront.Web.dll) run as a real, separate process on a loopback port against a
/// test database, so a test can kill it (or let it kill itself) and start it again. Its console output is kept for the
/// failure message.
/// </summary>
public sealed class AppProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _output = [];

    private AppProcess(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return string.Join('\n', _output.TakeLast(60));
            }
        }
    }

    public static async Task<AppProcess> StartAsync(string appConnectionString, IDictionary<string, string>? settings = null)
    {
        var dll = FindApp();
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dll),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["ConnectionStrings__Storefront"] = appConnectionString;
        start.Environment.Remove("ConnectionStrings__StorefrontAdmin");
        start.Environment["Storefront__MigrateOnStartup"] = "false";
        start.Environment["Storefront__SeedDemoData"] = "false";
        start.Environment["Storefront__RateLimits__Enabled"] = "false";
        var media = Path.Combine(Path.GetTempPath(), "storefront-media-" + port);
        start.Environment["Storefront__MediaPath"] = media;
        start.Environment["Storefront__Mail__PickupDirectory"] = Path.Combine(media, "mail");
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var app = new AppProcess(process, port);
        process.OutputDataReceived += (_, e) => app.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => app.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"the app exited with {process.ExitCode} while starting:\n{app.Output}");
            }

            try
            {
                if ((await probe.GetAsync($"http://127.0.0.1:{port}/health/live")).IsSuccessStatusCode)
                {
                    return app;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }

            await Task.Delay(200);
        }

        await app.DisposeAsync();
        throw new TimeoutException($"the app did not answer /health/live within 90 s:\n{app.Output}");
    }

    /// <summary>A client of one store of this process (Host header {store}.localhost), keeping cookies, not following redirects.</summary>
    public HttpClient ClientFor(string store)
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() })
        {
            BaseAddress = new Uri($"http://127.0.0.1:{Port}"),
            Timeout = TimeSpan.FromSeconds(60),
        };
        client.DefaultRequestHeaders.Host = $"{store}.localhost";
        client.DefaultRequestHeaders.Add("X-Requested-With", "XMLHttpRequest");   // as StorefrontApp.ClientFor
        return client;
    }

    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await WaitForExitAsync(TimeSpan.FromSeconds(30));
        }

        _process.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.Add(line);
        }
    }

    /// <summary>src/Storefront.Web/bin/{this build's configuration}/net10.0/Storefront.Web.dll, else the copy beside the tests.</summary>
    private static string FindApp()
    {
        var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = here.Name;
        var configuration = here.Parent?.Name ?? "Debug";
        for (var dir = here; dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Storefront.sln")))
            {
                var built = Path.Combine(dir.FullName, "src", "Storefront.Web", "bin", configuration, framework, "Storefront.Web.dll");
                if (File.Exists(built))
                {
                    return built;
                }

                break;
            }
        }

        return Path.Combine(AppContext.BaseDirectory, "Storefront.Web.dll");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
