using System.Text.RegularExpressions;
using Storefront.Web.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Storefront.Web.BrowserTests.Privacy;

/// <summary>The Owner's privacy policy editor (desktop): publishing a version, which shows on the public page and is asked for at the next sign-in.</summary>
public sealed class PrivacyPolicyEditorTests(BrowserApp app) : BrowserTest(app), IClassFixture<BrowserApp>
{
    [Fact]
    public async Task The_owner_publishes_a_version_shoppers_see_and_are_asked_to_accept_at_their_next_sign_in()
    {
        // A shopper registered before the store had a policy.
        var email = $"before-{Guid.NewGuid():N}@example.com";
        const string password = "Secret2026-policy";
        await InBrowserAsync(async page =>
        {
            await page.GotoAsync(App.Url("demo", "/account/register"));
            await page.GetByTestId("email").FillAsync(email);
            await page.GetByTestId("password").FillAsync(password);
            await page.GetByTestId("submit").ClickAsync();
            await Expect(page).ToHaveURLAsync(App.Url("demo"));
        });

        await InBrowserAsync(async page =>
        {
            await SignInStaffAsync(page, "demo", "owner@demo.local");
            await page.Locator("[data-nav=\"/admin/settings/privacy\"]").ClickAsync();
            // This page's form, not the dashboard's still on screen while the link loads.
            await Expect(page.Locator("form[data-interactive=true]:has([data-testid=publish-policy])")).ToBeVisibleAsync(new() { Timeout = 30_000 });
            await Expect(page.GetByTestId("policy-current")).ToHaveTextAsync("本店尚未发布隐私政策。");
            await page.GetByTestId("publish-policy").ClickAsync();
            await Expect(page.Locator(".validation-message, .notice[role=alert]").First).ToContainTextAsync("隐私政策内容不能为空");

            await page.GetByTestId("policy-editor-text").FillAsync("## 我们收集的信息\n\n收货人姓名、手机号和地址，只用于发货。");
            await page.GetByTestId("publish-policy").ClickAsync();
            await Expect(page.GetByTestId("policy-published")).ToContainTextAsync("已发布第 1 版");
            await Expect(page.GetByTestId("policy-current")).ToHaveTextAsync("当前为第 1 版");

            await page.GotoAsync(App.Url("demo", "/privacy"));
            await Expect(page.GetByTestId("policy-text").Locator("h2")).ToHaveTextAsync("我们收集的信息");
        });

        await InBrowserAsync(async page =>
        {
            await page.GotoAsync(App.Url("demo", "/account/login?ReturnUrl=%2Faccount"));
            await page.GetByTestId("email").FillAsync(email);
            await page.GetByTestId("password").FillAsync(password);
            await page.GetByTestId("submit").ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex("/account/privacy-policy"));
            await Expect(page.Locator("article.policy-text")).ToContainTextAsync("只用于发货");
            await page.GetByTestId("accept-policy").ClickAsync();
            await Expect(page).ToHaveURLAsync(App.Url("demo", "/account"));
        });
    }
}
