using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Storefront.Web.Infrastructure.Media;
using Storefront.Web.Tests.Infrastructure;
using static Storefront.Web.Tests.Infrastructure.ApiAssert;

namespace Storefront.Web.Tests.CrossCutting.Media;

public sealed class MediaTests(StorefrontApp app) : IClassFixture<StorefrontApp>
{
    private const string Upload = "/api/v1/admin/media";

    [Fact]
    public async Task An_uploaded_image_is_stored_under_its_content_hash_and_served_with_immutable_cache_headers()
    {
        var client = await MerchantAsync();
        var bytes = Png(4000);

        var response = await client.PostAsync(Upload, Form(bytes, "photo.PNG", "application/octet-stream"));
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var result = await response.Content.ReadFromJsonAsync<JsonElement>();
        var name = result.GetProperty("name").GetString()!;
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)) + ".png", name);
        Assert.Equal("/media/" + name, result.GetProperty("url").GetString());
        Assert.Equal(bytes, await File.ReadAllBytesAsync(Path.Combine(app.MediaPath, name)));

        var served = await app.ClientFor("demo").GetAsync("/media/" + name);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal("image/png", served.Content.Headers.ContentType?.MediaType);
        var cache = served.Headers.CacheControl!;
        Assert.True(cache.Public);
        Assert.Equal(TimeSpan.FromDays(365), cache.MaxAge);
        Assert.Contains(cache.Extensions, e => e.Name == "immutable");
        Assert.Equal(bytes, await served.Content.ReadAsByteArrayAsync());

        // The same bytes again: the same name, one file.
        var again = await (await client.PostAsync(Upload, Form(bytes, "copy.png", "image/png"))).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(name, again.GetProperty("name").GetString());
        Assert.Single(Directory.GetFiles(app.MediaPath, name[..16] + "*"));
    }

    [Fact]
    public async Task A_20_mb_upload_is_refused_with_a_clear_400_and_nothing_is_stored()
    {
        var client = await MerchantAsync();
        var before = Stored();

        var response = await client.PostAsync(Upload, Form(Png(20 * 1024 * 1024), "huge.png", "image/png"));
        var message = await ProblemMessageAsync(response);
        Assert.Contains("5 MB", message);
        Assert.Contains("20.0 MB", message);
        Assert.Equal(before, Stored());
    }

    [Fact]
    public async Task A_file_just_over_the_limit_is_refused_too()
    {
        var client = await MerchantAsync();
        var before = Stored();
        var response = await client.PostAsync(Upload, Form(Png((int)ImageStore.MaxBytes + 1), "edge.png", "image/png"));
        Assert.Contains("5 MB", await ProblemMessageAsync(response));
        Assert.Equal(before, Stored());
    }

    [Theory]
    [InlineData("<script>alert(1)</script>", "evil.png")]
    [InlineData("%PDF-1.7 not an image", "doc.jpg")]
    public async Task Something_that_is_not_an_image_is_refused_whatever_its_name_says(string content, string fileName)
    {
        var client = await MerchantAsync();
        var before = Stored();
        var response = await client.PostAsync(Upload, Form(System.Text.Encoding.UTF8.GetBytes(content), fileName, "image/png"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("JPEG", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());
        Assert.Equal(before, Stored());
    }

    [Fact]
    public async Task An_upload_without_a_file_is_a_clear_400()
    {
        var client = await MerchantAsync();
        var json = await client.PostAsJsonAsync(Upload, new { file = "x" });
        var empty = await client.PostAsync(Upload, new MultipartFormDataContent { { new StringContent("x"), "note" } });
        foreach (var response in new[] { json, empty })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains("multipart/form-data", await response.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task Only_owners_and_merchants_upload()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.ClientFor("demo").PostAsync(Upload, Form(Png(100), "a.png", "image/png"))).StatusCode);
        var op = app.ClientFor("demo");
        await op.SignInStaffAsync("operator@demo.local");
        Assert.Equal(HttpStatusCode.Forbidden, (await op.PostAsync(Upload, Form(Png(100), "a.png", "image/png"))).StatusCode);
    }

    [Theory]
    [InlineData("nothing.png")]
    [InlineData("..%2F..%2Fetc%2Fpasswd")]
    [InlineData("0000000000000000000000000000000000000000000000000000000000000000.png")]
    public async Task Only_stored_images_are_served(string name)
    {
        var response = await app.ClientFor("demo").GetAsync("/media/" + name);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xE0, 0, 0 }, ".jpg")]
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0 }, ".png")]
    [InlineData(new byte[] { (byte)'G', (byte)'I', (byte)'F', (byte)'8', (byte)'9', (byte)'a', 1 }, ".gif")]
    [InlineData(new byte[] { (byte)'R', (byte)'I', (byte)'F', (byte)'F', 1, 2, 3, 4, (byte)'W', (byte)'E', (byte)'B', (byte)'P', 0 }, ".webp")]
    [InlineData(new byte[] { (byte)'R', (byte)'I', (byte)'F', (byte)'F', 1, 2, 3, 4, (byte)'W', (byte)'A', (byte)'V', (byte)'E', 0 }, null)]
    [InlineData(new byte[] { 0x42, 0x4D, 0, 0 }, null)]
    public void Image_types_are_known_by_their_first_bytes(byte[] head, string? extension) =>
        Assert.Equal(extension, ImageStore.Sniff(head));

    private async Task<HttpClient> MerchantAsync()
    {
        var client = app.ClientFor("demo");
        await client.SignInStaffAsync("merchant@demo.local");
        return client;
    }

    private int Stored() => Directory.Exists(app.MediaPath) ? Directory.GetFiles(app.MediaPath).Length : 0;

    private static async Task<string> ProblemMessageAsync(HttpResponseMessage response) =>
        string.Join(" ", Errors(await ProblemAsync(response), "file"));

    /// <summary>A PNG signature followed by random bytes: as far as the store can tell, a PNG of that size.</summary>
    internal static byte[] Png(int size)
    {
        var bytes = new byte[size];
        Random.Shared.NextBytes(bytes);
        new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }.CopyTo(bytes, 0);
        return bytes;
    }

    internal static MultipartFormDataContent Form(byte[] bytes, string fileName, string contentType)
    {
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        return new MultipartFormDataContent { { file, "file", fileName } };
    }
}
