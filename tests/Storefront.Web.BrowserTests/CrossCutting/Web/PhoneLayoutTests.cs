using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Storefront.Domain.Ordering;
using Storefront.Domain.Pricing;
using Storefront.Domain.Promotions;
using Storefront.Web.BrowserTests.Infrastructure;
using Storefront.Web.Features.Catalog.Admin;
using Storefront.Web.Features.Ordering.Admin;
using Storefront.Web.Tests.Infrastructure;
using Storefront.Web.Tests.Ordering;
using static Microsoft.Playwright.Assertions;

namespace Storefront.Web.BrowserTests.CrossCutting.Web;

/// <summary>
/// Mobile first (issue 17): every shopper page at 390×844 with touch, as a guest and signed in, fits the screen (no
/// sideways scrolling) and its main action is visible, at least 44 px and answers a real tap; the desktop header stays
/// one row at 1366 px. Each test opens a store of its own.
/// </summary>
public sealed class PhoneLayoutTests(BrowserApp app) : BrowserTest(app), IClassFixture<BrowserApp>
{
    private const int MinTouch = 44;

    [Fact]
    public async Task A_guest_on_a_phone_browses_with_the_tab_bar_the_category_browser_the_filter_drawer_and_the_pager()
    {
        var store = await NewStoreAsync();
        var (digital, audio, clothes, tees) = await CategoriesAsync(store);
        for (var i = 1; i <= 26; i++)
        {
            await App.ProductAsync(store, $"蓝牙耳机 {i:00} 号", 100m + i, brand: i % 2 == 0 ? "声浪" : "静听", category: audio, slug: $"ear-{i:00}");
        }

        await App.ProductAsync(store, new CreateProduct.Command
        {
            Name = "纯棉圆领T恤",
            Slug = "tee",
            Price = 79m,
            Stock = 20,
            Subtitle = "AeroPure 副标题",
            Featured = true,   // the clock stands still, so "newest" does not single it out among the 26 others
            CategoryId = tees,
            Description = "AeroPure 纯棉面料，这段描述只在商品页",
            List = true,
        });
        _ = (digital, clothes);

        await InBrowserAsync(Devices.Phone, async page =>
        {
            var missing = WatchNotFound(page);

            // Home: brand and search on top, the tab bar at the bottom; a card shows no description.
            await page.GotoAsync(App.Url(store, "/"));
            await FitsAsync(page, "home");
            await Expect(page.GetByTestId("header-links")).ToBeHiddenAsync();
            var tee = page.GetByTestId("featured").GetByTestId("product-card").Filter(new() { HasText = "纯棉圆领T恤" });
            await Expect(tee).ToBeVisibleAsync();
            await Expect(tee).Not.ToContainTextAsync("AeroPure");

            // 分类 tab: the two-pane browser; a first-level category on the left, its sub-categories on the right.
            await TapAsync(page.GetByTestId("tab-categories"));
            await Expect(page).ToHaveURLAsync(new Regex("/categories$"));
            await Expect(page.GetByTestId("category-browser")).ToBeVisibleAsync();
            await FitsAsync(page, "category browser");
            await TapAsync(page.GetByTestId("rail-category").Filter(new() { HasText = "服饰" }));
            await Expect(page.GetByTestId("pane-title")).ToHaveTextAsync("服饰");
            await TapAsync(page.GetByTestId("subcategory").Filter(new() { HasText = "T恤" }));
            await Expect(page).ToHaveURLAsync(new Regex("/c/tees$"));
            await Expect(page.GetByTestId("category-name")).ToHaveTextAsync("T恤");
            await FitsAsync(page, "category T恤");

            // A category with two pages: filters in a drawer that opens and closes, a pager with numbers.
            await page.GotoAsync(App.Url(store, "/c/audio"));
            await FitsAsync(page, "category 耳机");
            await Expect(page.GetByTestId("facets")).ToBeHiddenAsync();
            await TapAsync(page.GetByTestId("filters-open"));
            await Expect(page.GetByTestId("facet-brand")).ToBeVisibleAsync();
            await FitsAsync(page, "filter drawer");
            await TapAsync(page.GetByTestId("filters-close"));
            await Expect(page.GetByTestId("facets")).ToBeHiddenAsync();
            await Expect(page.GetByTestId("current-page")).ToHaveTextAsync("1");
            await TapAsync(page.GetByTestId("page-link").Filter(new() { HasText = "2" }));
            await Expect(page.GetByTestId("current-page")).ToHaveTextAsync("2");
            await Expect(page.GetByTestId("previous-page")).ToBeVisibleAsync();
            await FitsAsync(page, "category page 2");

            // Search from the header box.
            await page.GetByTestId("search-input").FillAsync("耳机");
            await TapAsync(page.GetByTestId("search-submit"));
            await Expect(page.GetByTestId("search-heading")).ToContainTextAsync("耳机");
            await Expect(page.GetByTestId("results").GetByTestId("product-card").First).ToBeVisibleAsync();
            await FitsAsync(page, "search");

            // The product page (its body and bottom bar belong to the product page): it fits too.
            await page.GotoAsync(App.Url(store, "/p/tee"));
            await Expect(page.GetByTestId("product-name")).ToBeVisibleAsync();
            await FitsAsync(page, "product");

            // Coupon centre, flash sales, an empty cart, 我的 as a guest, register and log-in pages.
            foreach (var (path, what) in new[] { ("/coupons", "coupon centre"), ("/flash", "flash sales"), ("/cart", "cart"),
                ("/account/register", "register") })
            {
                await page.GotoAsync(App.Url(store, path));
                await Expect(page.Locator("h1")).ToBeVisibleAsync();
                await FitsAsync(page, what);
            }

            await TapAsync(page.GetByTestId("tab-account"));
            await Expect(page.GetByTestId("account-guest")).ToBeVisibleAsync();
            await FitsAsync(page, "我的 (guest)");
            await TapAsync(page.GetByTestId("account-sign-in"));
            await Expect(page).ToHaveURLAsync(new Regex("/account/login"));
            await Expect(page.GetByTestId("submit")).ToBeVisibleAsync();
            await FitsAsync(page, "log-in");
            await page.GetByTestId("email").FillAsync("nobody@example.com");
            await page.GetByTestId("password").FillAsync("Wrong-password-1");
            await TapAsync(page.GetByTestId("submit"));
            await Expect(page.GetByTestId("login-error")).ToBeVisibleAsync();

            // The tab bar takes the guest home.
            await TapAsync(page.GetByTestId("tab-home"));
            await Expect(page).ToHaveURLAsync(App.Url(store, "/"));
            await Expect(page.GetByTestId("tab-home")).ToHaveAttributeAsync("aria-current", "page");

            Assert.Empty(missing);
        });
    }

