using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Storefront.Domain.Insight;
using Storefront.Web.BrowserTests.Infrastructure;
using Storefront.Web.Features.Insight;
using Storefront.Web.Features.Insight.Tracking;
using Storefront.Web.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Storefront.Web.BrowserTests.Insight;

/// <summary>
/// A shopper's visit on a phone (390×844, touch) from a campaign link shows up in the owner's visit funnel (desktop):
/// visitor, product viewer and add-to-cart on the campaign's row, and the overall row counts it.
/// </summary>
public sealed class FunnelBrowserTests(BrowserApp app) : BrowserTest(app), IClassFixture<BrowserApp>
{
    [Fact]
    public async Task A_phone_visit_from_a_campaign_shows_up_in_the_owners_funnel()
    {
        var sku = await App.SeedSkuAsync("demo", "FUN-1", stock: 10, price: 20.00m);
        var slug = await App.InStoreAsync("demo", db =>
            db.Products.Where(p => db.Skus.Any(s => s.Id == sku && s.ProductId == p.Id)).Select(p => p.Slug).SingleAsync());
        var campaign = "spring-" + Guid.NewGuid().ToString("N")[..6];

        await InBrowserAsync(Devices.Phone, async page =>
        {
            await page.GotoAsync(App.Url("demo", $"/?utm_source={campaign}&utm_medium=social"));
            await page.GotoAsync(App.Url("demo", $"/p/{slug}"));
            await page.GetByTestId("add-to-cart").TapAsync();
            await Expect(page.GetByTestId("cart-added")).ToBeVisibleAsync();
        });

        // The writer stores the queue every second; flushing now only spares the wait.
        await App.Services.GetRequiredService<VisitWriter>().FlushAsync();
        var funnel = await App.SendAsync("demo", new GetFunnel.Query { Period = PeriodKind.Today });
        Assert.Equal((1, 1, 1), funnel.Sources.Where(s => s.Source == campaign).Select(s => (s.Visitors, s.ProductViewers, s.AddedToCart)).Single());

        await InBrowserAsync(Devices.Desktop, async page =>
        {
            await SignInStaffAsync(page, "demo", "owner@demo.local");
            await page.Locator("[data-nav=\"/admin/funnel\"]").ClickAsync();
            await Expect(page.Locator("[data-testid=funnel][data-interactive=true]")).ToBeVisibleAsync(new() { Timeout = 30_000 });
            var row = page.Locator($"[data-testid=funnel-source][data-source='{campaign}']");
            await Expect(row.GetByTestId("visitors")).ToHaveTextAsync("1");
            await Expect(row.GetByTestId("product-viewers")).ToHaveTextAsync("1 (100.00%)");
            await Expect(row.GetByTestId("added-to-cart")).ToHaveTextAsync("1 (100.00%)");
            await Expect(page.GetByTestId("funnel-overall").GetByTestId("visitors")).ToHaveTextAsync(funnel.Overall.Visitors.ToString());
            await Expect(page.GetByTestId("funnel-csv")).ToHaveAttributeAsync("href", "/api/v1/admin/funnel.csv?period=Today");
        });
    }
}
