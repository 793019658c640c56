using System.Runtime.CompilerServices;
using MediatR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Storefront.Web.Features.Platform;
using Storefront.Web.Tests.Infrastructure;

namespace Storefront.Web.BrowserTests.Infrastructure;

/// <summary>
/// What a browser test does: opens a fresh browser context (a new visitor), runs its steps, and on failure saves a
/// screenshot and the HTML of every open page to tests/Storefront.Web.BrowserTests/TestResults/{test}.
/// </summary>
public abstract class BrowserTest(BrowserApp app)
{
    /// <summary>Time for what a person waits for: a page, a redirect, the first Blazor circuit on a busy 2-core machine.</summary>
    protected const float PatientMs = 20_000;

    static BrowserTest() => Assertions.SetDefaultExpectTimeout(PatientMs);

    protected BrowserApp App { get; } = app;

    /// <summary>A store of the test's own (slug <paramref name="prefix"/> and a random part), named <paramref name="name"/>; answers its slug.</summary>
    protected async Task<string> NewStoreAsync(string prefix, string name)
    {
        var slug = prefix + Guid.NewGuid().ToString("N")[..8];
        await using var scope = App.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new CreateStore.Command { Slug = slug, Name = name });
        return slug;
    }

    protected Task InBrowserAsync(Func<IPage, Task> steps, [CallerMemberName] string test = "") => InBrowserAsync(null, steps, test);

    /// <summary>As <see cref="InBrowserAsync(Func{IPage, Task}, string)"/> in a browser of another kind (a phone: viewport, touch).</summary>
    protected async Task InBrowserAsync(BrowserNewContextOptions? options, Func<IPage, Task> steps, [CallerMemberName] string test = "")
    {
        await using var context = options is null ? await App.NewContextAsync() : await App.Browser.NewContextAsync(options);
        context.SetDefaultTimeout(PatientMs);
        context.SetDefaultNavigationTimeout(PatientMs);
        var log = new List<string>();
        context.Page += (_, p) => Watch(p, log);
        var page = await context.NewPageAsync();
        var logged = SuiteLog.Snapshot().Count;
        try
        {
            await steps(page);
        }
        catch (Exception e)
        {
            await SaveEvidenceAsync(context, test, log);
            // The server's errors while the steps ran (a circuit that crashed, a 500) are the cause a browser only hints at.
            var errors = SuiteLog.Snapshot().Skip(logged).Where(IsProblem).ToList();
            if (errors.Count > 0)
            {
                var n = Environment.NewLine;
                throw new Xunit.Sdk.XunitException($"{e.Message}{n}The server logged while the steps ran:{n}{string.Join(n, errors)}", e);
            }

            throw;
        }
    }

    /// <summary>Signs a staff member in through the login form of the store the page is on.</summary>
    protected async Task SignInStaffAsync(IPage page, string store, string email, string password = "storefront-demo")
    {
        await page.GotoAsync(App.Url(store, "/admin/login"));
        await page.GetByTestId("email").FillAsync(email);
        await page.GetByTestId("password").FillAsync(password);
        await page.GetByTestId("submit").ClickAsync();
        await Assertions.Expect(page.GetByTestId("staff-name")).ToBeVisibleAsync();
    }

    /// <summary>
    /// Chooses 省 → 市 → 区 in the checkout's pickers with taps, as a person on a phone does: each list is filled by the
    /// choice before it (js/divisions.js), so each waits for its option to arrive.
    /// </summary>
    protected static async Task ChooseRegionAsync(IPage page, string province, string city, string district)
    {
        foreach (var (list, name) in new[] { ("address-province", province), ("address-city", city), ("address-district", district) })
        {
            var select = page.GetByTestId(list);
            await Assertions.Expect(select.Locator($"option:text-is('{name}')")).ToHaveCountAsync(1);
            await select.SelectOptionAsync(new SelectOptionValue { Label = name });
        }
    }

    /// <summary>Keeps what the browser console said and which requests failed: the first clue when a circuit does not start.</summary>
    private static void Watch(IPage page, List<string> log)
    {
        page.Console += (_, m) => Add(log, $"console.{m.Type} {page.Url}: {m.Text}");
        page.PageError += (_, e) => Add(log, $"page error {page.Url}: {e}");
        page.RequestFailed += (_, r) => Add(log, $"request failed {r.Method} {r.Url}: {r.Failure}");
        page.WebSocket += (_, ws) =>
        {
            Add(log, $"websocket open {ws.Url}");
            ws.Close += (_, _) => Add(log, $"websocket closed {ws.Url}");
            ws.SocketError += (_, e) => Add(log, $"websocket error {ws.Url}: {e}");
        };

        static void Add(List<string> log, string line)
        {
            lock (log)
            {
                log.Add($"{DateTime.Now:HH:mm:ss.fff} {line}");
            }
        }
    }

    private static async Task SaveEvidenceAsync(IBrowserContext context, string test, List<string> log)
    {
        try
        {
            var dir = Path.Combine(ResultsDirectory(), test);
            Directory.CreateDirectory(dir);
            lock (log)
            {
                File.WriteAllLines(Path.Combine(dir, "browser.log"), log);
            }

            // What the server said: the suite's errors so far (all classes).
            File.WriteAllLines(Path.Combine(dir, "server.log"),
                SuiteLog.Snapshot().Where(IsProblem));

            var n = 0;
            foreach (var page in context.Pages)
            {
                n++;
                await page.ScreenshotAsync(new() { Path = Path.Combine(dir, $"page{n}.png"), FullPage = true, Timeout = 5_000 });
                await File.WriteAllTextAsync(Path.Combine(dir, $"page{n}.html"), $"<!-- {page.Url} -->\n" + await page.ContentAsync());
            }
        }
        catch (Exception e) when (e is PlaywrightException or IOException or TimeoutException)
        {
            // Evidence is a courtesy; the test's own failure is what gets reported.
        }
    }

    private static bool IsProblem(string line) =>
        line.Contains("[Error]", StringComparison.Ordinal) || line.Contains("[Fatal]", StringComparison.Ordinal);

    private static string ResultsDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Storefront.Web.BrowserTests.csproj")))
            {
                return Path.Combine(dir.FullName, "TestResults");
            }
        }

        return Path.Combine(AppContext.BaseDirectory, "TestResults");
    }
}
