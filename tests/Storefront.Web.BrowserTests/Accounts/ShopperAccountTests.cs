using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Storefront.Web.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Storefront.Web.BrowserTests.Accounts;

public sealed class ShopperAccountTests(BrowserApp app) : BrowserTest(app), IClassFixture<BrowserApp>
{
    [Fact]
    public Task Shopper_registers_and_sees_their_name_in_the_header() => InBrowserAsync(async page =>
    {
        var id = Guid.NewGuid().ToString("N")[..8];
        var displayName = "小明" + id;

        await page.GotoAsync(App.Url("demo", "/account/register"));
        await page.GetByTestId("email").FillAsync($"xiaoming-{id}@example.com");
        await page.GetByTestId("display-name").FillAsync(displayName);
        await page.GetByTestId("password").FillAsync("Secret2026");
        await page.GetByTestId("submit").ClickAsync();

        await Expect(page.GetByTestId("shopper-name")).ToHaveTextAsync(displayName);
        await Expect(page).ToHaveURLAsync(App.Url("demo"));
    });

    [Fact]
    public Task Registering_with_an_invalid_email_and_a_short_password_shows_errors_beside_the_fields_and_does_not_sign_in() =>
        InBrowserAsync(async page =>
        {
            await page.GotoAsync(App.Url("demo", "/account/register"));
            await page.GetByTestId("email").FillAsync("not-an-email");
            await page.GetByTestId("display-name").FillAsync("小红");
            await page.GetByTestId("password").FillAsync("abc1");
            await page.GetByTestId("submit").ClickAsync();

            await Expect(FieldErrors(page, "email")).Not.ToHaveCountAsync(0);
            await Expect(FieldErrors(page, "email").First).ToBeVisibleAsync();
            await Expect(FieldErrors(page, "password")).Not.ToHaveCountAsync(0);
            await Expect(FieldErrors(page, "password").First).ToBeVisibleAsync();
            await Expect(FieldErrors(page, "display-name")).ToHaveCountAsync(0);

            await Expect(page).ToHaveURLAsync(new Regex("/account/register"));
            await Expect(page.GetByTestId("shopper-name")).ToHaveCountAsync(0);
            await Expect(page.Locator("header").GetByRole(AriaRole.Link, new() { Name = "登录", Exact = true })).ToBeVisibleAsync();
            await Expect(page.GetByTestId("email")).ToHaveValueAsync("not-an-email");
        });

    /// <summary>The validation messages in the same label as the input: the errors a person sees next to that field.</summary>
    private static ILocator FieldErrors(IPage page, string testId) =>
        page.Locator($"label:has([data-testid={testId}]) .validation-message");
}
