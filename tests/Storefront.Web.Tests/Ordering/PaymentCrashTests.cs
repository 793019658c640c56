using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Storefront.Domain.Ordering;
using Storefront.Web.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Storefront.Web.Tests.Ordering;

/// <summary>
/// Crash test "killed between a payment callback and its commit", with a real process. The app runs as a child process
/// (the built Storefront.Web.dll on Kestrel, real time, real HTTP on loopback) against this test's database. With
/// Storefront:Faults:SettlePayment=exit, the settle step marks the order paid, writes everything inside its transaction,
/// and then the process SIGKILLs itself before COMMIT. A second process (no fault) is started on the same database; the
/// gateway's retried delivery (from the table, after the lease of the lost attempt runs out) completes the payment once.
/// What this proves: nothing of an uncommitted settle survives a kill (PostgreSQL drops the open transaction with the
/// connection), the callback is not lost (it waits in sandbox_charges, not in memory), and the retry books exactly one
/// payment, one paid event and one outbox message. What it does not: a kill at an arbitrary instruction (the point is
/// chosen), nor a kill of the database itself.
/// </summary>
public sealed class PaymentCrashTests(PaymentsApp app, ITestOutputHelper output) : IClassFixture<PaymentsApp>
{
    [Fact]
    public async Task Killed_between_a_payment_callback_and_its_commit_the_retried_callback_pays_the_order_exactly_once()
    {
        // Real time in the child processes: give the order a due time in real time too.
        if (DateTimeOffset.UtcNow > app.Clock.GetUtcNow())
        {
            app.Clock.SetUtcNow(DateTimeOffset.UtcNow);
        }

        var sku = await app.SeedSkuAsync("demo", "CRASH-PAY", stock: 10, price: 88m);
        var number = await app.PlacePendingOrderAsync("demo", "shopper@demo.local", sku);
        var shopper = app.ClientFor("demo");
        await shopper.SignInShopperAsync("shopper@demo.local");
        var started = await shopper.StartPaymentAsync(number);

        // 1. The app with the fault: the shopper presses 支付 on its hosted page; the callback it sends at once kills it.
        await using (var faulty = await AppProcess.StartAsync(app, output, ("Storefront__Faults__SettlePayment", "exit")))
        {
            var browser = faulty.Client();
            var form = await browser.GetPageAsync($"/pay/sandbox/{started.PaymentId}");
            Assert.NotNull(form.QuerySelector("[data-testid=sandbox-pay]"));
            try
            {
                await browser.ChooseOnGatewayAsync(started.PaymentId, "pay");
            }
            catch (HttpRequestException)
            {
                // The process died while answering.
            }

            var exit = await faulty.WaitForExitAsync(TimeSpan.FromSeconds(60));
            Assert.True(exit == 137 || exit < 0 || exit > 0, $"the app should have been killed, exit code {exit}");
            Assert.Contains("Fault injection: killing the process", faulty.Output);
        }

        // Nothing of the settle step was committed; the callback waits to be retried.
        var charge = (await app.ChargeAsync("demo", started.PaymentId))!;
        Assert.Equal("Succeeded", charge.Status);
        Assert.Null(charge.CallbackDeliveredAt);
        var attemptsBeforeRestart = charge.CallbackAttempts;   // 1, or more if a slow cold start let an attempt time out
        Assert.True(attemptsBeforeRestart >= 1);
        Assert.Equal(PaymentStatus.Pending, Assert.Single(await app.PaymentsAsync("demo", number)).Status);
        var before = await app.StoredOrderAsync("demo", number);
        Assert.Equal(OrderStatus.PendingPayment, before.Status);
        Assert.DoesNotContain(before.Events, e => e.Kind == "paid");
        Assert.Equal(0, await app.OutboxCountAsync("demo", "order.paid", number));

        // 2. The app restarted without the fault: its delivery job retries the callback and the store answers 2xx.
        await using (var restarted = await AppProcess.StartAsync(app, output))
        {
            var deadline = DateTime.UtcNow.AddSeconds(90);
            while ((await app.ChargeAsync("demo", started.PaymentId))!.CallbackDeliveredAt is null)
            {
                Assert.True(DateTime.UtcNow < deadline, "the retried callback was not delivered in time:\n" + restarted.Output);
                await Task.Delay(250);
            }

            // The gateway sending it once more (a replay) changes nothing either.
            var (body, signature) = await app.CallbackAsync("demo", started.PaymentId);
            var replay = await restarted.Client().PostCallbackAsync(body, signature);
            Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        }

        charge = (await app.ChargeAsync("demo", started.PaymentId))!;
        Assert.True(charge.CallbackAttempts > attemptsBeforeRestart);
        var payment = Assert.Single(await app.PaymentsAsync("demo", number));
        Assert.Equal(PaymentStatus.Succeeded, payment.Status);
        var order = await app.StoredOrderAsync("demo", number);
        Assert.Equal(OrderStatus.Paid, order.Status);
        Assert.Equal(payment.ProviderReference, order.PaymentReference);
        Assert.Single(order.Events, e => e.Kind == "paid");
        Assert.Equal(1, await app.OutboxCountAsync("demo", "order.paid", number));
        Assert.Equal((10, 1), await app.StockAsync("demo", sku));
    }

