using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Storefront.Web.Tests.Infrastructure;

namespace Storefront.Web.Tests.CrossCutting.Security;

/// <summary>Issue 15 item 11: the headers every answer carries (a page, the API, a static file, an uploaded image, an error), HSTS over HTTPS.</summary>
public sealed class SecurityHeadersTests(StorefrontApp app) : IClassFixture<StorefrontApp>
{
    [Theory]
    [InlineData("/")]
    [InlineData("/search?q=cup")]
    [InlineData("/admin/login")]
    [InlineData("/api/v1/catalog/categories")]
    [InlineData("/app.css")]
    [InlineData("/no-such-page")]
    public async Task Every_answer_carries_the_policy_nosniff_and_a_referrer_policy(string path)
    {
        var response = await app.ClientFor("demo").GetAsync(path);
        Assert.True((int)response.StatusCode < 500, $"{(int)response.StatusCode}");
        AssertCommonHeaders(response);
        var policy = Header(response, "Content-Security-Policy");
        Assert.Contains("script-src 'self'", policy);
        Assert.Contains("frame-ancestors 'none'", policy);
        Assert.Contains("object-src 'none'", policy);
        Assert.DoesNotContain("unsafe-eval", policy);
        Assert.DoesNotContain("script-src 'self' 'unsafe-inline'", policy);
        Assert.Single(response.Headers.GetValues("Content-Security-Policy"));   // one policy (Blazor's own frame-ancestors is off)
    }

    [Fact]
    public async Task A_gif_html_polyglot_upload_is_served_as_an_image_that_runs_nothing()
    {
        var merchant = app.ClientFor("demo");
        await merchant.SignInStaffAsync("merchant@demo.local");
        var polyglot = System.Text.Encoding.ASCII.GetBytes(
            "GIF89a\x01\x00\x01\x00\x00\x00\x00;<html><body><script>alert(document.cookie)</script></body></html>");
        var file = new ByteArrayContent(polyglot);
        file.Headers.ContentType = new MediaTypeHeaderValue("text/html");
        var upload = await merchant.PostAsync("/api/v1/admin/media", new MultipartFormDataContent { { file, "file", "evil.html" } });
        Assert.True(upload.StatusCode == HttpStatusCode.OK, await upload.Content.ReadAsStringAsync());
        var url = (await upload.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("url").GetString();
        Assert.EndsWith(".gif", url);

        var served = await app.ClientFor("demo").GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal("image/gif", served.Content.Headers.ContentType?.MediaType);
        AssertCommonHeaders(served);
        var policy = Header(served, "Content-Security-Policy");
        Assert.Contains("default-src 'none'", policy);
        Assert.Contains("sandbox", policy);
        Assert.Equal("inline", served.Content.Headers.ContentDisposition?.DispositionType);
    }

    [Fact]
    public async Task Hsts_is_sent_over_https_only()
    {
        var https = app.CreateClient(new() { BaseAddress = new Uri("https://demo.localhost"), AllowAutoRedirect = false });
        var secure = await https.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, secure.StatusCode);
        Assert.Contains("max-age=31536000", Header(secure, "Strict-Transport-Security"));

        var plain = await app.ClientFor("demo").GetAsync("/");
        Assert.False(plain.Headers.Contains("Strict-Transport-Security"));
    }

    private static void AssertCommonHeaders(HttpResponseMessage response)
    {
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("strict-origin-when-cross-origin", Header(response, "Referrer-Policy"));
        Assert.False(response.Headers.Contains("Server"));
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(", ", values)
            : throw new Xunit.Sdk.XunitException($"no {name} header on {response.RequestMessage?.RequestUri}");
}
