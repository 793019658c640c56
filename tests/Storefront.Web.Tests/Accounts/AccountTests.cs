using System.Net;
using System.Net.Http.Json;
using Storefront.Web.Tests.Infrastructure;

namespace Storefront.Web.Tests.Accounts;

public sealed class AccountTests(StorefrontApp app) : IClassFixture<StorefrontApp>
{
    [Fact]
    public async Task Registering_with_an_invalid_email_and_a_short_password_shows_field_errors_and_creates_nothing()
    {
        var client = app.ClientFor("demo");
        var response = await client.SubmitAsync("/account/register", "form", new Dictionary<string, string>
        {
            ["Input.Email"] = "not-an-email",
            ["Input.DisplayName"] = "小红",
            ["Input.Password"] = "abc",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = Forms.Parse(await response.Content.ReadAsStringAsync());
        string[] MessagesBeside(string testId) => [.. page.QuerySelector($"[data-testid={testId}]")!.ParentElement!
            .QuerySelectorAll(".validation-message").Select(e => e.TextContent)];
        Assert.Contains(MessagesBeside("email"), m => m.Contains("邮箱", StringComparison.Ordinal));
        Assert.Contains(MessagesBeside("password"), m => m.Contains("10", StringComparison.Ordinal));
        Assert.Empty(MessagesBeside("display-name"));
        Assert.Equal("小红", page.QuerySelector("[data-testid=display-name]")!.GetAttribute("value"));
        Assert.Empty(response.Headers.TryGetValues("Set-Cookie", out var c) ? c.Where(v => v.StartsWith(".storefront.shopper", StringComparison.Ordinal)) : []);

        var login = await client.PostAsJsonAsync("/api/v1/account/login", new { email = "not-an-email", password = "abc" });
        Assert.Equal(HttpStatusCode.Unauthorized, login.StatusCode);
    }

    [Fact]
    public async Task Registering_through_the_form_signs_the_shopper_in()
    {
        var client = app.ClientFor("demo");
        var response = await client.SubmitAsync("/account/register", "form", new Dictionary<string, string>
        {
            ["Input.Email"] = "xiaohong@example.com",
            ["Input.DisplayName"] = "小红",
            ["Input.Password"] = "Hong12345-long",
        });

        Assert.True(response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther, $"got {(int)response.StatusCode}");
        // An uncached page greets by name; the cached catalog pages get it from the summary (docs/decisions/0028).
        var points = await client.GetPageAsync("/account/points");
        Assert.Equal("小红", points.QuerySelector("[data-testid=shopper-name]")?.TextContent);
    }

    [Fact]
    public async Task The_same_email_registers_separately_at_two_stores()
    {
        var demo = await app.ClientFor("demo")
            .PostAsJsonAsync("/api/v1/account/register", new { email = "twin@example.com", password = "DemoPass1-long", displayName = "A" });
        var acme = await app.ClientFor("acme")
            .PostAsJsonAsync("/api/v1/account/register", new { email = "twin@example.com", password = "AcmePass2-long", displayName = "B" });
        Assert.Equal(HttpStatusCode.OK, demo.StatusCode);
        Assert.Equal(HttpStatusCode.OK, acme.StatusCode);

        // Each password works at its own store only.
        Assert.Equal(HttpStatusCode.OK,
            (await app.ClientFor("demo").PostAsJsonAsync("/api/v1/account/login", new { email = "twin@example.com", password = "DemoPass1-long" })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized,
            (await app.ClientFor("acme").PostAsJsonAsync("/api/v1/account/login", new { email = "twin@example.com", password = "DemoPass1-long" })).StatusCode);

        var again = await app.ClientFor("demo").PostAsJsonAsync("/api/v1/account/register", new { email = "TWIN@example.com", password = "DemoPass1-long" });
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Equal("application/problem+json", again.Content.Headers.ContentType?.MediaType);
        Assert.Contains("email", await again.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_even_against_the_right_one()
    {
        await app.ClientFor("acme").PostAsJsonAsync("/api/v1/account/register", new { email = "lock@example.com", password = "Right1234-long" });
        var client = app.ClientFor("acme");
        for (var i = 0; i < 5; i++)
        {
            var wrong = await client.PostAsJsonAsync("/api/v1/account/login", new { email = "lock@example.com", password = "Wrong" + i });
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        // Locked: the right password is refused like a wrong one (the answer does not tell that the account is locked).
        var right = await client.PostAsJsonAsync("/api/v1/account/login", new { email = "lock@example.com", password = "Right1234-long" });
        Assert.Equal(HttpStatusCode.Unauthorized, right.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/account/me")).StatusCode);
    }

    [Fact]
    public async Task Staff_lockout_after_five_failures()
    {
        var client = app.ClientFor("acme");
        for (var i = 0; i < 5; i++)
        {
            await client.PostAsJsonAsync("/api/v1/admin/login", new { email = "operator@acme.local", password = "nope" + i });
        }

        var right = await client.PostAsJsonAsync("/api/v1/admin/login", new { email = "operator@acme.local", password = "storefront-demo" });
        Assert.Equal(HttpStatusCode.Unauthorized, right.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/admin/me")).StatusCode);
    }

    [Fact]
    public async Task A_shopper_changes_password_and_signs_in_with_the_new_one()
    {
        var client = app.ClientFor("demo");
        await client.PostAsJsonAsync("/api/v1/account/register", new { email = "change@example.com", password = "First1234-long" });

        var mismatch = await client.PostAsJsonAsync("/api/v1/account/password",
            new { currentPassword = "First1234-long", newPassword = "Second1234", confirmPassword = "Other1234" });
        Assert.Equal(HttpStatusCode.BadRequest, mismatch.StatusCode);
        var wrongCurrent = await client.PostAsJsonAsync("/api/v1/account/password",
            new { currentPassword = "Bad12345", newPassword = "Second1234", confirmPassword = "Second1234" });
        Assert.Equal(HttpStatusCode.BadRequest, wrongCurrent.StatusCode);
        Assert.Contains("currentPassword", await wrongCurrent.Content.ReadAsStringAsync());

        var ok = await client.PostAsJsonAsync("/api/v1/account/password",
            new { currentPassword = "First1234-long", newPassword = "Second1234", confirmPassword = "Second1234" });
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized,
            (await app.ClientFor("demo").PostAsJsonAsync("/api/v1/account/login", new { email = "change@example.com", password = "First1234-long" }))
            .StatusCode);
        Assert.Equal(HttpStatusCode.OK,
            (await app.ClientFor("demo").PostAsJsonAsync("/api/v1/account/login", new { email = "change@example.com", password = "Second1234" })).StatusCode);
    }

    [Fact]
    public async Task Signing_out_ends_the_shopper_session()
    {
        var client = app.ClientFor("demo");
        await client.SignInShopperAsync("shopper@demo.local");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/account/me")).StatusCode);
        await client.PostAsync("/api/v1/account/logout", null);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/account/me")).StatusCode);
    }
}