    [Fact]
    public async Task A_signed_in_shopper_on_a_phone_uses_cart_checkout_orders_and_every_account_page()
    {
        var store = await NewStoreAsync();
        await App.SendAsync(store, new SaveShippingTemplate.Command { Name = "普通快递", Kind = ShippingFeeKind.Flat, Fee = 8m, IsDefault = true });
        await App.SendAsync(store, new SaveShippingTemplate.Command { Name = "顺丰次日达", Kind = ShippingFeeKind.Flat, Fee = 23m, Position = 1 });
        var mug = await App.SeedProductAsync(store, "保温杯 500ml", 129m, categoryId: null, list: true, ("MUG-1", 50, 0));
        var tee = await App.SeedProductAsync(store, "纯棉T恤", 79m, categoryId: null, list: true, ("TEE-1", 50, 0));
        var (shopperId, email) = await ShopperAsync(store);
        await ClaimableCouponAsync(store, shopperId);

        // One order waiting for payment; then two lines in the cart.
        await App.PlaceOrderAsync(store, paid: false, (mug["MUG-1"], 1));
        await App.AddToCartAsync(store, shopperId, mug["MUG-1"], 1);
        await App.AddToCartAsync(store, shopperId, tee["TEE-1"], 2);

        await InBrowserAsync(Devices.Phone, async page =>
        {
            var missing = WatchNotFound(page);

            await page.GotoAsync(App.Url(store, "/account/login"));
            await page.GetByTestId("email").FillAsync(email);
            await page.GetByTestId("password").FillAsync(ShopperSeed.Password);
            await TapAsync(page.GetByTestId("submit"));
            await Expect(page.GetByTestId("tab-cart-badge")).ToHaveTextAsync("2");

            // Cart: lines reflow into cards; 删除 is in reach and removes its line.
            await TapAsync(page.GetByTestId("tab-cart"));
            await Expect(page.GetByTestId("cart-line")).ToHaveCountAsync(2);
            await FitsAsync(page, "cart");
            await TapAsync(page.Locator("[data-testid=cart-line][data-sku='TEE-1']").GetByTestId("line-remove"));
            await Expect(page.GetByTestId("cart-line")).ToHaveCountAsync(1);
            await Expect(page.GetByTestId("tab-cart-badge")).ToHaveTextAsync("1");

            // Checkout: radios beside their labels; choosing a shipping method applies it at once.
            await TapAsync(page.GetByTestId("checkout"));
            await Expect(page).ToHaveURLAsync(new Regex("/checkout$"));
            await Expect(page.GetByTestId("shipping-fee")).ToContainTextAsync("8.00");
            await FitsAsync(page, "checkout");
            await RadiosBesideLabelsAsync(page);
            await TapAsync(page.Locator("label.check", new() { HasText = "顺丰次日达" }));
            await Expect(page).ToHaveURLAsync(new Regex("shipping="));
            await Expect(page.GetByTestId("shipping-fee")).ToContainTextAsync("23.00");
            await Expect(page.GetByTestId("place-order")).ToBeVisibleAsync();

            // 我的 gathers the signed-in links; each page fits and shows its main content.
            await TapAsync(page.GetByTestId("tab-account"));
            await Expect(page.GetByTestId("account-name")).ToBeVisibleAsync();
            await FitsAsync(page, "我的");
            await TapAsync(page.GetByTestId("my-orders-link"));
            await Expect(page.GetByTestId("order-card")).ToHaveCountAsync(1);
            await FitsAsync(page, "orders");
            await TapAsync(page.GetByTestId("order-link"));
            await Expect(page.GetByTestId("order-status")).ToHaveTextAsync("待付款");
            await FitsAsync(page, "order detail");
            await TapAsync(page.GetByTestId("pay"));
            await Expect(page).ToHaveURLAsync(new Regex("/pay/sandbox/"));
            await Expect(page.GetByTestId("sandbox-pay")).ToBeVisibleAsync();

            foreach (var (link, ready, what) in new[]
            {
                ("my-coupons-nav", "my-coupon", "my coupons"),
                ("my-points-nav", "points-balance", "points"),
                ("my-cases-link", "cases-empty", "after-sales"),
                ("my-complaints-link", "complaints-none", "complaints"),
            })
            {
                await page.GotoAsync(App.Url(store, "/account"));
                var target = page.GetByTestId(link);
                var href = await target.GetAttributeAsync("href");
                await TapAsync(target);
                await Expect(page).ToHaveURLAsync(App.Url(store, href!));
                await Expect(page.GetByTestId(ready).First).ToBeVisibleAsync();
                await FitsAsync(page, what);
            }

            await page.GotoAsync(App.Url(store, "/account"));
            await TapAsync(page.GetByTestId("addresses-link"));
            await FitsAsync(page, "addresses");
            await TapAsync(page.GetByTestId("address-save"));
            await Expect(page.Locator(".validation-message").First).ToBeVisibleAsync();

            // The coupon centre's 领取 answers a tap.
            await page.GotoAsync(App.Url(store, "/coupons"));
            await FitsAsync(page, "coupon centre (signed in)");
            await TapAsync(page.GetByTestId("claim-coupon").First);
            await Expect(page.GetByTestId("claim-result")).ToBeVisibleAsync();

            await page.GotoAsync(App.Url(store, "/flash"));
            await FitsAsync(page, "flash sales (signed in)");

            // Signing out from 我的.
            await page.GotoAsync(App.Url(store, "/account"));
            await TapAsync(page.GetByTestId("sign-out"));
            await Expect(page.GetByTestId("shopper-name")).ToHaveCountAsync(0);
            await page.GotoAsync(App.Url(store, "/account"));
            await Expect(page.GetByTestId("account-guest")).ToBeVisibleAsync();

            Assert.Empty(missing);
        });
    }

