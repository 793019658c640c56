using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Storefront.Domain.Promotions;
using Storefront.Web.BrowserTests.Infrastructure;
using Storefront.Web.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Storefront.Web.BrowserTests.Members;

/// <summary>The members helper's pages in Chromium: claiming a coupon as a guest who signs in on the way, a flash sale counting down, the admin member
/// page.</summary>
public sealed class MembersJourneyTests(BrowserApp app) : BrowserTest(app), IClassFixture<BrowserApp>
{
    [Fact]
    public Task A_guest_is_sent_to_sign_in_then_claims_a_coupon_in_the_coupon_centre_and_finds_it_in_my_coupons() => InBrowserAsync(async page =>
    {
        var name = "满100减10-" + Guid.NewGuid().ToString("N")[..6];
        var couponId = await App.CouponAsync("demo", name, 50, 1);
        var (_, email) = (await App.ShoppersAsync("demo", 1)).Single();

        await page.GotoAsync(App.Url("demo", "/coupons"));
        var card = page.Locator($"[data-testid=coupon-card][data-coupon-id='{couponId}']");
        await card.GetByTestId("claim-coupon-signin").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/account/login"));
        await page.GetByTestId("email").FillAsync(email);
        await page.GetByTestId("password").FillAsync(ShopperSeed.Password);
        await page.GetByTestId("submit").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/coupons$"));

        await page.Locator($"[data-testid=coupon-card][data-coupon-id='{couponId}']").GetByTestId("claim-coupon").ClickAsync();
        await Expect(page.GetByTestId("claim-result")).ToContainTextAsync(name);
        await Expect(page.Locator($"[data-testid=coupon-card][data-coupon-id='{couponId}']").GetByTestId("coupon-held")).ToBeVisibleAsync();

        await page.GetByTestId("account-link").ClickAsync();
        await page.GetByTestId("my-coupons-nav").ClickAsync();
        await Expect(page.Locator($"[data-testid=my-coupon][data-coupon-id='{couponId}']")).ToContainTextAsync(name);
    });

    [Fact]
    public Task A_flash_sale_counts_down_on_the_flash_page_and_the_product_page_and_shows_started() => InBrowserAsync(async page =>
    {
        var code = "BF-" + Guid.NewGuid().ToString("N")[..8];
        var skuId = (await App.SeedProductAsync("demo", "倒计时耳机", 199m, categoryId: null, list: true, (code, 100, 5)))[code];
        var slug = await App.InStoreAsync("demo", db => db.Products.Where(p => p.Skus.Any(s => s.Id == skuId)).Select(p => p.Slug).SingleAsync());
        var start = App.Clock.GetUtcNow().AddSeconds(4);
        var sessionName = "整点秒杀-" + code;
        await App.InStoreAsync("demo", async db =>
        {
            var sale = FlashSale.Create(db.TenantId!.Value, sessionName, start, start.AddHours(1), App.Clock.GetUtcNow());
            sale.SetItem((await db.Skus.SingleAsync(s => s.Id == skuId)).ProductId, new FlashSaleItemDraft(skuId, 99m, 10, 1), 199m, App.Clock.GetUtcNow());
            db.FlashSales.Add(sale);
            return await db.SaveChangesAsync();
        });

        await page.GotoAsync(App.Url("demo", "/flash"));
        var session = page.GetByTestId("flash-session").Filter(new() { HasText = sessionName });
        await Expect(session).ToHaveAttributeAsync("data-phase", "Upcoming");
        await Expect(session.GetByTestId("flash-countdown-remaining")).ToHaveTextAsync(new Regex("00:00:0[0-4]"));
        await Expect(session.GetByTestId("flash-countdown")).ToHaveTextAsync("已开始", new() { Timeout = 15_000 });

        await page.GotoAsync(App.Url("demo", "/p/" + slug));
        var block = page.GetByTestId("product-flash");
        await Expect(block).ToBeVisibleAsync();
        await Expect(block.GetByTestId("product-flash-price")).ToContainTextAsync("99.00");

        // The store's clock passes the start: after a reload the session is live, counting down to its end.
        App.Clock.Advance(TimeSpan.FromSeconds(5));
        await page.GotoAsync(App.Url("demo", "/flash"));
        await Expect(session).ToHaveAttributeAsync("data-phase", "Live");
        await Expect(session.GetByTestId("flash-countdown-remaining")).ToHaveTextAsync(new Regex("00:59:5\\d"));
    });

    [Fact]
    public Task An_operator_finds_a_shopper_and_adjusts_their_points_with_a_reason() => InBrowserAsync(async page =>
    {
        var (_, email) = (await App.ShoppersAsync("demo", 1)).Single();
        await SignInStaffAsync(page, "demo", "operator@demo.local");
        await page.GotoAsync(App.Url("demo", "/admin/members"));
        await Expect(page.Locator("[data-testid=members-page][data-interactive=true]")).ToBeVisibleAsync(new() { Timeout = 30_000 });

        await page.GetByTestId("member-search").FillAsync(email);
        await page.GetByTestId("member-search-submit").ClickAsync();
        await page.GetByTestId("member-open").First.ClickAsync();
        var points = page.GetByTestId("member-adjust-points").Locator("input");
        await points.FillAsync("50");
        await points.PressAsync("Tab");
        await page.GetByTestId("member-adjust-reason").FillAsync("客服补偿");
        await page.GetByTestId("member-adjust-submit").ClickAsync();

        await Expect(page.GetByTestId("member-message")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("member-detail-points")).ToHaveTextAsync("50");
        await Expect(page.GetByTestId("member-ledger")).ToContainTextAsync("客服补偿");
    });
}
