using System.Text.Json;
using System.Text.RegularExpressions;
using Storefront.Domain.Tenancy;
using Storefront.Web.BrowserTests.Infrastructure;
using Storefront.Web.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Storefront.Web.BrowserTests.CrossCutting.Web;

/// <summary>
/// The admin frame as staff use it at 1366×768: a left navigation of one column, grouped, collapsible, showing each role
/// only pages that open for it; and on a 390 px phone, a drawer.
/// </summary>
public sealed class AdminLayoutTests(BrowserApp app) : BrowserTest(app), IClassFixture<BrowserApp>
{
    [Theory]
    [InlineData("owner@demo.local", null, 20)]
    [InlineData("operator@demo.local", null, 8)]
    [InlineData("layout-cs@example.com", StoreRole.CustomerService, 4)]
    public async Task Every_link_in_the_menu_opens_a_page_that_is_not_access_denied(string email, StoreRole? grant, int atLeast)
    {
        if (grant is { } role)
        {
            await App.GrantStaffAsync("demo", email, role);
        }

        await InBrowserAsync(Devices.Desktop, async page =>
        {
            await SignInStaffAsync(page, "demo", email);
            await page.GotoAsync(App.Url("demo", "/admin"));
            var links = page.GetByTestId("admin-menu").Locator("a[data-nav]");
            var hrefs = await links.EvaluateAllAsync<string[]>("all => all.map(a => a.getAttribute('href'))");
            Assert.True(hrefs.Length >= atLeast, $"{email} sees {hrefs.Length} links");
            foreach (var href in hrefs)
            {
                await page.GotoAsync(App.Url("demo", href));
                await Expect(page).ToHaveURLAsync(App.Url("demo", href));   // not sent to sign in or to /admin/denied
                await Expect(page.Locator("main.admin-main")).ToBeVisibleAsync();
                await Expect(page.Locator("main.admin-main")).Not.ToContainTextAsync("没有权限");
                await Expect(page.Locator($"[data-testid=admin-menu] a[data-nav='{href}']")).ToHaveClassAsync(new Regex(@"\bactive\b"));
            }
        });
    }

    [Fact]
    public Task The_menu_is_one_column_of_whole_labels_beside_the_page_and_collapses_and_expands() => InBrowserAsync(Devices.Desktop, async page =>
    {
        await SignInStaffAsync(page, "demo", "owner@demo.local");
        await page.GotoAsync(App.Url("demo", "/admin/orders"));
        var menu = page.GetByTestId("admin-menu");
        await Expect(menu).ToBeVisibleAsync();
        string[] groups = ["商品", "订单", "营销", "会员", "售后", "数据", "设置"];
        await Expect(menu.Locator("[data-testid=nav-group] h2")).ToHaveTextAsync(groups);

        // One column: every link starts at the same x, one below the other, each label whole on one line.
        var boxes = JsonSerializer.Deserialize<LinkBox[]>(await menu.Locator("a[data-nav]").EvaluateAllAsync<string>("""
            all => JSON.stringify(all.map(a => { const r = a.getBoundingClientRect(); const t = document.createRange(); t.selectNodeContents(a);
              return { left: r.left, top: r.top, height: r.height, lines: t.getClientRects().length, clipped: a.scrollWidth > a.clientWidth }; }))
            """), JsonSerializerOptions.Web)!;
        Assert.True(boxes.Length >= 20);
        Assert.Single(boxes.Select(b => Math.Round(b.Left)).Distinct());
        Assert.All(boxes, b => Assert.Equal(1, b.Lines));
        Assert.All(boxes, b => Assert.False(b.Clipped));
        Assert.True(boxes.Zip(boxes.Skip(1)).All(p => p.Second.Top >= p.First.Top + p.First.Height - 1));
        var header = await page.Locator(".admin-header").BoundingBoxAsync();
        Assert.True(header!.Height < 70, $"the top bar is {header.Height}px high");
        var pageLeft = (await page.Locator("main.admin-main").BoundingBoxAsync())!.X;

        await page.GetByTestId("nav-toggle").ClickAsync();
        await Expect(menu).ToBeHiddenAsync();
        await Expect(page.GetByTestId("nav-toggle")).ToHaveAttributeAsync("aria-expanded", "false");
        Assert.True((await page.Locator("main.admin-main").BoundingBoxAsync())!.X < pageLeft);

        // The choice holds on the next page.
        await page.GotoAsync(App.Url("demo", "/admin/products"));
        await Expect(page.Locator("main.admin-main h1")).ToBeVisibleAsync();
        await Expect(menu).ToBeHiddenAsync();

        await page.GetByTestId("nav-toggle").ClickAsync();
        await Expect(menu).ToBeVisibleAsync();
        await Expect(page.GetByTestId("nav-toggle")).ToHaveAttributeAsync("aria-expanded", "true");
        await menu.Locator("a[data-nav='/admin/stock']").ClickAsync();
        await Expect(page).ToHaveURLAsync(App.Url("demo", "/admin/stock"));
        await Expect(menu).ToBeVisibleAsync();
    });

    [Fact]
    public Task On_a_390_px_phone_the_menu_is_a_drawer_and_the_top_bar_fits() => InBrowserAsync(Devices.Phone, async page =>
    {
        await SignInStaffAsync(page, "demo", "merchant@demo.local");
        await page.GotoAsync(App.Url("demo", "/admin"));
        var menu = page.GetByTestId("admin-menu");
        await Expect(menu).ToBeHiddenAsync();
        Assert.True(await page.EvaluateAsync<bool>("() => document.querySelector('.admin-header').scrollWidth <= window.innerWidth"));
        var toggle = await page.GetByTestId("nav-toggle").BoundingBoxAsync();
        Assert.True(toggle!.Height >= 44 && toggle.Width >= 44);

        await page.GetByTestId("nav-toggle").TapAsync();
        await Expect(menu).ToBeVisibleAsync();
        await Expect(page.GetByTestId("nav-toggle")).ToHaveAttributeAsync("aria-expanded", "true");
        await page.GetByTestId("nav-backdrop").TapAsync(new() { Position = new() { X = 370, Y = 400 } });
        await Expect(menu).ToBeHiddenAsync();

        await page.GetByTestId("nav-toggle").TapAsync();
        await menu.Locator("a[data-nav='/admin/orders']").TapAsync();
        await Expect(page).ToHaveURLAsync(App.Url("demo", "/admin/orders"));
        await Expect(page.Locator("main.admin-main h1")).ToBeVisibleAsync();
        await Expect(menu).ToBeHiddenAsync();
    });

    private sealed record LinkBox(double Left, double Top, double Height, int Lines, bool Clipped);
}