    [Fact]
    public async Task At_1366_px_the_signed_in_header_is_one_row_without_the_tab_bar_and_headings_show_no_focus_box()
    {
        var store = await NewStoreAsync();
        await App.SendAsync(store, new SaveShippingTemplate.Command { Name = "普通快递", Kind = ShippingFeeKind.Flat, Fee = 8m, IsDefault = true });
        var mug = await App.SeedProductAsync(store, "保温杯 500ml", 129m, categoryId: null, list: true, ("MUG-1", 50, 0));
        var (shopperId, email) = await ShopperAsync(store);
        await App.AddToCartAsync(store, shopperId, mug["MUG-1"], 1);

        await InBrowserAsync(new() { Locale = "zh-CN", ViewportSize = new() { Width = 1366, Height = 768 } }, async page =>
        {
            var missing = WatchNotFound(page);
            await page.GotoAsync(App.Url(store, "/account/login"));
            await page.GetByTestId("email").FillAsync(email);
            await page.GetByTestId("password").FillAsync(ShopperSeed.Password);
            await page.GetByTestId("submit").ClickAsync();
            await Expect(page.GetByTestId("shopper-name")).ToBeVisibleAsync();
            await Expect(page.GetByTestId("cart-badge")).ToHaveTextAsync("1");
            await Expect(page.GetByTestId("tabbar")).ToBeHiddenAsync();

            // One row: the header is less than two search boxes high, and every link sits within the search box's line.
            var header = await page.EvaluateAsync<double[]>("""
                () => {
                    const header = document.querySelector('header.site-header').getBoundingClientRect();
                    const box = document.querySelector('.site-search input').getBoundingClientRect();
                    const parts = [...document.querySelectorAll('header.site-header a, header.site-header button, header.site-header .greeting')]
                        .map(e => e.getBoundingClientRect()).filter(r => r.height > 0);
                    const off = parts.filter(r => r.top < box.top - 2 || r.bottom > box.bottom + 2).length;
                    return [header.height, box.height, off, parts.length];
                }
                """);
            Assert.True(header[0] < 2 * header[1], $"the header is {header[0]} px high, a search box {header[1]} px: it wraps");
            Assert.True(header[2] == 0, $"{header[2]} of {header[3]} header items sit outside the search box's row");
            await FitsAsync(page, "desktop home");

            // Enhanced navigation focuses the new page's h1 (for screen readers) without drawing a box round it.
            await page.GetByTestId("account-link").ClickAsync();
            await Expect(page.Locator("h1")).ToBeFocusedAsync();
            Assert.Equal("none", await page.Locator("h1").EvaluateAsync<string>("h => getComputedStyle(h).outlineStyle"));

            // The checkout's radios sit beside their labels at desktop width too.
            await page.GotoAsync(App.Url(store, "/checkout"));
            await Expect(page.GetByTestId("place-order")).ToBeVisibleAsync();
            await RadiosBesideLabelsAsync(page);

            // A favicon: linked from every page, and /favicon.ico answers for those who ask anyway.
            Assert.Equal(200, await page.EvaluateAsync<int>("() => fetch('/favicon.ico').then(r => r.status)"));
            Assert.Equal(1, await page.Locator("link[rel=icon]").CountAsync());
            Assert.Empty(missing);
        });
    }

