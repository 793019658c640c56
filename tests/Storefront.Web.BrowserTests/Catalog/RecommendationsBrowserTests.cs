using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Storefront.Web.BrowserTests.Infrastructure;
using Storefront.Web.Features.Catalog.Recommendations;
using Storefront.Web.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Storefront.Web.BrowserTests.Catalog;

/// <summary>
/// A shopper on a phone (390×844, touch) sees 经常一起买 on a product page and taps through to the product bought with it; an
/// operator (desktop) sets the thresholds on the recommendations settings screen.
/// </summary>
public sealed class RecommendationsBrowserTests(BrowserApp app) : BrowserTest(app), IClassFixture<BrowserApp>
{
    [Fact]
    public async Task A_shopper_on_a_phone_sees_bought_together_and_taps_through()
    {
        await App.SendAsync("demo", new RecommendationSettingsAdmin.Update { MinSupport = 0.000001m, MinConfidence = 0.000001m, MinLift = 0m });
        var (kettle, kettleSku) = await ProductAsync("推荐水壶");
        var (cups, cupsSku) = await ProductAsync("推荐茶杯");
        await App.PlaceOrderAsync("demo", paid: true, (kettleSku, 1), (cupsSku, 2));
        await App.SendAsync("demo", new RecomputeRecommendations.Command(Force: true));

        await InBrowserAsync(Devices.Phone, async page =>
        {
            await page.GotoAsync(App.Url("demo", $"/p/{kettle}"));
            var together = page.GetByTestId("bought-together");
            await Expect(together.Locator("h2")).ToHaveTextAsync("经常一起买");
            await together.Locator($"a[href='/p/{cups}']").TapAsync();
            await Expect(page).ToHaveURLAsync(new Regex($"/p/{cups}$"));
            await Expect(page.GetByTestId("product-name")).ToHaveTextAsync("推荐茶杯");
            await Expect(page.GetByTestId("bought-together").Locator($"a[href='/p/{kettle}']")).ToBeVisibleAsync();
        });
    }

    [Fact]
    public Task An_operator_sets_the_thresholds_on_the_settings_screen() => InBrowserAsync(Devices.Desktop, async page =>
    {
        await SignInStaffAsync(page, "demo", "operator@demo.local");
        await page.Locator("[data-nav=\"/admin/settings/recommendations\"]").ClickAsync();
        await Expect(page.Locator("form[data-interactive=true]")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        foreach (var (field, value) in new[] { ("min-lift", "1.5"), ("min-confidence", "0.25") })
        {
            var input = page.GetByTestId(field).Locator("input");   // Radzen puts the test id on the numeric's wrapper
            await input.FillAsync(value);
            await input.PressAsync("Tab");
        }

        await page.GetByTestId("save-settings").ClickAsync();
        await Expect(page.GetByTestId("settings-saved")).ToBeVisibleAsync();

        var saved = await App.SendAsync("demo", new RecommendationSettingsAdmin.Query());
        Assert.Equal((1.5m, 0.25m), (saved.MinLift, saved.MinConfidence));
    });

    private async Task<(string Slug, Guid Sku)> ProductAsync(string name)
    {
        var slug = "recs-" + Guid.NewGuid().ToString("N")[..10];
        var created = await App.ProductAsync("demo", name, 39m, stock: 20, slug: slug);
        var sku = await App.InStoreAsync("demo", db => db.Skus.Where(s => s.ProductId == created.ProductId).Select(s => s.Id).SingleAsync());
        return (created.Slug, sku);
    }
}
