using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Storefront.Domain.Accounts;
using Storefront.Domain.Tenancy;
using Storefront.Web.Features.Staff;
using Storefront.Web.Tests.Infrastructure;

namespace Storefront.Web.Tests.Accounts;

/// <summary>The app with its password hashers counted, so a test can see that a sign-in verified a hash (no timing asserts).</summary>
public sealed class CountingHashersApp : StorefrontApp
{
    private long _verifications;

    public long Verifications => Interlocked.Read(ref _verifications);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            services.Replace(ServiceDescriptor.Scoped<IPasswordHasher<Shopper>>(sp =>
                new Counting<Shopper>(new PasswordHasher<Shopper>(sp.GetService<IOptions<PasswordHasherOptions>>()), this)));
            services.Replace(ServiceDescriptor.Scoped<IPasswordHasher<StaffAccount>>(sp =>
                new Counting<StaffAccount>(new PasswordHasher<StaffAccount>(sp.GetService<IOptions<PasswordHasherOptions>>()), this)));
        });
    }

    private sealed class Counting<TUser>(IPasswordHasher<TUser> inner, CountingHashersApp app) : IPasswordHasher<TUser>
        where TUser : class
    {
        public string HashPassword(TUser user, string password) => inner.HashPassword(user, password);

        public PasswordVerificationResult VerifyHashedPassword(TUser user, string hashedPassword, string providedPassword)
        {
            Interlocked.Increment(ref app._verifications);
            return inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }
}

/// <summary>
/// Sign-in does not tell an unknown e-mail, a wrong password and a locked account apart: same status, same body, and each
/// verifies a password hash (so each takes the hasher's time). Lockout still holds.
/// </summary>
public sealed class SignInProbingTests(CountingHashersApp app) : IClassFixture<CountingHashersApp>
{
    [Fact]
    public async Task Shopper_sign_in_answers_an_unknown_email_a_wrong_password_and_a_locked_account_alike()
    {
        var client = app.ClientFor("acme");
        Assert.Equal(HttpStatusCode.OK,
            (await client.PostAsJsonAsync("/api/v1/account/register", new { email = "probe-locked@example.com", password = "right-password-1" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK,
            (await client.PostAsJsonAsync("/api/v1/account/register", new { email = "probe-open@example.com", password = "right-password-1" })).StatusCode);
        for (var i = 0; i < 5; i++)
        {
            await app.ClientFor("acme").PostAsJsonAsync("/api/v1/account/login", new { email = "probe-locked@example.com", password = "wrong-password-" + i });
        }

        var unknown = await AnswerAsync("/api/v1/account/login", "nobody-here@example.com", "right-password-1");
        var wrong = await AnswerAsync("/api/v1/account/login", "probe-open@example.com", "wrong-password-x");
        var locked = await AnswerAsync("/api/v1/account/login", "probe-locked@example.com", "right-password-1");

        Assert.Equal((HttpStatusCode.Unauthorized, unknown.Body), (wrong.Status, wrong.Body));
        Assert.Equal((HttpStatusCode.Unauthorized, unknown.Body), (locked.Status, locked.Body));
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.Status);
        Assert.All([unknown, wrong, locked], a => Assert.True(a.HashesVerified >= 1, $"a sign-in verified {a.HashesVerified} hashes"));

        // Lockout still holds: the right password did not sign the locked account in.
        var again = app.ClientFor("acme");
        await again.PostAsJsonAsync("/api/v1/account/login", new { email = "probe-locked@example.com", password = "right-password-1" });
        Assert.Equal(HttpStatusCode.Unauthorized, (await again.GetAsync("/api/v1/account/me")).StatusCode);
    }

    [Fact]
    public async Task Staff_sign_in_answers_an_unknown_email_a_wrong_password_and_a_locked_account_alike()
    {
        await app.SendAsync("demo", new GrantStaffRole.Command { Email = "probe-staff@demo.local", Password = "staff-password-1", Role = StoreRole.Merchant });
        for (var i = 0; i < 5; i++)
        {
            await app.ClientFor("demo").PostAsJsonAsync("/api/v1/admin/login", new { email = "probe-staff@demo.local", password = "wrong-password-" + i });
        }

        var unknown = await AnswerAsync("/api/v1/admin/login", "nobody-here@demo.local", "staff-password-1", "demo");
        var wrong = await AnswerAsync("/api/v1/admin/login", "merchant@demo.local", "wrong-password-x", "demo");
        var locked = await AnswerAsync("/api/v1/admin/login", "probe-staff@demo.local", "staff-password-1", "demo");

        Assert.Equal(HttpStatusCode.Unauthorized, unknown.Status);
        Assert.Equal((unknown.Status, unknown.Body), (wrong.Status, wrong.Body));
        Assert.Equal((unknown.Status, unknown.Body), (locked.Status, locked.Body));
        Assert.All([unknown, wrong, locked], a => Assert.True(a.HashesVerified >= 1, $"a sign-in verified {a.HashesVerified} hashes"));
    }

    [Fact]
    public async Task The_sign_in_pages_show_the_same_message_for_an_unknown_email_and_a_locked_account()
    {
        var client = app.ClientFor("acme");
        Assert.Equal(HttpStatusCode.OK,
            (await client.PostAsJsonAsync("/api/v1/account/register", new { email = "page-locked@example.com", password = "right-password-1" })).StatusCode);
        await app.SendAsync("acme", new GrantStaffRole.Command { Email = "page-staff@acme.local", Password = "staff-password-1", Role = StoreRole.Operator });
        for (var i = 0; i < 5; i++)
        {
            await app.ClientFor("acme").PostAsJsonAsync("/api/v1/account/login", new { email = "page-locked@example.com", password = "wrong-password-" + i });
            await app.ClientFor("acme").PostAsJsonAsync("/api/v1/admin/login", new { email = "page-staff@acme.local", password = "wrong-password-" + i });
        }

        async Task<string> Shown(string page, string form, string email, string password)
        {
            var response = await app.ClientFor("acme")
                .SubmitAsync(page, form, new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = password });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return Forms.Parse(await response.Content.ReadAsStringAsync()).QuerySelector("[data-testid=login-error]")?.TextContent ?? "(none)";
        }

        var shopperUnknown = await Shown("/account/login", "form", "page-nobody@example.com", "right-password-1");
        Assert.NotEqual("(none)", shopperUnknown);
        Assert.Equal(shopperUnknown, await Shown("/account/login", "form", "page-locked@example.com", "right-password-1"));
        var staffUnknown = await Shown("/admin/login", "form", "page-nobody@acme.local", "staff-password-1");
        Assert.NotEqual("(none)", staffUnknown);
        Assert.Equal(staffUnknown, await Shown("/admin/login", "form", "page-staff@acme.local", "staff-password-1"));
    }

    private async Task<(HttpStatusCode Status, string Body, long HashesVerified)> AnswerAsync(string path, string email, string password, string store = "acme")
    {
        var before = app.Verifications;
        var response = await app.ClientFor(store).PostAsJsonAsync(path, new { email, password });
        var after = app.Verifications;
        // The body without its per-request trace id.
        var json = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(await response.Content.ReadAsStringAsync())!;
        json.Remove("traceId");
        var body = string.Join(";", json.OrderBy(p => p.Key).Select(p => $"{p.Key}={p.Value}"));
        return (response.StatusCode, body, after - before);
    }
}
