using System.Text.Json;
using Microsoft.Playwright;
using Storefront.Web.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Storefront.Web.BrowserTests.Privacy;

/// <summary>
/// The account page's 隐私与数据 on a phone (390×844, touch): the marketing opt-in, downloading a copy of my data, deleting
/// the account (issue 19).
/// </summary>
public sealed class AccountPrivacyTests(BrowserApp app) : BrowserTest(app), IClassFixture<BrowserApp>
{
    /// <summary>The suite's phone (<see cref="Devices.Phone"/>), taking the data download.</summary>
    private static BrowserNewContextOptions Phone
    {
        get
        {
            var phone = Devices.Phone;
            phone.AcceptDownloads = true;
            return phone;
        }
    }

    private async Task<string> RegisterAsync(IPage page, string password)
    {
        var email = $"phone-{Guid.NewGuid():N}@example.com";
        await page.GotoAsync(App.Url("demo", "/account/register"));
        await page.GetByTestId("email").FillAsync(email);
        await page.GetByTestId("display-name").FillAsync("手机用户");
        await page.GetByTestId("password").FillAsync(password);
        await page.GetByTestId("accept-privacy").TapAsync();
        await page.GetByTestId("submit").TapAsync();
        await Expect(page).ToHaveURLAsync(App.Url("demo"));
        return email;
    }

    [Fact]
    public Task On_a_phone_the_shopper_opts_in_to_marketing_and_downloads_a_copy_of_their_data() => InBrowserAsync(Phone, async page =>
    {
        var email = await RegisterAsync(page, "Secret2026-phone");
        await page.GotoAsync(App.Url("demo", "/account"));
        await Expect(page.GetByTestId("marketing-state")).ToHaveTextAsync("未订阅优惠活动邮件");
        await page.GetByTestId("marketing-toggle").TapAsync();
        await Expect(page.GetByTestId("marketing-state")).ToHaveTextAsync("已订阅优惠活动邮件");

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("export-data").TapAsync());
        Assert.Equal("my-data.json", download.SuggestedFilename);
        using var copy = JsonDocument.Parse(await File.ReadAllTextAsync((await download.PathAsync())));
        Assert.Equal(email, copy.RootElement.GetProperty("profile").GetProperty("email").GetString());
        Assert.True(copy.RootElement.GetProperty("profile").GetProperty("marketingOptIn").GetBoolean());
    });

    [Fact]
    public Task On_a_phone_the_shopper_deletes_their_account_and_cannot_sign_in_again() => InBrowserAsync(Phone, async page =>
    {
        const string password = "Secret2026-gone";
        var email = await RegisterAsync(page, password);
        await page.GotoAsync(App.Url("demo", "/account"));
        await page.GetByTestId("delete-account-link").TapAsync();

        await page.GetByTestId("delete-password").FillAsync("not-my-password");
        await page.GetByTestId("delete-confirm").TapAsync();
        await Expect(page.Locator("label:has([data-testid=delete-password]) .validation-message")).ToContainTextAsync("密码不正确");

        await page.GetByTestId("delete-password").FillAsync(password);
        await page.GetByTestId("delete-confirm").TapAsync();
        await Expect(page.GetByTestId("account-deleted")).ToBeVisibleAsync();
        await page.GotoAsync(App.Url("demo", "/account"));
        await Expect(page.GetByTestId("account-guest")).ToBeVisibleAsync();

        await page.GotoAsync(App.Url("demo", "/account/login"));
        await page.GetByTestId("email").FillAsync(email);
        await page.GetByTestId("password").FillAsync(password);
        await page.GetByTestId("submit").TapAsync();
        await Expect(page.GetByTestId("login-error")).ToBeVisibleAsync();
    });
}
