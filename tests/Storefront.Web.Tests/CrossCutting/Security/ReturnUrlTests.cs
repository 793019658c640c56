using System.Net;
using Storefront.Web.Features.Accounts;
using Storefront.Web.Tests.Infrastructure;

namespace Storefront.Web.Tests.CrossCutting.Security;

/// <summary>Issue 15 item 11: every returnUrl the app reads lands on a page of this site, whatever an attacker puts in it.</summary>
public sealed class ReturnUrlTests(StorefrontApp app) : IClassFixture<StorefrontApp>
{
    public static TheoryData<string> Attacks() => new()
    {
        "https://evil.example/x",
        "//evil.example/x",
        "/\\evil.example/x",
        "\\\\evil.example/x",
        "/\t/evil.example/x",
        "/\n/evil.example/x",
        "/\r\n/evil.example/x",
        "/%09/evil.example/x",
        "/%0a/evil.example/x",
        "/%2F%2Fevil.example/x",
        "/%5Cevil.example/x",
        "/%2509/evil.example/x",
        " //evil.example/x",
        "javascript:alert(1)",
    };

    [Theory]
    [MemberData(nameof(Attacks))]
    public void The_helper_falls_back_to_the_local_default(string attack) => Assert.Equal("/home", LocalUrl.OrHome(attack, "/home"));

    [Theory]
    [InlineData("/checkout")]
    [InlineData("/p/cup?sku=A-1#reviews")]
    [InlineData("/search?q=%E6%9D%AF")]
    [InlineData("/")]
    public void A_path_of_this_site_is_kept(string url) => Assert.Equal(url, LocalUrl.OrHome(url, "/home"));

    [Theory]
    [MemberData(nameof(Attacks))]
    public async Task The_language_switch_goes_back_to_a_local_page(string attack)
    {
        var response = await app.ClientFor("demo").GetAsync($"/culture?c=en&returnUrl={Uri.EscapeDataString(attack)}");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location?.OriginalString);
    }

    [Theory]
    [MemberData(nameof(Attacks))]
    public async Task Signing_in_goes_on_to_a_local_page(string attack)
    {
        var client = app.ClientFor("demo");
        var response = await client.SubmitAsync($"/account/login?returnUrl={Uri.EscapeDataString(attack)}", "form",
            new Dictionary<string, string> { ["Input.Email"] = "shopper@demo.local", ["Input.Password"] = "storefront-demo" });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location is { IsAbsoluteUri: true } absolute ? absolute.PathAndQuery : response.Headers.Location?.OriginalString);
        Assert.Equal("demo.localhost", response.Headers.Location is { IsAbsoluteUri: true } a ? a.Host : "demo.localhost");
    }

    [Theory]
    [MemberData(nameof(Attacks))]
    public async Task A_guest_claiming_a_coupon_is_sent_to_sign_in_with_a_local_return_address(string attack)
    {
        using var form = new HttpRequestMessage(HttpMethod.Post, $"/coupons/{Guid.NewGuid()}/claim")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["returnUrl"] = attack }),
        };
        form.Headers.Add("Sec-Fetch-Site", "same-origin");
        var response = await app.ClientFor("demo").SendAsync(form);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/account/login?returnUrl=%2F", response.Headers.Location?.OriginalString);
    }
}
