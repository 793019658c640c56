using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Storefront.Web.Tests.Infrastructure;

namespace Storefront.Web.Tests;

public sealed class ApiTests(StorefrontApp app) : IClassFixture<StorefrontApp>
{
    [Theory]
    [InlineData("{\"name\": ")]
    [InlineData("not json at all")]
    [InlineData("{\"name\": \"x\", \"price\": \"cheap\"}")]
    public async Task A_malformed_body_gets_a_problem_400_not_a_500(string body)
    {
        var client = app.ClientFor("demo");
        await client.SignInStaffAsync("merchant@demo.local");
        var response = await client.PostAsync("/api/v1/admin/catalog/products", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Invalid_fields_get_a_problem_400_naming_each_field_and_nothing_is_created()
    {
        var client = app.ClientFor("demo");
        await client.SignInStaffAsync("merchant@demo.local");
        var before = await client.GetFromJsonAsync<JsonElement>("/api/v1/admin/catalog/products");

        var response = await client.PostAsJsonAsync("/api/v1/admin/catalog/products", new { name = "", price = -5m, description = "x" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("name", out _));
        Assert.True(problem.GetProperty("errors").TryGetProperty("price", out _));

        var cents = await client.PostAsJsonAsync("/api/v1/admin/catalog/products", new { name = "x", price = 1.005m });
        Assert.Equal(HttpStatusCode.BadRequest, cents.StatusCode);

        var after = await client.GetFromJsonAsync<JsonElement>("/api/v1/admin/catalog/products");
        Assert.Equal(before.GetProperty("total").GetInt32(), after.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task A_product_created_through_the_api_is_listed_on_its_store_and_audited()
    {
        var client = app.ClientFor("acme");
        await client.SignInStaffAsync("merchant@acme.local");
        var response = await client.PostAsJsonAsync("/api/v1/admin/catalog/products", new { name = "Portable Hole", price = 19.99m, description = "Fits anywhere" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var listed = await app.ClientFor("acme").GetFromJsonAsync<JsonElement>("/api/v1/catalog/products");
        Assert.Contains(listed.GetProperty("items").EnumerateArray(), p => p.GetProperty("name").GetString() == "Portable Hole" && p.GetProperty("minPrice").GetDecimal() == 19.99m);
        var demo = await app.ClientFor("demo").GetFromJsonAsync<JsonElement>("/api/v1/catalog/products");
        Assert.DoesNotContain(demo.GetProperty("items").EnumerateArray(), p => p.GetProperty("name").GetString() == "Portable Hole");

        await using var conn = new Npgsql.NpgsqlConnection(app.Database.AdminConnectionString);
        await conn.OpenAsync();
        await using (var set = new Npgsql.NpgsqlCommand($"select set_config('app.tenant_id', '{await app.StoreIdAsync("acme")}', false)", conn))
        {
            await set.ExecuteNonQueryAsync();
        }

        await using var cmd = new Npgsql.NpgsqlCommand("select count(*) from audit_log where action = 'product.created' and details like '%Portable Hole%'", conn);
        Assert.Equal(1L, await cmd.ExecuteScalarAsync());
    }

    [Fact]
    public async Task The_openapi_document_describes_the_api()
    {
        var doc = await app.ClientFor("").GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var paths = doc.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/v1/admin/catalog/products", out _));
        Assert.True(paths.TryGetProperty("/api/v1/account/register", out _));
    }

    [Fact]
    public async Task Health_endpoints_report_live_and_ready()
    {
        var client = app.ClientFor("");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        var ready = await client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync());
    }
}