    /// <summary>A store of the test's own, with its name; answers its slug.</summary>
    private Task<string> NewStoreAsync() => NewStoreAsync("phone-", "手机小店");

    /// <summary>The store's shopper, under the e-mail the order seed looks for (shopper@{store}.local).</summary>
    private async Task<(Guid Id, string Email)> ShopperAsync(string store)
    {
        var (id, _) = (await App.ShoppersAsync(store, 1))[0];
        var email = $"shopper@{store}.local";
        await App.InStoreAsync(store, async db =>
        {
            var shopper = await db.Shoppers.SingleAsync(s => s.Id == id);
            shopper.Email = email;
            shopper.NormalizedEmail = email.ToUpperInvariant();
            return await db.SaveChangesAsync();
        });
        return (id, email);
    }

    private async Task<(Guid Digital, Guid Audio, Guid Clothes, Guid Tees)> CategoriesAsync(string store)
    {
        var digital = await App.CategoryAsync(store, "数码", "digital", position: 0);
        var audio = await App.CategoryAsync(store, "耳机", "audio", digital, 0);
        await App.CategoryAsync(store, "音箱", "speakers", digital, 1);
        var clothes = await App.CategoryAsync(store, "服饰", "clothes", position: 1);
        var tees = await App.CategoryAsync(store, "T恤", "tees", clothes, 0);
        return (digital, audio, clothes, tees);
    }

