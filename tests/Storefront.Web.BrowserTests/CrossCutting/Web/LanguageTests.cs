using Microsoft.Playwright;
using Storefront.Web.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Storefront.Web.BrowserTests.CrossCutting.Web;

public sealed class LanguageTests(BrowserApp app) : BrowserTest(app), IClassFixture<BrowserApp>
{
    [Fact]
    public Task Shopper_switches_the_store_to_English_and_back_to_Chinese() => InBrowserAsync(async page =>
    {
        var header = page.Locator("header");

        await page.GotoAsync(App.Url("demo"));
        await Expect(Heading(page, "新品上架")).ToBeVisibleAsync();
        await Expect(header.GetByRole(AriaRole.Link, new() { Name = "登录", Exact = true })).ToBeVisibleAsync();

        await page.GetByTestId("lang-en").ClickAsync();
        await Expect(Heading(page, "New arrivals")).ToBeVisibleAsync();
        await Expect(header.GetByRole(AriaRole.Link, new() { Name = "Sign in", Exact = true })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("lang-zh")).ToHaveTextAsync("中文");

        await page.GetByTestId("lang-zh").ClickAsync();
        await Expect(Heading(page, "新品上架")).ToBeVisibleAsync();
        await Expect(header.GetByRole(AriaRole.Link, new() { Name = "登录", Exact = true })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("lang-en")).ToHaveTextAsync("English");
    });

    private static ILocator Heading(IPage page, string text) =>
        page.GetByRole(AriaRole.Heading, new() { Name = text, Exact = true });
}
