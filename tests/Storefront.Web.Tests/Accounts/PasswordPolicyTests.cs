using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Storefront.Web.Tests.Infrastructure;

namespace Storefront.Web.Tests.Accounts;

/// <summary>Passwords of shoppers and staff: at least 10 characters (blanks at the ends do not count), none of the common ones.</summary>
public sealed class PasswordPolicyTests(StorefrontApp app) : IClassFixture<StorefrontApp>
{
    [Theory]
    [InlineData("12345678")]
    [InlineData("1111111a")]
    [InlineData("          ")]
    [InlineData("   abc123   ")]
    [InlineData("1234567890")]
    [InlineData("Password123")]
    [InlineData("qwertyuiop")]
    public async Task Registering_with_a_short_blank_padded_or_common_password_is_refused_beside_the_password(string password)
    {
        var email = $"weak-{Guid.NewGuid():N}@example.com";
        var response = await app.ClientFor("demo").PostAsJsonAsync("/api/v1/account/register", new { email, password, displayName = "弱" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("password", out var messages), errors.ToString());
        Assert.NotEmpty(messages.EnumerateArray());
        // no account was made
        Assert.NotEqual(HttpStatusCode.OK, (await app.ClientFor("demo").PostAsJsonAsync("/api/v1/account/login", new { email, password })).StatusCode);
    }

    [Fact]
    public async Task A_common_password_is_named_as_such_in_the_users_language_and_a_long_uncommon_one_is_accepted()
    {
        var zh = await app.ClientFor("demo").PostAsJsonAsync("/api/v1/account/register", new { email = "common-zh@example.com", password = "1q2w3e4r5t" });
        Assert.Contains("常见", await zh.Content.ReadAsStringAsync());
        using var en = new HttpRequestMessage(HttpMethod.Post, "/api/v1/account/register")
        {
            Content = JsonContent.Create(new { email = "common-en@example.com", password = "1q2w3e4r5t" })
        };
        en.Headers.Add("Cookie", ".AspNetCore.Culture=c%3Den%7Cuic%3Den");
        var raw = app.CreateClient(new() { BaseAddress = new Uri("http://demo.localhost"), AllowAutoRedirect = false, HandleCookies = false });
        Assert.Contains("too common", await (await raw.SendAsync(en)).Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK,
            (await app.ClientFor("demo").PostAsJsonAsync("/api/v1/account/register", new { email = "strong@example.com", password = "violet-kettle-29" }))
            .StatusCode);
    }

    [Fact]
    public async Task A_password_change_to_a_common_password_is_refused_and_the_old_one_still_works()
    {
        var client = app.ClientFor("acme");
        Assert.Equal(HttpStatusCode.OK,
            (await client.PostAsJsonAsync("/api/v1/account/register", new { email = "changer@example.com", password = "violet-kettle-29" })).StatusCode);

        var change = await client.PostAsJsonAsync("/api/v1/account/password",
            new { currentPassword = "violet-kettle-29", newPassword = "password123", confirmPassword = "password123" });

        Assert.Equal(HttpStatusCode.BadRequest, change.StatusCode);
        Assert.Contains("newPassword", await change.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK,
            (await app.ClientFor("acme").PostAsJsonAsync("/api/v1/account/login", new { email = "changer@example.com", password = "violet-kettle-29" }))
            .StatusCode);
    }
}
