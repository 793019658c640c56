using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Storefront.Web.Tests.Infrastructure;

namespace Storefront.Web.Tests.CrossCutting.Web;

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
        var response = await client.PostAsJsonAsync("/api/v1/admin/catalog/products",
            new { name = "Portable Hole", price = 19.99m, description = "Fits anywhere" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var listed = await app.ClientFor("acme").GetFromJsonAsync<JsonElement>("/api/v1/catalog/products");
        Assert.Contains(listed.GetProperty("items").EnumerateArray(), p => p.GetProperty("name").GetString() == "Portable Hole"
            && p.GetProperty("minPrice").GetDecimal() == 19.99m);
        var demo = await app.ClientFor("demo").GetFromJsonAsync<JsonElement>("/api/v1/catalog/products");
        Assert.DoesNotContain(demo.GetProperty("items").EnumerateArray(), p => p.GetProperty("name").GetString() == "Portable Hole");

        await using var conn = new Npgsql.NpgsqlConnection(app.Database.AdminConnectionString);
        await conn.OpenAsync();
        await using (var set = new Npgsql.NpgsqlCommand($"select set_config('app.tenant_id', '{await app.StoreIdAsync("acme")}', false)", conn))
        {
            await set.ExecuteNonQueryAsync();
        }

        await using var cmd = new Npgsql.NpgsqlCommand("select count(*) from audit_log where action = 'product.created' and details like '%Portable Hole%'",
            conn);
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

    /// <summary>
    /// Every operation with a JSON request body, as ApiExplorer describes it (the same descriptions the OpenAPI document is
    /// built from), is documented with a schema holding exactly the JSON properties of its CLR body type, and so are the
    /// object types those properties hold (nested, in lists), however many use cases name their types Command, Line or Item.
    /// </summary>
    [Fact]
    public async Task Every_json_request_body_is_documented_with_the_properties_of_its_own_type()
    {
        var doc = await app.ClientFor("").GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var schemas = doc.GetProperty("components").GetProperty("schemas");
        var json = app.Services.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        var descriptions = app.Services.GetRequiredService<IApiDescriptionGroupCollectionProvider>().ApiDescriptionGroups.Items.SelectMany(g => g.Items);

        var problems = new List<string>();
        var typesBySchema = new Dictionary<string, HashSet<Type>>();
        var checkedBodies = 0;
        foreach (var description in descriptions)
        {
            var body = description.ParameterDescriptions.SingleOrDefault(p => p.Source == BindingSource.Body);
            if (body is null || !description.SupportedRequestFormats.Any(f => f.MediaType == "application/json"))
            {
                continue;
            }

            var path = "/" + Regex.Replace(description.RelativePath!, @"\{([^}:=?]+)[^}]*\}", "{$1}");
            var where = $"{description.HttpMethod} {path}";
            if (!doc.GetProperty("paths").TryGetProperty(path, out var item)
                || !item.TryGetProperty(description.HttpMethod!.ToLowerInvariant(), out var operation))
            {
                problems.Add($"{where}: not in the document");
                continue;
            }

            var schema = operation.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema");
            Compare(where, schema, body.Type, []);
            checkedBodies++;
        }

        Assert.True(checkedBodies > 20, $"only {checkedBodies} JSON bodies found");
        problems.AddRange(typesBySchema.Where(s => s.Value.Count > 1)
            .Select(s => $"schema {s.Key} is shared by {string.Join(", ", s.Value.Select(t => t.FullName))}"));
        Assert.True(problems.Count == 0, string.Join("\n", problems.Distinct()));

        void Compare(string where, JsonElement schema, Type type, HashSet<Type> seen)
        {
            var info = json.GetTypeInfo(Nullable.GetUnderlyingType(type) ?? type);
            if (info.Kind == JsonTypeInfoKind.Enumerable && info.ElementType is { } element)
            {
                if (Resolve(schema, out _) is { } list && list.TryGetProperty("items", out var items))
                {
                    Compare(where + "[]", items, element, seen);
                }

                return;
            }

            if (info.Kind != JsonTypeInfoKind.Object || !seen.Add(info.Type))
            {
                return;
            }

            var resolved = Resolve(schema, out var id);
            if (id is not null)
            {
                (typesBySchema.TryGetValue(id, out var types) ? types : typesBySchema[id] = []).Add(info.Type);
            }

            var properties = default(JsonElement);
            var documented = resolved is { } r && r.TryGetProperty("properties", out properties)
                ? properties.EnumerateObject().Select(p => p.Name).Order().ToList()
                : [];
            var expected = info.Properties.Where(InContract).Select(p => p.Name).Order().ToList();
            if (!documented.SequenceEqual(expected))
            {
                problems.Add($"{where}: {info.Type.FullName} has [{string.Join(", ", expected)}], schema {id ?? "(inline)"} documents "
                    + $"[{string.Join(", ", documented)}]");
                return;
            }

            foreach (var property in info.Properties.Where(InContract))
            {
                Compare($"{where}.{property.Name}", properties.GetProperty(property.Name), property.PropertyType, [.. seen]);
            }
        }

        // A property marked [JsonIgnore] (set by the endpoint, like AsStaff) is in the type's metadata but not in its JSON.
        static bool InContract(JsonPropertyInfo property) =>
            property.AttributeProvider?.GetCustomAttributes(typeof(JsonIgnoreAttribute), true).OfType<JsonIgnoreAttribute>()
                .All(a => a.Condition != JsonIgnoreCondition.Always) ?? true;

        // The schema itself, or the one it refers to ($ref, or a $ref among oneOf/anyOf/allOf, as for a nullable reference).
        JsonElement? Resolve(JsonElement schema, out string? id)
        {
            id = null;
            if (schema.TryGetProperty("$ref", out var reference))
            {
                id = reference.GetString()!.Split('/')[^1];
                return schemas.GetProperty(id);
            }

            foreach (var combinator in new[] { "oneOf", "anyOf", "allOf" })
            {
                if (schema.TryGetProperty(combinator, out var options))
                {
                    foreach (var option in options.EnumerateArray())
                    {
                        if (Resolve(option, out id) is { } found)
                        {
                            return found;
                        }
                    }
                }
            }

            return schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("properties", out _) ? schema : null;
        }
    }

    [Fact]
    public async Task Health_endpoints_report_live_and_ready()
    {
        var client = app.ClientFor("");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        var ready = await client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        using var report = JsonDocument.Parse(await ready.Content.ReadAsStringAsync());
        Assert.Equal("Healthy", report.RootElement.GetProperty("status").GetString());
        Assert.Equal("no read replica configured", report.RootElement.GetProperty("checks").GetProperty("read-replica").GetProperty("description").GetString());
    }
}
