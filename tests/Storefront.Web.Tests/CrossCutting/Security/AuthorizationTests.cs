using System.Net;
using System.Net.Http.Json;
using Storefront.Web.Tests.Infrastructure;

namespace Storefront.Web.Tests.CrossCutting.Security;

public sealed class AuthorizationTests(StorefrontApp app) : IClassFixture<StorefrontApp>
{
    [Theory]
    [InlineData("/admin")]
    [InlineData("/admin/products")]
    public async Task A_shopper_gets_no_admin_page(string page)
    {
        var client = app.ClientFor("demo");
        await client.SignInShopperAsync("shopper@demo.local");
        var response = await client.GetAsync(page);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/admin/login", response.Headers.Location!.PathAndQuery);
    }

    [Theory]
    [InlineData("/api/v1/admin/me")]
    [InlineData("/api/v1/admin/catalog/products")]
    public async Task A_shopper_gets_no_admin_endpoint(string endpoint)
    {
        var client = app.ClientFor("demo");
        await client.SignInShopperAsync("shopper@demo.local");
        var response = await client.GetAsync(endpoint);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task An_operator_cannot_reach_the_merchant_only_product_pages()
    {
        var client = app.ClientFor("demo");
        await client.SignInStaffAsync("operator@demo.local");

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/admin")).StatusCode);
        var page = await client.GetAsync("/admin/products");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/admin/denied", page.Headers.Location!.PathAndQuery);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/v1/admin/catalog/products")).StatusCode);
        var create = await client.PostAsJsonAsync("/api/v1/admin/catalog/products", new { name = "x", price = 1 });
        Assert.Equal(HttpStatusCode.Forbidden, create.StatusCode);
    }

    [Fact]
    public async Task A_merchant_reaches_the_product_pages_but_cannot_grant_roles()
    {
        var client = app.ClientFor("demo");
        await client.SignInStaffAsync("merchant@demo.local");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/admin/products")).StatusCode);
        var grant = await client.PostAsJsonAsync("/api/v1/admin/staff", new { email = "new@demo.local", password = "Passw0rd1-long", role = "Owner" });
        Assert.Equal(HttpStatusCode.Forbidden, grant.StatusCode);
    }

    [Fact]
    public async Task An_owner_invites_a_new_staff_member_who_accepts_and_signs_in_with_the_role()
    {
        var owner = app.ClientFor("acme");
        await owner.SignInStaffAsync("owner@acme.local");
        var invite = await owner.PostAsJsonAsync("/api/v1/admin/staff", new { email = "cs@acme.local", role = "CustomerService" });
        Assert.Equal(HttpStatusCode.Accepted, invite.StatusCode);
        var token = await app.InvitationTokenAsync("cs@acme.local");

        var cs = app.ClientFor("acme");
        Assert.Equal(HttpStatusCode.OK,
            (await cs.PostAsJsonAsync($"/api/v1/admin/invitations/{token}/accept", new { password = "Service123-long", displayName = "客服" })).StatusCode);
        await cs.SignInStaffAsync("cs@acme.local", "Service123-long");
        var me = await cs.GetFromJsonAsync<Dictionary<string, object>>("/api/v1/admin/me");
        Assert.Contains("CustomerService", me!["roles"].ToString());
        Assert.Equal(HttpStatusCode.Forbidden, (await cs.GetAsync("/api/v1/admin/catalog/products")).StatusCode);
    }

    [Fact]
    public async Task Anonymous_visitors_are_sent_to_sign_in()
    {
        var response = await app.ClientFor("demo").GetAsync("/admin/products");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/admin/login", response.Headers.Location!.PathAndQuery);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.ClientFor("demo").GetAsync("/api/v1/admin/me")).StatusCode);
    }
}
