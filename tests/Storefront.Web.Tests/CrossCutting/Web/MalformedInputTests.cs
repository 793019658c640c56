using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using FluentValidation;
using Npgsql;
using Storefront.Web.Features.Catalog.Admin;
using Storefront.Web.Tests.Infrastructure;

namespace Storefront.Web.Tests.CrossCutting.Web;

/// <summary>
/// The edge rule (InputRules, run by the validation behaviour for API, pages and jobs alike): control characters,
/// nulls in required fields and over-long strings are field errors naming the field, never a 500.
/// </summary>
public sealed class MalformedInputTests(StorefrontApp app) : IClassFixture<StorefrontApp>
{
    [Fact]
    public async Task A_NUL_in_the_login_email_is_a_400_naming_the_email()
    {
        var response = await app.ClientFor("demo").PostAsync("/api/v1/account/login",
            new StringContent("""{"email":"a\u0000b@x.local","password":"Demo1234"}""", Encoding.UTF8, "application/json"));

        var errors = await FieldErrorsAsync(response);
        Assert.Contains("控制字符", Assert.Single(errors["email"]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_NUL_in_a_catalog_query_parameter_is_a_400_naming_it()
    {
        var response = await app.ClientFor("demo").GetAsync("/api/v1/catalog/products?category=a%00");

        var errors = await FieldErrorsAsync(response);
        Assert.True(errors.ContainsKey("category"), string.Join(", ", errors.Keys));
    }

    [Fact]
    public async Task A_null_description_is_a_field_error_not_a_500()
    {
        var client = app.ClientFor("demo");
        await client.SignInStaffAsync("owner@demo.local");

        var response = await client.PostAsync("/api/v1/admin/catalog/products",
            new StringContent("""{"name":"空描述","price":9.9,"description":null}""", Encoding.UTF8, "application/json"));

        var errors = await FieldErrorsAsync(response);
        Assert.Equal(["description"], [.. errors.Keys]);
    }

    [Fact]
    public async Task Pages_and_jobs_sending_a_request_with_a_null_get_the_same_field_error()
    {
        var failure = await Assert.ThrowsAsync<ValidationException>(() =>
            app.SendAsync("demo", new CreateProduct.Command { Name = "空描述", Price = 9.9m, Description = null! }));

        Assert.Equal(nameof(CreateProduct.Command.Description), Assert.Single(failure.Errors).PropertyName);
    }

    [Fact]
    public async Task An_over_long_subtitle_is_refused_with_its_column_length_and_nothing_is_saved()
    {
        var client = app.ClientFor("demo");
        await client.SignInStaffAsync("owner@demo.local");

        var response = await client.PostAsJsonAsync("/api/v1/admin/catalog/products",
            new { name = "长副标题", price = 9.9m, subtitle = new string('长', 10_000), brand = new string('b', 61) });

        var errors = await FieldErrorsAsync(response);
        Assert.Contains("200", Assert.Single(errors["subtitle"]), StringComparison.Ordinal);
        Assert.Contains("60", Assert.Single(errors["brand"]), StringComparison.Ordinal);
        var listed = await client.GetFromJsonAsync<JsonElement>("/api/v1/admin/catalog/products?q=长副标题");
        Assert.Equal(0, listed.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task A_description_keeps_its_newlines_and_tabs_but_not_other_control_characters()
    {
        var client = app.ClientFor("demo");
        await client.SignInStaffAsync("owner@demo.local");

        var created = await client.PostAsJsonAsync("/api/v1/admin/catalog/products",
            new { name = "多行描述", price = 9.9m, description = "第一行\r\n第二行\t有制表符" });
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("productId").GetGuid();
        var saved = await client.GetFromJsonAsync<JsonElement>($"/api/v1/admin/catalog/products/{id}");
        Assert.Equal("第一行\r\n第二行\t有制表符", saved.GetProperty("description").GetString());

        var c1 = await client.PostAsJsonAsync("/api/v1/admin/catalog/products", new { name = "C1 控制符", price = 9.9m, description = "next\u0085line" });
        Assert.True((await FieldErrorsAsync(c1)).ContainsKey("description"));
        var tabInName = await client.PostAsJsonAsync("/api/v1/admin/catalog/products", new { name = "单行\t名称", price = 9.9m });
        Assert.True((await FieldErrorsAsync(tabInName)).ContainsKey("name"));
    }

    [Fact]
    public async Task The_registration_form_shows_a_control_character_as_an_error_beside_its_field()
    {
        var client = app.ClientFor("demo");
        var response = await client.SubmitAsync("/account/register", "form", new Dictionary<string, string>
        {
            ["Input.Email"] = "c1@example.com",
            ["Input.DisplayName"] = "小\u0085红",
            ["Input.Password"] = "Hong12345",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = Forms.Parse(await response.Content.ReadAsStringAsync());
        var messages = page.QuerySelector("[data-testid=display-name]")!.ParentElement!.QuerySelectorAll(".validation-message").Select(e => e.TextContent);
        Assert.Contains(messages, m => m.Contains("控制字符", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_NUL_in_a_registration_form_field_is_no_500()
    {
        // ASP.NET Core's form handling answers a bare 400 for \0 and \x01 before the page runs; what matters: no 500.
        var response = await app.ClientFor("demo").SubmitAsync("/account/register", "form", new Dictionary<string, string>
        {
            ["Input.Email"] = "nul@example.com",
            ["Input.DisplayName"] = "小\0红",
            ["Input.Password"] = "Hong12345",
        });

        Assert.True((int)response.StatusCode < 500, $"got {(int)response.StatusCode}");
    }

    [Theory]
    [InlineData("/%09/x")]
    [InlineData("/%0D%0Ax")]
    [InlineData("/\\\\evil.example")]
    public async Task A_control_character_in_the_culture_switch_return_address_goes_home(string returnUrl)
    {
        var response = await app.ClientFor("demo").GetAsync($"/culture?c=en&returnUrl={returnUrl}");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task A_newline_in_a_coupon_claim_return_address_goes_back_home_instead_of_failing()
    {
        var client = app.ClientFor("demo");
        await client.SignInShopperAsync("shopper@demo.local");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/coupons/{Guid.NewGuid()}/claim")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["returnUrl"] = "/p/x\r\nSet-Cookie: a=b" }),
        };
        request.Headers.Add("Origin", "http://demo.localhost");

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/?coupon=", response.Headers.Location?.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_search_page_with_a_NUL_in_the_keyword_answers_without_a_500()
    {
        var response = await app.ClientFor("demo").GetAsync("/search?q=a%00b");

        var body = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode < 500, $"{(int)response.StatusCode}: {body[..Math.Min(body.Length, 500)]}");
        Assert.DoesNotContain("Npgsql", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Text_bigrams_gives_the_pairs_the_first_definition_gave()
    {
        // Migration 0023 made text_bigrams() linear; it must give exactly what 0007's quadratic one gave.
        await using var conn = new NpgsqlConnection(app.Database.AdminConnectionString);
        await conn.OpenAsync();
        await using (var old = new NpgsqlCommand("""
            create function pg_temp.old_bigrams(t text) returns text[] language sql immutable strict
            as $$ select coalesce(array_agg(distinct substr(t, i, 2)), '{}') from generate_series(1, length(t) - 1) as i $$
            """, conn))
        {
            await old.ExecuteNonQueryAsync();
        }

        var samples = new[] { "", "a", "ab", "aaa", "湿巾湿巾 wet wipes", "耳机 earphones 耳机",
            string.Concat(Enumerable.Range(0, 2_000).Select(i => (char)('一' + (i * 7919 % 300)))) };
        foreach (var sample in samples)
        {
            await using var cmd = new NpgsqlCommand("select text_bigrams($1) = pg_temp.old_bigrams($1), cardinality(text_bigrams($1))", conn);
            cmd.Parameters.AddWithValue(sample);
            await using var reader = await cmd.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync());
            Assert.True(reader.GetBoolean(0), $"text_bigrams differs for a sample of {sample.Length} characters");
        }
    }

    private static async Task<Dictionary<string, string[]>> FieldErrorsAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"expected 400, got {(int)response.StatusCode}: {body[..Math.Min(body.Length, 800)]}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonSerializer.Deserialize<JsonElement>(body).GetProperty("errors").EnumerateObject()
            .ToDictionary(p => p.Name, p => p.Value.EnumerateArray().Select(e => e.GetString()!).ToArray());
    }
}
