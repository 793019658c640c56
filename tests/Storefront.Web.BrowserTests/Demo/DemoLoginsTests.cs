using Microsoft.Playwright;
using Storefront.Web.BrowserTests.Infrastructure;
using Storefront.Web.Features.Demo;
using static Microsoft.Playwright.Assertions;

namespace Storefront.Web.BrowserTests.Demo;

/// <summary>The platform console lists every demo log-in with its role and password, and links to each store's front.</summary>
public sealed class DemoLoginsTests(BrowserApp app) : BrowserTest(app), IClassFixture<BrowserApp>
{
    [Fact]
    public async Task The_platform_console_lists_the_demo_log_ins_and_links_each_store()
    {
        await DemoShop.SeedAsync(App.Services);   // the demo shop of ./run.sh, with cs@demo.local
        await InBrowserAsync(async page =>
        {
            await page.GotoAsync(App.Url("", "/platform/login"));
            await page.GetByTestId("email").FillAsync(DemoData.PlatformAdminEmail);
            await page.GetByTestId("password").FillAsync(DemoData.Password);
            await page.GetByTestId("submit").ClickAsync();
            await Expect(page.GetByTestId("demo-logins")).ToBeVisibleAsync();

            foreach (var login in DemoLogins.All)
            {
                var row = page.GetByTestId("login-" + login.Email);
                await Expect(row).ToContainTextAsync(login.Email);
                await Expect(row).ToContainTextAsync(DemoData.Password);
                await Expect(row.GetByRole(AriaRole.Link)).ToHaveAttributeAsync("href", App.Url(login.Store, login.Path));
            }

            await Expect(page.GetByTestId("login-" + DemoShop.CustomerServiceEmail)).ToContainTextAsync("客服");
            await Expect(page.GetByTestId("front-acme")).ToHaveAttributeAsync("href", App.Url("acme", "/"));
            await page.GetByTestId("front-demo").ClickAsync();
            await Expect(page).ToHaveURLAsync(App.Url("demo", "/"));
            await Expect(page.Locator("a[href^='/p/']").First).ToBeVisibleAsync();
        });
    }
}
