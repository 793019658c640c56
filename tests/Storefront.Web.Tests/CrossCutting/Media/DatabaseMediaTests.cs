using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Npgsql;
using Storefront.Web.Tests.Infrastructure;
using static Storefront.Web.Tests.CrossCutting.Media.MediaTests;

namespace Storefront.Web.Tests.CrossCutting.Media;

/// <summary>The app with its images in PostgreSQL (Storefront:Media:Store=Database), as the cluster's nodes keep them.</summary>
public sealed class DatabaseMediaApp : StorefrontApp
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Storefront:Media:Store", "Database");
    }
}

public sealed class DatabaseMediaTests(DatabaseMediaApp app) : IClassFixture<DatabaseMediaApp>
{
    [Fact]
    public async Task An_image_uploaded_to_the_database_store_is_served_from_its_row_with_immutable_cache_headers()
    {
        var merchant = app.ClientFor("demo");
        await merchant.SignInStaffAsync("merchant@demo.local");
        var bytes = Png(3000);

        var response = await merchant.PostAsync("/api/v1/admin/media", Form(bytes, "photo.png", "image/png"));
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var name = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("name").GetString()!;
        var hash = Convert.ToHexStringLower(SHA256.HashData(bytes));
        Assert.Equal(hash + ".png", name);
        Assert.False(Directory.Exists(app.MediaPath) && Directory.EnumerateFiles(app.MediaPath).Any(), "the database store wrote to the folder");
        var row = await RowAsync(name);
        Assert.Equal(("image/png", hash, bytes.Length, await app.StoreIdAsync("demo")), row);

        var served = await app.ClientFor("demo").GetAsync("/media/" + name);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal("image/png", served.Content.Headers.ContentType?.MediaType);
        Assert.Equal(bytes, await served.Content.ReadAsByteArrayAsync());
        var cache = served.Headers.CacheControl!;
        Assert.True(cache.Public);
        Assert.Equal(TimeSpan.FromDays(365), cache.MaxAge);
        Assert.Contains(cache.Extensions, e => e.Name == "immutable");
        var tag = served.Headers.ETag!;
        Assert.Equal($"\"{name[..16]}\"", tag.Tag);

        // A browser that has it asks again with its tag: 304, no bytes.
        var again = new HttpRequestMessage(HttpMethod.Get, "/media/" + name);
        again.Headers.IfNoneMatch.Add(new EntityTagHeaderValue(tag.Tag));
        var notModified = await app.ClientFor("demo").SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);

        // The same bytes again: the same name, still one row.
        var twice = await merchant.PostAsync("/api/v1/admin/media", Form(bytes, "copy.png", "image/png"));
        Assert.Equal(name, (await twice.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("name").GetString());
        Assert.Equal(1L, await CountAsync($"select count(*) from media_files where name = '{name}'"));
    }

    [Fact]
    public async Task Another_stores_image_is_not_found()
    {
        var merchant = app.ClientFor("demo");
        await merchant.SignInStaffAsync("merchant@demo.local");
        var response = await merchant.PostAsync("/api/v1/admin/media", Form(Png(2000), "only-demo.png", "image/png"));
        var name = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("name").GetString()!;

        Assert.Equal(HttpStatusCode.OK, (await app.ClientFor("demo").GetAsync("/media/" + name)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.ClientFor("acme").GetAsync("/media/" + name)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.ClientFor("demo").GetAsync("/media/" + new string('0', 64) + ".png")).StatusCode);
    }

    [Fact]
    public async Task The_pictures_seeded_for_the_demo_store_are_its_own_rows_and_served_on_its_host()
    {
        var demo = await app.StoreIdAsync("demo");
        Assert.True(await CountAsync($"select count(*) from media_files where tenant_id = '{demo}'") > 0, "the demo seeding stored no image");
        await using var conn = new NpgsqlConnection(app.Database.AdminConnectionString);
        await conn.OpenAsync();
        var acme = await app.StoreIdAsync("acme");
        await using var cmd = new NpgsqlCommand($"select name from media_files where tenant_id = '{demo}' and name not in "
            + $"(select name from media_files where tenant_id = '{acme}') order by name limit 1", conn);
        var name = (string)(await cmd.ExecuteScalarAsync())!;

        Assert.Equal(HttpStatusCode.OK, (await app.ClientFor("demo").GetAsync("/media/" + name)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.ClientFor("acme").GetAsync("/media/" + name)).StatusCode);
    }

    private async Task<(string Type, string Hash, int Length, Guid Store)> RowAsync(string name)
    {
        await using var conn = new NpgsqlConnection(app.Database.AdminConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("select content_type, sha256, length, tenant_id from media_files where name = @name", conn);
        cmd.Parameters.AddWithValue("name", name);
        await using var reader = await cmd.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), $"no row for {name}");
        return (reader.GetString(0), reader.GetString(1), reader.GetInt32(2), reader.GetGuid(3));
    }

    private async Task<long> CountAsync(string sql)
    {
        await using var conn = new NpgsqlConnection(app.Database.AdminConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }
}