    /// <summary>The built app as a child process on a free loopback port, against the fixture's database.</summary>
    private sealed class AppProcess : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly StringBuilder _output = new();
        private readonly string _media = Path.Combine(Path.GetTempPath(), "storefront-crash-" + Guid.NewGuid().ToString("N"));

        private AppProcess(Process process, int port)
        {
            _process = process;
            Port = port;
        }

        public int Port { get; }

        public string Output
        {
            get
            {
                lock (_output)
                {
                    return _output.ToString();
                }
            }
        }

        public static async Task<AppProcess> StartAsync(StorefrontApp app, ITestOutputHelper output, params (string Name, string Value)[] settings)
        {
            var dll = AppDll();
            var port = FreePort();
            var start = new ProcessStartInfo("dotnet")
            {
                WorkingDirectory = Path.GetDirectoryName(dll)!,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.ArgumentList.Add(dll);
            start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
            start.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
            start.Environment["ConnectionStrings__Storefront"] = app.Database.AppConnectionString;
            start.Environment.Remove("ConnectionStrings__StorefrontAdmin");
            start.Environment["Storefront__SeedDemoData"] = "false";
            start.Environment["Storefront__Payments__CallbackIntervalSeconds"] = "1";
            start.Environment["Storefront__Payments__CallbackTimeoutSeconds"] = "10";
            start.Environment["Storefront__Payments__CallbackLeaseSeconds"] = "2";   // raised to timeout + 5 s
            start.Environment["Storefront__Payments__CallbackBackoffSeconds"] = "1";
            foreach (var (name, value) in settings)
            {
                start.Environment[name] = value;
            }

            var process = new Process { StartInfo = start };
            var child = new AppProcess(process, port);
            start.Environment["Storefront__MediaPath"] = child._media;
            start.Environment["Storefront__Mail__PickupDirectory"] = Path.Combine(child._media, "mail");
            process.OutputDataReceived += (_, e) => child.Append(e.Data);
            process.ErrorDataReceived += (_, e) => child.Append(e.Data);
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            output.WriteLine($"started the app as process {process.Id} on port {port}");

            using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            var deadline = DateTime.UtcNow.AddSeconds(120);
            while (true)
            {
                Assert.False(process.HasExited, "the app process exited while starting:\n" + child.Output);
                Assert.True(DateTime.UtcNow < deadline, "the app process did not start in time:\n" + child.Output);
                try
                {
                    if ((await probe.GetAsync($"http://127.0.0.1:{port}/health/live")).IsSuccessStatusCode)
                    {
                        return child;
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    // not listening yet
                }

                await Task.Delay(250);
            }
        }

        /// <summary>A client of the demo store at this process (Host: demo.localhost), keeping cookies, not following redirects.</summary>
        public HttpClient Client() =>
            new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true })
            {
                BaseAddress = new Uri($"http://127.0.0.1:{Port}"),
                DefaultRequestHeaders = { Host = "demo.localhost" },
                Timeout = TimeSpan.FromSeconds(60),
            };

        public async Task<int> WaitForExitAsync(TimeSpan timeout)
        {
            using var cts = new CancellationTokenSource(timeout);
            await _process.WaitForExitAsync(cts.Token);
            return _process.ExitCode;
        }

        public async ValueTask DisposeAsync()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }

            _process.Dispose();
            if (Directory.Exists(_media))
            {
                Directory.Delete(_media, recursive: true);
            }
        }

        private void Append(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (_output)
            {
                _output.AppendLine(line);
            }
        }

        /// <summary>The web project's own build output (same configuration as this test assembly), which has its runtimeconfig.</summary>
        private static string AppDll()
        {
            var bin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var tfm = bin.Name;
            var configuration = bin.Parent!.Name;
            var root = bin;
            while (root is not null && !File.Exists(Path.Combine(root.FullName, "Storefront.sln")))
            {
                root = root.Parent;
            }

            var candidates = new[]
            {
                root is null ? null : Path.Combine(root.FullName, "src", "Storefront.Web", "bin", configuration, tfm, "Storefront.Web.dll"),
                Path.Combine(AppContext.BaseDirectory, "Storefront.Web.dll"),
            };
            return candidates.FirstOrDefault(c => c is not null && File.Exists(c) && File.Exists(Path.ChangeExtension(c, ".runtimeconfig.json")))
                ?? throw new InvalidOperationException("Storefront.Web.dll with its runtimeconfig.json not found; build the solution first.");
        }

        private static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
    }
}
