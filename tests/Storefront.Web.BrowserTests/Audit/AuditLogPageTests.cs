using Storefront.Web.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Storefront.Web.BrowserTests.Audit;

/// <summary>The Owner's audit-log viewer at a desktop size: the chain's verification, filters, before → after and the CSV.</summary>
public sealed class AuditLogPageTests(BrowserApp app) : BrowserTest(app), IClassFixture<BrowserApp>
{
    [Fact]
    public Task Owner_sees_the_chain_verified_filters_by_action_and_staff_and_exports_what_is_shown() => InBrowserAsync(async page =>
    {
        // The merchant signs in elsewhere: a sign-in to find.
        var elsewhere = await App.NewContextAsync();
        await SignInStaffAsync(await elsewhere.NewPageAsync(), "demo", "merchant@demo.local");
        await elsewhere.CloseAsync();

        await SignInStaffAsync(page, "demo", "owner@demo.local");
        // Through the page's own fetch: Chromium resolves demo.localhost, Playwright's request context (Node) may not.
        var put = await page.EvaluateAsync<string>("""
            async () => {
              const r = await fetch('/api/v1/admin/settings/ordering', {
                method: 'PUT',
                headers: { 'Content-Type': 'application/json', 'X-Requested-With': 'XMLHttpRequest' },
                body: JSON.stringify({ paymentTimeoutMinutes: 50, autoConfirmDays: 10 }),
              });
              return r.status + ' ' + await r.text();
            }
            """);
        Assert.StartsWith("200", put);

        await page.GotoAsync(App.Url("demo", "/admin/audit"));
        await Expect(page.Locator("[data-testid=audit-page][data-interactive=true]")).ToBeVisibleAsync(new() { Timeout = PatientMs });
        var verification = page.GetByTestId("audit-verification");
        await Expect(verification).ToHaveAttributeAsync("data-valid", "true");
        await Expect(verification).ToContainTextAsync("审计链完整");

        await page.GetByTestId("audit-action-filter").FillAsync("settings.ordering");
        await page.GetByTestId("audit-search").ClickAsync();
        await Expect(page.GetByTestId("audit-row-action").First).ToHaveTextAsync("settings.ordering");
        var changes = page.GetByTestId("audit-row-changes").First;
        await Expect(changes).ToContainTextAsync("PaymentTimeoutMinutes");
        await Expect(changes).ToContainTextAsync("→ 50");
        await Expect(page.GetByTestId("audit-row-staff").First).ToHaveTextAsync("owner@demo.local");

        await page.GetByTestId("audit-action-filter").FillAsync("");
        await page.GetByTestId("audit-staff-filter").FillAsync("merchant@demo");
        await page.GetByTestId("audit-search").ClickAsync();
        await Expect(page.GetByTestId("audit-row-action").First).ToHaveTextAsync("staff.signed-in");
        await Expect(page.GetByTestId("audit-row-staff").First).ToHaveTextAsync("merchant@demo.local");

        var export = page.GetByTestId("audit-export");
        await Expect(export).ToHaveAttributeAsync("href", "/api/v1/admin/audit.csv?staff=merchant%40demo");
        var text = await page.EvaluateAsync<string>(
            "async href => { const r = await fetch(href); return r.ok ? await r.text() : 'status ' + r.status; }",
            await export.GetAttributeAsync("href"));
        Assert.Contains("merchant@demo.local,Merchant,staff.signed-in", text, StringComparison.Ordinal);
        Assert.DoesNotContain("settings.ordering", text, StringComparison.Ordinal);
    });
}
