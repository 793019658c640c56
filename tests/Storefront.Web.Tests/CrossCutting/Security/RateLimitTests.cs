using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Storefront.Web.Tests.Infrastructure;

namespace Storefront.Web.Tests.CrossCutting.Security;

/// <summary>The app with small rate limits (a window of an hour, so none resets during a test), as RateLimitTests need them.</summary>
public sealed class RateLimitedApp : StorefrontApp
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Storefront:RateLimits:Enabled", "true");
        Limit("SignIn", perIp: 3, perAccount: 2);
        Limit("Register", perIp: 2, perAccount: 1);
        Limit("Password", perIp: 2, perAccount: 2);
        Limit("CouponClaim", perIp: 0, perAccount: 2);
        Limit("Search", perIp: 3, perAccount: 0);
        Limit("Catalog", perIp: 3, perAccount: 0);
        Limit("PaymentCallback", perIp: 2, perAccount: 0);

        void Limit(string name, int perIp, int perAccount)
        {
            builder.UseSetting($"Storefront:RateLimits:{name}:PerIp", perIp.ToString(System.Globalization.CultureInfo.InvariantCulture));
            builder.UseSetting($"Storefront:RateLimits:{name}:PerAccount", perAccount.ToString(System.Globalization.CultureInfo.InvariantCulture));
            builder.UseSetting($"Storefront:RateLimits:{name}:WindowSeconds", "3600");
        }
    }
}

/// <summary>
/// Issue 15 item 10: each limit answers 429 with Retry-After past its count (problem+json under /api, a page for forms),
/// and leaves other client addresses and other accounts alone. Every test uses its own addresses and accounts.
/// </summary>
public sealed class RateLimitTests(RateLimitedApp app) : IClassFixture<RateLimitedApp>
{
    private const string Password = "Limits-Test-2026!";

    [Fact]
    public async Task Sign_in_from_one_address_is_limited_and_another_address_is_not()
    {
        var client = app.ClientFor("demo").From("10.15.1.1");
        for (var i = 0; i < 3; i++)
        {
            Assert.NotEqual(HttpStatusCode.TooManyRequests, (await SignInAsync(client, Unique("ip-login"))).StatusCode);
        }

        await AssertApiLimitedAsync(await SignInAsync(client, Unique("ip-login")));
        await AssertApiLimitedAsync(await client.PostAsJsonAsync("/api/v1/admin/login", new { email = Unique("staff"), password = Password }));

        var other = app.ClientFor("demo").From("10.15.1.2");
        Assert.Equal(HttpStatusCode.OK, (await SignInAsync(other, "shopper@demo.local", "storefront-demo")).StatusCode);
    }

    [Fact]
    public async Task Sign_in_to_one_account_is_limited_from_any_address_and_other_accounts_are_not()
    {
        var target = Unique("target");
        Assert.NotEqual(HttpStatusCode.TooManyRequests, (await SignInAsync(app.ClientFor("demo").From("10.15.2.1"), target)).StatusCode);
        Assert.NotEqual(HttpStatusCode.TooManyRequests, (await SignInAsync(app.ClientFor("demo").From("10.15.2.2"), target)).StatusCode);

        var third = app.ClientFor("demo").From("10.15.2.3");
        await AssertApiLimitedAsync(await SignInAsync(third, target.ToUpperInvariant()));   // the same account however it is typed
        Assert.NotEqual(HttpStatusCode.TooManyRequests, (await SignInAsync(third, Unique("bystander"))).StatusCode);

        // The sign-in form counts the same account: past its limit the form answers a readable 429 page.
        var form = await app.ClientFor("demo").From("10.15.2.4").SubmitAsync("/account/login", "form",
            new Dictionary<string, string> { ["Input.Email"] = target, ["Input.Password"] = Password });
        await AssertPageLimitedAsync(form);
    }

