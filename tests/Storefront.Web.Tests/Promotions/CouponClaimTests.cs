using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Storefront.Web.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Storefront.Web.Tests.Promotions;

/// <summary>Claiming coupons (领券) through the API and the coupon centre, and the limits under concurrent claims.</summary>
public sealed class CouponClaimTests(RushApp app, ITestOutputHelper output) : IClassFixture<RushApp>
{
    [Fact]
    public async Task One_hundred_concurrent_claims_never_exceed_the_total_or_the_per_shopper_limit()
    {
        const int Shoppers = 25;
        const int ClaimsEach = 4;
        const int Total = 60;
        const int Limit = 3;
        var couponId = await app.CouponAsync("demo", "抢券-" + Guid.NewGuid().ToString("N")[..6], Total, Limit);
        var shoppers = await app.ShoppersAsync("demo", Shoppers);
        var clients = await app.SignedInAsync("demo", shoppers, TimeSpan.FromMinutes(5), 4);

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var outcomes = await Crowd.AtOnceAsync(Shoppers * ClaimsEach, async n =>
            await Crowd.Answer.ReadAsync(await clients[n % Shoppers].PostAsync($"/api/v1/coupons/{couponId}/claim", null)));
        output.WriteLine($"{outcomes.Length} claims answered in {clock.Elapsed}");

        Assert.DoesNotContain(outcomes, o => (int)o.StatusCode >= 500);
        Assert.Equal(Total, outcomes.Count(o => o.StatusCode == HttpStatusCode.OK));
        Assert.All(outcomes.Where(o => o.StatusCode != HttpStatusCode.OK), o =>
        {
            Assert.Equal(HttpStatusCode.Conflict, o.StatusCode);
            Assert.Equal("application/problem+json", o.MediaType);
            Assert.Contains(o.ProblemType, new[] { "urn:storefront:coupon.gone", "urn:storefront:coupon.limit" });
        });

        Assert.Equal(Total, await app.CountAsync("demo", $"from shopper_coupons where coupon_id = '{couponId}'"));
        Assert.Equal(1, await app.CountAsync("demo", $"from coupons where id = '{couponId}' and issued = {Total}"));
        Assert.Equal(0, await app.CountAsync("demo",
            $"from (select shopper_id from shopper_coupons where coupon_id = '{couponId}' group by shopper_id having count(*) > {Limit}) over_limit"));
    }

    [Fact]
    public async Task A_shopper_claims_in_the_coupon_centre_up_to_the_limit_and_sees_the_coupon_in_my_coupons()
    {
        var name = "领券中心-" + Guid.NewGuid().ToString("N")[..6];
        var couponId = await app.CouponAsync("demo", name, 100, 1);
        var (email, _) = (await app.ShoppersAsync("demo", 1)).Select(s => (s.Email, s.Id)).Single();
        var client = app.ClientFor("demo");
        await client.SignInShopperAsync(email, ShopperSeed.Password);

        var response = await client.SubmitAsync("/coupons", $"li[data-coupon-id='{couponId}'] form", new Dictionary<string, string>());
        var page = Forms.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(name, page.QuerySelector("[data-testid=claim-result]")?.TextContent);
        var card = page.QuerySelector($"li[data-coupon-id='{couponId}']")!;
        Assert.Null(card.QuerySelector("[data-testid=claim-coupon]"));
        Assert.NotNull(card.QuerySelector("[data-testid=coupon-held]"));

        var again = await client.PostAsync($"/api/v1/coupons/{couponId}/claim", null);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("urn:storefront:coupon.limit", (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString());

        var mine = await client.GetPageAsync("/account/coupons");
        var held = mine.QuerySelectorAll("[data-testid=my-coupon]").Single(e => e.GetAttribute("data-coupon-id") == couponId.ToString());
        Assert.Equal("Usable", held.GetAttribute("data-state"));
        Assert.Contains(name, held.TextContent);

        // Thirty days from claiming, it is expired (the other tests here make coupons valid from their own claim).
        app.Clock.Advance(TimeSpan.FromDays(31));
        client = app.ClientFor("demo");
        await client.SignInShopperAsync(email, ShopperSeed.Password);
        var later = await client.GetPageAsync("/account/coupons?state=Expired");
        Assert.Contains(later.QuerySelectorAll("[data-testid=my-coupon]"), e => e.GetAttribute("data-coupon-id") == couponId.ToString());
    }

    [Fact]
    public async Task A_guest_is_sent_to_sign_in_and_the_api_refuses_unknown_gone_and_unclaimable_coupons()
    {
        var name = "游客-" + Guid.NewGuid().ToString("N")[..6];
        var couponId = await app.CouponAsync("demo", name, 1, 1);
        var guest = app.ClientFor("demo");
        var page = await guest.GetPageAsync("/coupons");
        var link = page.QuerySelector($"li[data-coupon-id='{couponId}'] [data-testid=claim-coupon-signin]");
        Assert.Equal("/account/login?returnUrl=%2Fcoupons", link?.GetAttribute("href"));
        Assert.Equal(HttpStatusCode.Unauthorized, (await guest.PostAsync($"/api/v1/coupons/{couponId}/claim", null)).StatusCode);

        var shoppers = await app.ShoppersAsync("demo", 2);
        var first = app.ClientFor("demo");
        await first.SignInShopperAsync(shoppers[0].Email, ShopperSeed.Password);
        var second = app.ClientFor("demo");
        await second.SignInShopperAsync(shoppers[1].Email, ShopperSeed.Password);

        var listed = await first.GetFromJsonAsync<JsonElement>("/api/v1/coupons");
        var item = listed.EnumerateArray().Single(c => c.GetProperty("id").GetGuid() == couponId);
        Assert.True(item.GetProperty("canClaim").GetBoolean());

        Assert.Equal(HttpStatusCode.OK, (await first.PostAsync($"/api/v1/coupons/{couponId}/claim", null)).StatusCode);
        var gone = await second.PostAsync($"/api/v1/coupons/{couponId}/claim", null);
        Assert.Equal(HttpStatusCode.Conflict, gone.StatusCode);
        Assert.Equal("urn:storefront:coupon.gone", (await gone.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString());

        Assert.Equal(HttpStatusCode.NotFound, (await second.PostAsync($"/api/v1/coupons/{Guid.NewGuid()}/claim", null)).StatusCode);
        var hidden = await app.CouponAsync("demo", "不可领", 10, 1, claimable: false);
        Assert.Equal(HttpStatusCode.NotFound, (await second.PostAsync($"/api/v1/coupons/{hidden}/claim", null)).StatusCode);
        Assert.Equal(0, await app.CountAsync("demo", $"from shopper_coupons where coupon_id = '{hidden}'"));
    }
}
