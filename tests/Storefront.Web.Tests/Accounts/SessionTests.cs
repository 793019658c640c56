using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Storefront.Domain.Tenancy;
using Storefront.Web.Features.Staff;
using Storefront.Web.Infrastructure.Identity;
using Storefront.Web.Tests.Infrastructure;

namespace Storefront.Web.Tests.Accounts;

/// <summary>Sessions end on the server: a copied cookie dies at logout, a password change ends the account's other sessions.</summary>
public sealed class SessionTests(StorefrontApp app) : IClassFixture<StorefrontApp>
{
    [Fact]
    public async Task A_copied_shopper_cookie_stops_working_at_logout_while_the_accounts_other_device_stays_signed_in()
    {
        var cookie = await SignInAsync("demo", "/api/v1/account/login", "shopper@demo.local");
        var phone = app.ClientFor("demo");
        await phone.SignInShopperAsync("shopper@demo.local");
        Assert.Equal(HttpStatusCode.OK, (await WithCookie("demo", cookie).GetAsync("/api/v1/account/me")).StatusCode);

        // The laptop signs out; someone kept a copy of its cookie.
        Assert.Equal(HttpStatusCode.OK, (await WithCookie("demo", cookie).PostAsync("/api/v1/account/logout", null)).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await WithCookie("demo", cookie).GetAsync("/api/v1/account/me")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await phone.GetAsync("/api/v1/account/me")).StatusCode);
    }

    [Fact]
    public async Task A_copied_staff_cookie_stops_working_at_logout()
    {
        var copied = await SignInAsync("demo", "/api/v1/admin/login", "merchant@demo.local");
        Assert.Equal(HttpStatusCode.OK, (await WithCookie("demo", copied).GetAsync("/api/v1/admin/me")).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await WithCookie("demo", copied).PostAsync("/api/v1/admin/logout", null)).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await WithCookie("demo", copied).GetAsync("/api/v1/admin/me")).StatusCode);
        var page = await WithCookie("demo", copied).GetAsync("/admin/products");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/admin/login", page.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task A_shopper_password_change_ends_the_other_sessions_at_once_and_keeps_the_one_that_changed_it()
    {
        const string email = "sessions@example.com";
        var register = await app.ClientFor("demo").PostAsJsonAsync("/api/v1/account/register", new { email, password = "first-password-1" });
        Assert.Equal(HttpStatusCode.OK, register.StatusCode);
        var here = app.ClientFor("demo");
        await here.SignInShopperAsync(email, "first-password-1");
        var elsewhere = app.ClientFor("demo");
        await elsewhere.SignInShopperAsync(email, "first-password-1");
        Assert.Equal(HttpStatusCode.OK, (await elsewhere.GetAsync("/api/v1/account/me")).StatusCode);

        var change = await here.PostAsJsonAsync("/api/v1/account/password",
            new { currentPassword = "first-password-1", newPassword = "second-password-2", confirmPassword = "second-password-2" });
        Assert.Equal(HttpStatusCode.OK, change.StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await elsewhere.GetAsync("/api/v1/account/me")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await here.GetAsync("/api/v1/account/me")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await here.GetAsync("/api/v1/account/me")).StatusCode);
    }

    [Fact]
    public async Task A_staff_password_change_ends_the_other_sessions_at_once_and_keeps_the_one_that_changed_it()
    {
        const string email = "session-staff@demo.local";
        await app.SendAsync("demo", new GrantStaffRole.Command { Email = email, Password = "staff-password-1", Role = StoreRole.Merchant });
        var here = app.ClientFor("demo");
        await here.SignInStaffAsync(email, "staff-password-1");
        var elsewhere = app.ClientFor("demo");
        await elsewhere.SignInStaffAsync(email, "staff-password-1");
        Assert.Equal(HttpStatusCode.OK, (await elsewhere.GetAsync("/api/v1/admin/catalog/products")).StatusCode);

        var change = await here.PostAsJsonAsync("/api/v1/admin/password",
            new { currentPassword = "staff-password-1", newPassword = "staff-password-2", confirmPassword = "staff-password-2" });
        Assert.Equal(HttpStatusCode.OK, change.StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await elsewhere.GetAsync("/api/v1/admin/catalog/products")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await here.GetAsync("/api/v1/admin/catalog/products")).StatusCode);
    }

    [Fact]
    public async Task A_logout_on_one_instance_ends_the_session_on_another_instance_that_kept_it_in_memory()
    {
        await using var other = new OtherInstance(app);
        var sessionsThere = other.Services.GetRequiredService<AccountSessions>();
        await sessionsThere.Listening.WaitAsync(TimeSpan.FromSeconds(60));
        var cookie = await SignInAsync("demo", "/api/v1/account/login", "shopper@demo.local");
        var there = other.CreateClient(new() { BaseAddress = new Uri("http://demo.localhost"), AllowAutoRedirect = false, HandleCookies = false });
        there.DefaultRequestHeaders.Add("Cookie", cookie);
        Assert.Equal(HttpStatusCode.OK, (await there.GetAsync("/api/v1/account/me")).StatusCode);   // now kept in that instance's memory

        var heard = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        sessionsThere.Heard += payload =>
        {
            if (payload.StartsWith("shopper:", StringComparison.Ordinal))
            {
                heard.TrySetResult();
            }
        };
        Assert.Equal(HttpStatusCode.OK, (await WithCookie("demo", cookie).PostAsync("/api/v1/account/logout", null)).StatusCode);
        await heard.Task.WaitAsync(TimeSpan.FromSeconds(60));   // the NOTIFY reached the other instance

        Assert.Equal(HttpStatusCode.Unauthorized, (await there.GetAsync("/api/v1/account/me")).StatusCode);
    }

    [Fact]
    public async Task Taking_a_role_away_ends_the_staff_members_sessions_at_once()
    {
        var granted = await app.SendAsync("demo",
            new GrantStaffRole.Command { Email = "revoked@demo.local", Password = "staff-password-1", Role = StoreRole.Merchant });
        await app.SendAsync("demo", new GrantStaffRole.Command { Email = "revoked@demo.local", Role = StoreRole.Operator });
        var staff = app.ClientFor("demo");
        await staff.SignInStaffAsync("revoked@demo.local", "staff-password-1");
        Assert.Equal(HttpStatusCode.OK, (await staff.GetAsync("/api/v1/admin/catalog/products")).StatusCode);
        var owner = app.ClientFor("demo");
        await owner.SignInStaffAsync("owner@demo.local");

        Assert.Equal(HttpStatusCode.OK, (await owner.DeleteAsync($"/api/v1/admin/staff/{granted.StaffId}/roles/Merchant")).StatusCode);

        // The cookie that still says "Merchant" is refused at once; signed in again, the member has only what is left.
        Assert.Equal(HttpStatusCode.Unauthorized, (await staff.GetAsync("/api/v1/admin/catalog/products")).StatusCode);
        await staff.SignInStaffAsync("revoked@demo.local", "staff-password-1");
        Assert.Equal(HttpStatusCode.Forbidden, (await staff.GetAsync("/api/v1/admin/catalog/products")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync("/api/v1/admin/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await owner.DeleteAsync($"/api/v1/admin/staff/{await OwnIdAsync(owner)}/roles/Owner")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.DeleteAsync($"/api/v1/admin/staff/{granted.StaffId}/roles/Merchant")).StatusCode);
    }

    private static async Task<string> OwnIdAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/v1/admin/me")).GetProperty("userId").ToString();

    /// <summary>A second app instance over the same database (another node behind the load balancer).</summary>
    private sealed class OtherInstance(StorefrontApp first) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Testing");
            builder.UseSetting("ConnectionStrings:Storefront", first.Database.AppConnectionString);
            builder.UseSetting("ConnectionStrings:StorefrontAdmin", first.Database.AdminConnectionString);
            builder.UseSetting("Storefront:MigrateOnStartup", "false");
            builder.UseSetting("Storefront:SeedDemoData", "false");
            builder.UseSetting("Storefront:MediaPath", first.MediaPath);
            builder.UseSetting("Storefront:Mail:PickupDirectory", first.MailPath);
            builder.UseSetting("Storefront:RateLimits:Enabled", "false");
            builder.ConfigureServices(services => services.Replace(ServiceDescriptor.Singleton<TimeProvider>(first.Clock)));
        }
    }

    /// <summary>Signs in through the API and returns the session cookie as a Cookie header (what a thief would copy).</summary>
    private async Task<string> SignInAsync(string store, string path, string email, string password = "storefront-demo")
    {
        var raw = app.CreateClient(new() { BaseAddress = new Uri($"http://{store}.localhost"), AllowAutoRedirect = false, HandleCookies = false });
        var response = await raw.PostAsJsonAsync(path, new { email, password });
        response.EnsureSuccessStatusCode();
        return string.Join("; ", response.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));
    }

    private HttpClient WithCookie(string store, string cookie)
    {
        var client = app.CreateClient(new() { BaseAddress = new Uri($"http://{store}.localhost"), AllowAutoRedirect = false, HandleCookies = false });
        client.DefaultRequestHeaders.Add("Cookie", cookie);
        client.DefaultRequestHeaders.Add("X-Requested-With", "XMLHttpRequest");   // body-less API posts (logout) pass the cross-site rule
        return client;
    }
}