    [Fact]
    public async Task The_sign_in_form_answers_a_readable_429_page_past_the_address_limit()
    {
        var client = app.ClientFor("demo").From("10.15.3.1");
        for (var i = 0; i < 3; i++)
        {
            var response = await client.SubmitAsync("/account/login", "form",
                new Dictionary<string, string> { ["Input.Email"] = Unique("form"), ["Input.Password"] = Password });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);   // the form again, with its message
        }

        await AssertPageLimitedAsync(await client.SubmitAsync("/account/login", "form",
            new Dictionary<string, string> { ["Input.Email"] = Unique("form"), ["Input.Password"] = Password }));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/account/login")).StatusCode);   // showing the form is not an attempt
    }

    [Fact]
    public async Task Registration_is_limited_per_address_and_per_e_mail()
    {
        var client = app.ClientFor("demo").From("10.15.4.1");
        var first = Unique("reg");
        Assert.Equal(HttpStatusCode.OK, (await RegisterAsync(client, first)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await RegisterAsync(app.ClientFor("demo").From("10.15.4.1"), Unique("reg"))).StatusCode);
        await AssertApiLimitedAsync(await RegisterAsync(app.ClientFor("demo").From("10.15.4.1"), Unique("reg")));

        var other = app.ClientFor("demo").From("10.15.4.2");
        await AssertApiLimitedAsync(await RegisterAsync(other, first));   // that e-mail again, from elsewhere
        Assert.Equal(HttpStatusCode.OK, (await RegisterAsync(other, Unique("reg"))).StatusCode);
    }

    [Fact]
    public async Task Password_changes_are_limited_per_account_from_any_address()
    {
        var shopper = await NewShopperAsync("10.15.5.1");
        Assert.Equal(HttpStatusCode.BadRequest, (await WrongPasswordChangeAsync(shopper.From("10.15.5.2"))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await WrongPasswordChangeAsync(shopper.From("10.15.5.3"))).StatusCode);
        await AssertApiLimitedAsync(await WrongPasswordChangeAsync(shopper.From("10.15.5.4")));

        var other = await NewShopperAsync("10.15.5.5");
        Assert.Equal(HttpStatusCode.BadRequest, (await WrongPasswordChangeAsync(other.From("10.15.5.6"))).StatusCode);
    }

    [Fact]
    public async Task Password_changes_are_limited_per_address_across_accounts()
    {
        var one = await NewShopperAsync("10.15.6.1");
        var two = await NewShopperAsync("10.15.6.2");
        Assert.Equal(HttpStatusCode.BadRequest, (await WrongPasswordChangeAsync(one.From("10.15.6.9"))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await WrongPasswordChangeAsync(two.From("10.15.6.9"))).StatusCode);
        await AssertApiLimitedAsync(await WrongPasswordChangeAsync(one.From("10.15.6.9")));   // its own second attempt: the address is the limit
        Assert.Equal(HttpStatusCode.BadRequest, (await WrongPasswordChangeAsync(two.From("10.15.6.10"))).StatusCode);
    }

    [Fact]
    public async Task Coupon_claims_are_limited_per_shopper_on_the_api_and_the_form()
    {
        var shopper = await NewShopperAsync("10.15.7.1");
        Assert.Equal(HttpStatusCode.NotFound, (await shopper.PostAsync($"/api/v1/coupons/{Guid.NewGuid()}/claim", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await shopper.From("10.15.7.2").PostAsync($"/api/v1/coupons/{Guid.NewGuid()}/claim", null)).StatusCode);
        await AssertApiLimitedAsync(await shopper.From("10.15.7.3").PostAsync($"/api/v1/coupons/{Guid.NewGuid()}/claim", null));

        using var form = new HttpRequestMessage(HttpMethod.Post, $"/coupons/{Guid.NewGuid()}/claim")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["returnUrl"] = "/coupons" }),
        };
        form.Headers.Add("Sec-Fetch-Site", "same-origin");
        await AssertPageLimitedAsync(await shopper.SendAsync(form));

        var other = await NewShopperAsync("10.15.7.4");
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostAsync($"/api/v1/coupons/{Guid.NewGuid()}/claim", null)).StatusCode);
    }

    [Fact]
    public async Task Search_page_and_search_api_share_a_limit_per_address()
    {
        var client = app.ClientFor("demo").From("10.15.8.1");
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/search?q=cup{i}")).StatusCode);
        }

        await AssertApiLimitedAsync(await client.GetAsync("/api/v1/catalog/products?q=cup"));
        await AssertPageLimitedAsync(await client.GetAsync("/search?q=cup"));
        Assert.Equal(HttpStatusCode.OK, (await app.ClientFor("demo").From("10.15.8.2").GetAsync("/api/v1/catalog/products?q=cup")).StatusCode);
    }

    [Fact]
    public async Task The_catalog_api_is_limited_per_address_and_a_forwarded_for_header_does_not_pick_another()
    {
        var client = app.ClientFor("demo").From("10.15.9.1");
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/catalog/categories")).StatusCode);
        }

        await AssertApiLimitedAsync(await client.GetAsync("/api/v1/catalog/categories"));
        using var spoofed = new HttpRequestMessage(HttpMethod.Get, "/api/v1/catalog/categories");
        spoofed.Headers.Add("X-Forwarded-For", "203.0.113.77");   // no proxy is configured: not believed
        await AssertApiLimitedAsync(await client.SendAsync(spoofed));

        Assert.Equal(HttpStatusCode.OK, (await app.ClientFor("demo").From("10.15.9.2").GetAsync("/api/v1/catalog/categories")).StatusCode);
    }

    [Fact]
    public async Task The_payment_callback_is_limited_per_address()
    {
        var gateway = app.ClientFor("demo").From("10.15.10.1");
        Assert.Equal(HttpStatusCode.Unauthorized, (await UnsignedCallbackAsync(gateway)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await UnsignedCallbackAsync(gateway)).StatusCode);
        await AssertApiLimitedAsync(await UnsignedCallbackAsync(gateway));
        Assert.Equal(HttpStatusCode.Unauthorized, (await UnsignedCallbackAsync(app.ClientFor("demo").From("10.15.10.2"))).StatusCode);
    }

    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}@example.com";

    private static Task<HttpResponseMessage> SignInAsync(HttpClient client, string email, string password = Password) =>
        client.PostAsJsonAsync("/api/v1/account/login", new { email, password });

    private static Task<HttpResponseMessage> RegisterAsync(HttpClient client, string email) =>
        client.PostAsJsonAsync("/api/v1/account/register", new { email, password = Password, displayName = "限流" });

    private static Task<HttpResponseMessage> WrongPasswordChangeAsync(HttpClient client) =>
        client.PostAsJsonAsync("/api/v1/account/password",
            new { currentPassword = "not-the-password-1", newPassword = "Another-Pass-2026!", confirmPassword = "Another-Pass-2026!" });

    private static Task<HttpResponseMessage> UnsignedCallbackAsync(HttpClient client) =>
        client.PostAsync("/api/v1/payments/sandbox/callback", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));

    /// <summary>A shopper registered (and signed in) from their own address.</summary>
    private async Task<HttpClient> NewShopperAsync(string ip)
    {
        var client = app.ClientFor("demo").From(ip);
        var response = await RegisterAsync(client, Unique("shopper"));
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return client;
    }

    private static async Task AssertApiLimitedAsync(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.TooManyRequests, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        Assert.True(response.Headers.RetryAfter?.Delta is { TotalSeconds: > 0 and <= 3600 }, $"Retry-After: {response.Headers.RetryAfter}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("urn:storefront:rate-limited", problem.GetProperty("type").GetString());
    }

    private static async Task AssertPageLimitedAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.TooManyRequests, $"{(int)response.StatusCode}: {body}");
        Assert.True(response.Headers.RetryAfter?.Delta is { TotalSeconds: > 0 and <= 3600 }, $"Retry-After: {response.Headers.RetryAfter}");
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("请求过于频繁", body);
        Assert.Contains("分钟后再试", body);
    }
}
