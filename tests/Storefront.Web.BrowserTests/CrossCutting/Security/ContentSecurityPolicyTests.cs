using Microsoft.Playwright;
using Storefront.Web.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Storefront.Web.BrowserTests.CrossCutting.Security;

/// <summary>
/// Issue 15 item 11: the pages work under the Content-Security-Policy, and Chromium reports no violation of it, on
/// shopper pages (static rendering, enhanced navigation and forms, the promotions script) and on an interactive admin
/// page (the Blazor circuit over a WebSocket, Radzen). The rest of the browser suite runs under the same policy.
/// </summary>
public sealed class ContentSecurityPolicyTests(BrowserApp app) : BrowserTest(app), IClassFixture<BrowserApp>
{
    [Fact]
    public Task A_shopper_browses_searches_and_signs_in_without_a_policy_violation() => InBrowserAsync(async page =>
    {
        var violations = Watch(page);
        var response = await page.GotoAsync(App.Url("demo", "/"));
        Assert.Contains("script-src 'self'", await response!.HeaderValueAsync("content-security-policy"));
        await Expect(page.GetByTestId("product-card").First).ToBeVisibleAsync();

        await page.GetByTestId("product-card").First.Locator("a").First.ClickAsync();   // enhanced navigation
        await page.WaitForURLAsync("**/p/**");
        await page.GotoAsync(App.Url("demo", "/search?q=%E6%9D%AF"));
        await Expect(page.GetByTestId("search-heading")).ToBeVisibleAsync();

        await page.GotoAsync(App.Url("demo", "/account/login"));
        await page.GetByTestId("email").FillAsync("shopper@demo.local");
        await page.GetByTestId("password").FillAsync("storefront-demo");
        await page.GetByTestId("submit").ClickAsync();
        await Expect(page.GetByTestId("account-link")).ToBeVisibleAsync();
        // The page shows before its script has run (on a busy machine, well before): wait for blazor.web.js to have run.
        await page.WaitForFunctionAsync("() => typeof window.Blazor === 'object'");
        Assert.Empty(violations);
    });

    [Fact]
    public Task A_merchant_uses_an_interactive_admin_page_without_a_policy_violation() => InBrowserAsync(async page =>
    {
        var violations = Watch(page);
        await SignInStaffAsync(page, "demo", "operator@demo.local");
        await page.GotoAsync(App.Url("demo", "/admin/promotions/coupons"));
        await Expect(page.Locator("[data-testid=coupons-page][data-interactive=true]")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        Assert.Empty(violations);
    });

    [Fact]
    public async Task Kestrel_sends_no_server_header_and_static_files_carry_nosniff()
    {
        using var http = new HttpClient();   // .NET does not resolve *.localhost as Chromium does: the loopback with the store's Host
        foreach (var path in new[] { "/", "/_framework/blazor.web.js", "/api/v1/catalog/categories" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{App.Port}{path}");
            request.Headers.Host = $"demo.localhost:{App.Port}";
            var response = await http.SendAsync(request);
            Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode}");
            Assert.False(response.Headers.Contains("Server"), path);
            Assert.Equal("nosniff", string.Join(",", response.Headers.GetValues("X-Content-Type-Options")));
            Assert.True(response.Headers.Contains("Content-Security-Policy"), path);
        }
    }

    /// <summary>What Chromium says when the policy blocks something (it logs every violation to the console).</summary>
    private static List<string> Watch(IPage page)
    {
        var violations = new List<string>();
        page.Console += (_, m) =>
        {
            if (m.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                lock (violations)
                {
                    violations.Add(m.Text);
                }
            }
        };
        return violations;
    }
}
