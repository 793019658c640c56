using System.Text.RegularExpressions;
using MediatR;
using Microsoft.Extensions.DependencyInjection;
using Storefront.Web.BrowserTests.Infrastructure;
using Storefront.Web.Features.Platform;
using Storefront.Web.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Storefront.Web.BrowserTests.Catalog;

/// <summary>
/// A signed-in shopper's catalog pages come from the shared cache; the greeting and the cart badge are filled after
/// load from GET /api/v1/me/summary (js/shopper.js), and adding to the cart still works (docs/decisions/0028).
/// </summary>
public sealed class SignedInPagesTests(BrowserApp app) : BrowserTest(app), IClassFixture<BrowserApp>
{
    [Fact]
    public Task A_signed_in_shopper_sees_their_name_and_cart_badge_after_load_and_adds_to_the_cart_from_a_cached_page() =>
        InBrowserAsync(async page =>
        {
            var store = "signed-" + Guid.NewGuid().ToString("N")[..8];
            await using (var scope = App.Services.CreateAsyncScope())
            {
                await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new CreateStore.Command { Slug = store, Name = "登录商店" });
            }

            var category = await App.CategoryAsync(store, "登录分类", "signed-category");
            await App.ProductAsync(store, "登录杯", 30m, category: category, stock: 20, slug: "signed-cup");
            var name = "小登" + Guid.NewGuid().ToString("N")[..4];

            await page.GotoAsync(App.Url(store, "/account/register"));
            await page.GetByTestId("email").FillAsync($"signed-{Guid.NewGuid():N}@example.com");
            await page.GetByTestId("display-name").FillAsync(name);
            await page.GetByTestId("password").FillAsync("Secret2026-long");
            await page.GetByTestId("submit").ClickAsync();
            await Expect(page.GetByTestId("shopper-name")).ToHaveTextAsync(name);

            await page.GotoAsync(App.Url(store, "/p/signed-cup"));
            await Expect(page.GetByTestId("shopper-name")).ToHaveTextAsync(name);
            await Expect(page.GetByTestId("cart-badge")).ToBeHiddenAsync();
            await page.GetByTestId("add-quantity").FillAsync("2");
            await page.GetByTestId("add-to-cart").ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex("/cart\\?added="));

            // The category page, cached for signed-in shoppers, shows this shopper's name and count once loaded.
            await page.GotoAsync(App.Url(store, "/c/signed-category"));
            await Expect(page.GetByTestId("shopper-name")).ToHaveTextAsync(name);
            await Expect(page.GetByTestId("cart-badge")).ToHaveTextAsync("1");
            await Expect(page.GetByTestId("cart-link")).ToHaveAttributeAsync("aria-label", new Regex("1"));
        });
}
