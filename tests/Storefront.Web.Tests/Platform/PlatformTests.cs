using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Storefront.Web.Tests.Infrastructure;

namespace Storefront.Web.Tests.Platform;

public sealed class PlatformTests(StorefrontApp app) : IClassFixture<StorefrontApp>
{
    [Fact]
    public async Task A_platform_admin_opens_a_store_appoints_its_owner_and_suspends_it()
    {
        var platform = app.ClientFor("");
        await platform.PostAsJsonAsync("/api/v1/platform/login", new { email = "admin@storefront.local", password = "storefront-demo" });

        var created = await platform.PostAsJsonAsync("/api/v1/platform/stores",
            new { slug = "tea-house", name = "茶馆", defaultLanguage = "zh-CN", currency = "CNY" });
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.ClientFor("tea-house").GetAsync("/")).StatusCode);

        var owner = await platform.PostAsJsonAsync("/api/v1/platform/stores/tea-house/owners",
            new { email = "boss@tea.local", displayName = "老板", password = "TeaBoss123-long" });
        Assert.Equal(HttpStatusCode.OK, owner.StatusCode);
        var staff = app.ClientFor("tea-house");
        await staff.SignInStaffAsync("boss@tea.local", "TeaBoss123-long");
        var me = await staff.GetFromJsonAsync<JsonElement>("/api/v1/admin/me");
        Assert.Equal("Owner", me.GetProperty("roles")[0].GetString());

        var suspended = await platform.PostAsJsonAsync("/api/v1/platform/stores/tea-house/suspend", new { reason = "unpaid fees" });
        Assert.Equal(HttpStatusCode.OK, suspended.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.ClientFor("tea-house").GetAsync("/")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await staff.GetAsync("/api/v1/admin/me")).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await platform.PostAsync("/api/v1/platform/stores/tea-house/reactivate", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.ClientFor("tea-house").GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task A_taken_or_malformed_slug_is_refused_with_field_errors()
    {
        var platform = app.ClientFor("");
        await platform.PostAsJsonAsync("/api/v1/platform/login", new { email = "admin@storefront.local", password = "storefront-demo" });
        var taken = await platform.PostAsJsonAsync("/api/v1/platform/stores",
            new { slug = "demo", name = "Again", defaultLanguage = "zh-CN", currency = "CNY" });
        var bad = await platform.PostAsJsonAsync("/api/v1/platform/stores", new { slug = "Bad Slug!", name = "", defaultLanguage = "fr", currency = "CNY" });
        Assert.Equal(HttpStatusCode.BadRequest, taken.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("slug", out _) && errors.TryGetProperty("name", out _) && errors.TryGetProperty("defaultLanguage", out _));
    }

    [Fact]
    public async Task Store_staff_are_not_platform_admins()
    {
        var client = app.ClientFor("");
        var login = await client.PostAsJsonAsync("/api/v1/platform/login", new { email = "owner@demo.local", password = "storefront-demo" });
        Assert.Equal(HttpStatusCode.Unauthorized, login.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/platform/stores")).StatusCode);
        var page = await client.GetAsync("/platform");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/platform/login", page.Headers.Location!.PathAndQuery);
    }
}