    /// <summary>A store-wide coupon in the coupon centre, one copy already held by the shopper (so 我的优惠券 lists it).</summary>
    private Task<Guid> ClaimableCouponAsync(string store, Guid shopperId) => App.InStoreAsync(store, async db =>
    {
        var now = App.Clock.GetUtcNow();
        var coupon = Coupon.Create(db.TenantId!.Value,
            new CouponDraft("满100减10", CouponKind.Amount, 10m, null, 100m, ScopeKind.Store, null, true,
                CouponValidity.DaysFromClaim, null, null, 30, 100, 5, true, false), now);
        db.Coupons.Add(coupon);
        db.ShopperCoupons.Add(coupon.IssueTo(shopperId, CouponSource.Claimed, now));
        await db.SaveChangesAsync();
        await db.Database.ExecuteSqlAsync($"update coupons set issued = issued + 1 where id = {coupon.Id}");
        return coupon.Id;
    });

    /// <summary>No sideways scrolling: the document is no wider than the window.</summary>
    private static async Task FitsAsync(IPage page, string what)
    {
        await page.WaitForLoadStateAsync(LoadState.Load);
        var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, window.innerWidth]");
        Assert.True(widths[0] <= widths[1], $"{what} ({page.Url}) is {widths[0]} px wide in a {widths[1]} px window");
    }

    /// <summary>A real tap on something a thumb can hit: visible, at least 44 px each way (on a phone).</summary>
    private static async Task TapAsync(ILocator target)
    {
        await Expect(target).ToBeVisibleAsync();
        await target.ScrollIntoViewIfNeededAsync();
        var box = await target.BoundingBoxAsync() ?? throw new InvalidOperationException("the target has no box");
        var phone = await target.EvaluateAsync<bool>("e => window.innerWidth < 1024");
        if (phone)
        {
            Assert.True(box.Height >= MinTouch && box.Width >= MinTouch,
                $"{await target.EvaluateAsync<string>("e => e.outerHTML.slice(0, 120)")} is {box.Width}×{box.Height} px, under {MinTouch} px");
        }

        await target.TapAsync();
    }

    /// <summary>Every radio of the checkout sits on its label's line (not above it): the label is about one line high.</summary>
    private static async Task RadiosBesideLabelsAsync(IPage page)
    {
        var stacked = await page.EvaluateAsync<string[]>("""
            () => [...document.querySelectorAll('label.check input[type=radio]')].filter(r => {
                const radio = r.getBoundingClientRect();
                const label = r.closest('label').getBoundingClientRect();
                const text = [...r.closest('label').childNodes].filter(n => n !== r);
                const range = document.createRange();
                range.setStartAfter(r);
                range.setEndAfter(r.closest('label').lastChild);
                const first = [...range.getClientRects()].find(x => x.width > 0);
                return text.length > 0 && first && (first.left < radio.right - 1 || first.top > radio.bottom);
            }).map(r => r.closest('label').textContent.trim().slice(0, 30))
            """);
        Assert.True(stacked.Length == 0, "radios above their labels: " + string.Join(" | ", stacked));
    }

    /// <summary>Every 404 the page's requests meet (a missing favicon, picture or script).</summary>
    private static List<string> WatchNotFound(IPage page)
    {
        var missing = new List<string>();
        page.Response += (_, r) =>
        {
            if (r.Status == 404)
            {
                lock (missing)
                {
                    missing.Add(r.Url);
                }
            }
        };
        return missing;
    }
}
