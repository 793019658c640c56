using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Storefront.Web.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Storefront.Web.Tests.CrossCutting.Web;

/// <summary>
/// Reads the app's own OpenAPI document and sends every operation generated bad requests: control characters and NUL
/// in each string (body, query, path), null in each property, over-long strings, wrong types, huge and negative
/// numbers, missing and malformed bodies. Anonymous, as the demo owner, as the demo shopper and as the platform admin.
/// Whatever an endpoint does with them, it answers below 500: so an endpoint nobody wrote a test for is covered too.
/// Body shapes come from the document's schema and from the endpoint's own request type (the document may share one
/// schema between several types of the same name).
/// </summary>
public sealed partial class OpenApiFuzzTests(StorefrontApp app, ITestOutputHelper output) : IClassFixture<StorefrontApp>
{
    private const int MaxDepth = 4;
    private static readonly string LongString = new('长', 30_001);

    [Fact]
    public async Task Generated_bad_requests_to_every_operation_never_get_a_5xx()
    {
        var anonymous = app.ClientFor("demo");
        using var document = JsonDocument.Parse(await anonymous.GetStringAsync("/openapi/v1.json"));
        var owner = app.ClientFor("demo");
        await owner.SignInStaffAsync("owner@demo.local");
        var shopper = app.ClientFor("demo");
        await shopper.SignInShopperAsync("shopper@demo.local");
        var platform = app.ClientFor("");
        Assert.Equal(HttpStatusCode.OK,
            (await platform.PostAsJsonAsync("/api/v1/platform/login",
            new { email = "admin@storefront.local", password = Storefront.Web.Features.Demo.DemoData.Password })).StatusCode);

        var schemas = new Schemas(document.RootElement);
        var (bodyTypes, signedInOnly) = Endpoints();
        var operations = Operations(document.RootElement).ToList();
        Assert.True(operations.Count >= 50, $"only {operations.Count} operations in /openapi/v1.json");

        var failures = new ConcurrentBag<string>();
        var statuses = new ConcurrentDictionary<int, int>();
        var started = Stopwatch.GetTimestamp();
        var sent = 0;
        var jobs = new List<(string Who, HttpClient Client, Operation Op, Case Case)>();
        foreach (var op in operations)
        {
            var bodyType = bodyTypes.GetValueOrDefault((op.Method, op.Path));
            var cases = Cases(op, schemas, bodyType).ToList();
            (string, HttpClient)[] signedIn = op.Path.EndsWith("/logout", StringComparison.Ordinal)
                ? []
                : op.Path.StartsWith("/api/v1/platform", StringComparison.Ordinal)
                ? [("platform", platform)]
                : op.Path.StartsWith("/api/v1/admin", StringComparison.Ordinal) ? [("owner", owner)] : [("shopper", shopper)];
            foreach (var (who, client) in signedIn)
            {
                jobs.AddRange(cases.Select(c => (who, client, op, c)));
            }

            // Anonymous: every case where the endpoint lets strangers in; where it requires a signed-in user, a tenth
            // (authorization answers before the body is read, so thousands more 401s would prove nothing more).
            var closed = signedInOnly.Contains((op.Method, op.Path));
            jobs.AddRange((closed ? cases.Take(1).Concat(cases.Skip(1).Where((_, i) => i % 10 == 0)) : cases).Select(c => ("anonymous", anonymous, op, c)));
        }

        await Parallel.ForEachAsync(jobs, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (job, ct) =>
        {
            using var request = job.Case.Build();
            using var response = await job.Client.SendAsync(request, ct);
            Interlocked.Increment(ref sent);
            statuses.AddOrUpdate((int)response.StatusCode, 1, (_, n) => n + 1);
            if ((int)response.StatusCode >= 500)
            {
                var body = await response.Content.ReadAsStringAsync(ct);
                failures.Add($"{job.Who} {job.Op.Method} {job.Case.Url} [{job.Case.Name}] {Shorten(job.Case.Body)} → {(int)response.StatusCode} "
                    + $"{Shorten(body)}");
            }
        });

        output.WriteLine($"{sent} requests over {operations.Count} operations in {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s; by status: "
            + string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key} × {s.Value}")));
        Assert.True(sent >= 2_000, $"only {sent} requests generated over {operations.Count} operations");
        Assert.True(failures.IsEmpty, $"{failures.Count} of {sent} generated requests over {operations.Count} operations got a 5xx:\n"
            + string.Join("\n", failures.Order(StringComparer.Ordinal)));
    }

    private static IEnumerable<Operation> Operations(JsonElement root)
    {
        foreach (var path in root.GetProperty("paths").EnumerateObject())
        {
            foreach (var method in path.Value.EnumerateObject().Where(m => m.Name is "get" or "post" or "put" or "delete" or "patch"))
            {
                var parameters = new List<(string Name, string In, JsonElement Schema)>();
                foreach (var parameter in new[] { path.Value, method.Value }
                    .SelectMany(e => e.TryGetProperty("parameters", out var p) ? p.EnumerateArray() : []))
                {
                    parameters.Add((parameter.GetProperty("name").GetString()!, parameter.GetProperty("in").GetString()!,
                        parameter.TryGetProperty("schema", out var s) ? s : default));
                }

                JsonElement? body = null;
                string? contentType = null;
                if (method.Value.TryGetProperty("requestBody", out var requestBody) && requestBody.TryGetProperty("content", out var content))
                {
                    var first = content.EnumerateObject().First();
                    contentType = first.Name;
                    body = first.Value.TryGetProperty("schema", out var s) ? s : default;
                }

                yield return new Operation(method.Name.ToUpperInvariant(), path.Name, parameters, contentType, body);
            }
        }
    }

    /// <summary>
    /// Each endpoint's body type, and the endpoints that require a signed-in user, by method and route (constraints
    /// dropped, as in the document).
    /// </summary>
    private (Dictionary<(string, string), Type> BodyTypes, HashSet<(string, string)> SignedInOnly) Endpoints()
    {
        var types = new Dictionary<(string, string), Type>();
        var signedInOnly = new HashSet<(string, string)>();
        foreach (var endpoint in app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            if (endpoint.RoutePattern.RawText is not { } raw)
            {
                continue;
            }

            var path = RouteConstraint().Replace("/" + raw.TrimStart('/'), "{$1}");
            var requiresUser = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Count > 0 && endpoint.Metadata.GetMetadata<IAllowAnonymous>() is null;
            foreach (var method in endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [])
            {
                if (endpoint.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType is { } type)
                {
                    types[(method, path)] = type;
                }

                if (requiresUser)
                {
                    signedInOnly.Add((method, path));
                }
            }
        }

        return (types, signedInOnly);
    }

    private static IEnumerable<Case> Cases(Operation op, Schemas schemas, Type? bodyType)
    {
        var pathValues = op.Parameters.Where(p => p.In == "path").ToDictionary(p => p.Name, p => BaseParameter(p.Schema, schemas));
        var queryValues = op.Parameters.Where(p => p.In == "query").ToDictionary(p => p.Name, p => BaseParameter(p.Schema, schemas));
        var shape = Merge(op.Body is { ValueKind: JsonValueKind.Object } schema ? schemas.Shape(schema, 0) : null,
            bodyType is null ? null : FromType(bodyType, 0));
        var isJson = op.ContentType?.Contains("json", StringComparison.Ordinal) == true;
        var baseBody = shape is not null && isJson ? shape.Sample()?.ToJsonString() : null;

        Case Make(string name, Dictionary<string, string>? path = null, Dictionary<string, string>? query = null, string? body = null,
            string? contentType = null) =>
            new(name, op.Method, Url(op.Path, path ?? pathValues, query ?? queryValues), body ?? baseBody,
                contentType ?? (isJson ? "application/json" : op.ContentType));

        yield return Make("base");

        foreach (var name in pathValues.Keys)
        {
            // Not NUL: Kestrel refuses %00 in a path with a 400 before the app sees it (the test host's client refuses to send it).
            foreach (var (variant, value) in BadStrings(url: true).Where(b => b.Name != "NUL"))
            {
                yield return Make($"path {name}: {variant}", path: new Dictionary<string, string>(pathValues) { [name] = value });
            }
        }

        foreach (var name in queryValues.Keys)
        {
            foreach (var (variant, value) in BadStrings(url: true).Concat(BadNumbersInUrl()))
            {
                yield return Make($"query {name}: {variant}", query: new Dictionary<string, string>(queryValues) { [name] = value });
            }
        }

        if (op.ContentType is null)
        {
            yield break;
        }

        yield return new Case("no body", op.Method, Url(op.Path, pathValues, queryValues), null, null);
        yield return Make("malformed JSON", body: """{"a": """, contentType: "application/json");
        yield return Make("JSON null", body: "null", contentType: "application/json");
        yield return Make("JSON array", body: "[1, 2]", contentType: "application/json");
        yield return Make("empty object", body: "{}", contentType: "application/json");
        yield return Make("NUL text body", body: "a\0b\u0001c", contentType: "text/plain");
        if (!isJson)
        {
            yield return Make("NUL CSV", body: "slug,name\na\0b,c\u0085d\n", contentType: "text/csv");
            yield break;
        }

        if (shape is null || baseBody is null)
        {
            yield break;
        }

        foreach (var (path, leaf) in shape.Leaves([]))
        {
            var where = string.Join('.', path);
            yield return Make($"{where} = null", body: With(baseBody, path, null));
            IEnumerable<(string, JsonNode?)> variants = leaf switch
            {
                { Kind: "string" } =>
                    BadStrings(url: false).Select(b => (b.Name, (JsonNode?)JsonValue.Create(b.Value))).Append(("number", JsonValue.Create(123))),
                { Kind: "integer" or "number" } => BadNumbers().Append(("a string", JsonValue.Create("abc"))),
                { Kind: "boolean" } => [("a string", JsonValue.Create("yes")), ("a number", JsonValue.Create(2))],
                { Kind: "array" } => [("an object", new JsonObject()), ("empty", new JsonArray()), ("null element", new JsonArray((JsonNode?)null))],
                { Kind: "object" } => [("a string", JsonValue.Create("x")), ("an array", new JsonArray())],
                _ => [],
            };
            foreach (var (variant, value) in variants)
            {
                yield return Make($"{where}: {variant}", body: With(baseBody, path, value));
            }
        }
    }

    private static IEnumerable<(string Name, string Value)> BadStrings(bool url) =>
    [
        ("NUL", "a\0b"),
        ("C0 control", "a\u0001b"),
        ("C1 control", "a\u0085b"),
        ("newline", "a\r\nb"),
        ("lone surrogate", url ? "a%ED%A0%80b" : "a\ud800b"),
        ("over-long", url ? new string('x', 5_000) : LongString),
    ];

    private static IEnumerable<(string Name, string Value)> BadNumbersInUrl() =>
        [("huge", "99999999999999999999999999999999"), ("negative", "-1"), ("decimal max", "79228162514264337593543950335"), ("not a number", "abc")];

    private static IEnumerable<(string, JsonNode?)> BadNumbers() =>
    [
        ("huge", JsonNode.Parse("1e300")),
        ("huge integer", JsonNode.Parse("99999999999999999999999999999999")),
        ("decimal max", JsonValue.Create(decimal.MaxValue)),
        ("decimal min", JsonValue.Create(decimal.MinValue)),
        ("int max", JsonValue.Create(int.MaxValue)),
        ("negative", JsonValue.Create(-1)),
        ("very negative", JsonValue.Create(-2_000_000_000)),
        ("fraction", JsonValue.Create(0.001m)),
    ];

    private static string Url(string template, Dictionary<string, string> path, Dictionary<string, string> query)
    {
        var url = PathParameter().Replace(template, m => Escape(path.GetValueOrDefault(m.Groups[1].Value, "x")));
        return query.Count == 0 ? url : url + "?" + string.Join('&', query.Select(q => $"{q.Key}={Escape(q.Value)}"));
    }

    /// <summary>Escapes what a URL cannot carry, leaving percent-escapes written into a value (a lone surrogate's bytes) as they are.</summary>
    private static string Escape(string value) => value.Contains("%ED", StringComparison.Ordinal) ? value : Uri.EscapeDataString(value);

    private static string BaseParameter(JsonElement schema, Schemas schemas) =>
        schema.ValueKind == JsonValueKind.Object ? schemas.Shape(schema, 0)?.Sample() is JsonValue v ? v.ToString() : "x" : "x";

    private static string With(string baseBody, IReadOnlyList<object> path, JsonNode? value)
    {
        var root = JsonNode.Parse(baseBody)!;
        JsonNode parent = root;
        foreach (var step in path.SkipLast(1))
        {
            parent = step is int i ? parent[i]! : parent[(string)step]!;
        }

        if (path[^1] is int index)
        {
            parent.AsArray()[index] = value;
        }
        else
        {
            parent.AsObject()[(string)path[^1]] = value;
        }

        return root.ToJsonString();
    }

    private static string Shorten(string? text) =>
        text is null ? "(no body)" : text.Length > 300 ? text[..300] + $"… ({text.Length} chars)" : text;

    private static Shape? Merge(Shape? fromSchema, Shape? fromType)
    {
        if (fromSchema is null || fromType is null)
        {
            return fromSchema ?? fromType;
        }

        if (fromSchema.Kind != "object" || fromType.Kind != "object")
        {
            return fromType;
        }

        var properties = new Dictionary<string, Shape>(fromType.Properties!);
        foreach (var (name, shape) in fromSchema.Properties!)
        {
            properties.TryAdd(name, shape);
        }

        return fromType with { Properties = properties };
    }

    /// <summary>The JSON shape System.Text.Json reads into a .NET type (web defaults: camelCase, enums as strings).</summary>
    private static Shape? FromType(Type type, int depth)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string))
        {
            return new Shape("string");
        }

        if (type == typeof(Guid))
        {
            return new Shape("string", Format: "uuid");
        }

        if (type == typeof(DateTimeOffset) || type == typeof(DateTime))
        {
            return new Shape("string", Format: "date-time");
        }

        if (type == typeof(DateOnly))
        {
            return new Shape("string", Format: "date");
        }

        if (type == typeof(TimeOnly) || type == typeof(TimeSpan))
        {
            return new Shape("string", Format: "time");
        }

        if (type == typeof(bool))
        {
            return new Shape("boolean");
        }

        if (type.IsEnum)
        {
            return new Shape("string", Enum: Enum.GetNames(type)[0]);
        }

        if (type == typeof(decimal) || type == typeof(double) || type == typeof(float))
        {
            return new Shape("number");
        }

        if (type.IsPrimitive)
        {
            return new Shape("integer");
        }

        if (depth > MaxDepth || type.Namespace?.StartsWith("Microsoft.", StringComparison.Ordinal) == true
            || typeof(System.Collections.IDictionary).IsAssignableFrom(type))
        {
            return null;
        }

        if (type.IsArray || (type.IsGenericType && typeof(System.Collections.IEnumerable).IsAssignableFrom(type)))
        {
            var element = type.IsArray ? type.GetElementType()! : type.GetGenericArguments()[0];
            return FromType(element, depth + 1) is { } item ? new Shape("array", Items: item) : null;
        }

        var properties = new Dictionary<string, Shape>();
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite && p.GetIndexParameters().Length == 0))
        {
            if (FromType(property.PropertyType, depth + 1) is { } shape)
            {
                properties[JsonNamingPolicy.CamelCase.ConvertName(property.Name)] = shape;
            }
        }

        return new Shape("object", Properties: properties);
    }

    private sealed class Schemas(JsonElement root)
    {
        public Shape? Shape(JsonElement schema, int depth)
        {
            if (depth > MaxDepth || schema.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            if (schema.TryGetProperty("$ref", out var reference))
            {
                var name = reference.GetString()!.Split('/')[^1];
                return root.GetProperty("components").GetProperty("schemas").TryGetProperty(name, out var target) ? Shape(target, depth + 1) : null;
            }

            foreach (var combined in new[] { "allOf", "oneOf", "anyOf" })
            {
                if (schema.TryGetProperty(combined, out var options))
                {
                    return options.EnumerateArray().Select(o => Shape(o, depth + 1)).FirstOrDefault(s => s is not null);
                }
            }

            string[] types = !schema.TryGetProperty("type", out var t) ? []
                : t.ValueKind == JsonValueKind.Array ? [.. t.EnumerateArray().Select(e => e.GetString()!)] : [t.GetString()!];
            // Numbers may also be read from strings ("type": ["integer", "string"]): the number is the shape.
            var kind = types.FirstOrDefault(k => k is not "null" and not "string") ?? types.FirstOrDefault(k => k != "null")
                ?? (schema.TryGetProperty("properties", out _) ? "object" : null);
            var format = schema.TryGetProperty("format", out var f) ? f.GetString() : null;
            var enumValue = schema.TryGetProperty("enum", out var e)
                && e.EnumerateArray().FirstOrDefault(v => v.ValueKind == JsonValueKind.String) is { ValueKind: JsonValueKind.String } v0
                    ? v0.GetString()
                    : null;
            return kind switch
            {
                "object" => new Shape("object", Properties: schema.TryGetProperty("properties", out var props)
                    ? props.EnumerateObject().Select(p => (p.Name, Shape: Shape(p.Value, depth + 1))).Where(p => p.Shape is not null)
                        .ToDictionary(p => p.Name, p => p.Shape!)
                    : []),
                "array" => schema.TryGetProperty("items", out var items) && Shape(items, depth + 1) is { } item
                    ? new Shape("array", Items: item)
                    : new Shape("array", Items: new Shape("string")),
                "string" or "integer" or "number" or "boolean" => new Shape(kind, format, enumValue),
                _ => null,
            };
        }
    }

    private sealed record Shape(string Kind, string? Format = null, string? Enum = null, Dictionary<string, Shape>? Properties = null, Shape? Items = null)
    {
        /// <summary>A plausible value: what a well-behaved client would send.</summary>
        public JsonNode? Sample() => Kind switch
        {
            "string" when Enum is not null => JsonValue.Create(Enum),
            "string" => JsonValue.Create(Format switch
            {
                "uuid" => "3f2c8a51-7d7e-4d39-9a51-2f7c3b1d9e10",
                "date-time" => "2026-11-23T08:00:00+00:00",
                "date" => "2026-11-23",
                "time" => "08:00:00",
                "email" => "fuzz@example.com",
                _ => "x",
            }),
            "integer" => JsonValue.Create(1),
            "number" => JsonValue.Create(1.5m),
            "boolean" => JsonValue.Create(false),
            "array" => new JsonArray(Items!.Sample()),
            "object" => new JsonObject(Properties!.Select(p => KeyValuePair.Create(p.Key, p.Value.Sample()))),
            _ => null,
        };

        /// <summary>Every value in the sample with its path (property names and array indexes), containers included.</summary>
        public IEnumerable<(IReadOnlyList<object> Path, Shape Leaf)> Leaves(IReadOnlyList<object> path)
        {
            if (path.Count > 0)
            {
                yield return (path, this);
            }

            IEnumerable<(object, Shape)> children = Kind switch
            {
                "object" => Properties!.Select(p => ((object)p.Key, p.Value)),
                "array" => [(0, Items!)],
                _ => [],
            };
            foreach (var (step, child) in children)
            {
                foreach (var leaf in child.Leaves([.. path, step]))
                {
                    yield return leaf;
                }
            }
        }
    }

    private sealed record Operation(string Method, string Path, List<(string Name, string In, JsonElement Schema)> Parameters, string? ContentType,
        JsonElement? Body);

    private sealed record Case(string Name, string Method, string Url, string? Body, string? ContentType)
    {
        public HttpRequestMessage Build()
        {
            var request = new HttpRequestMessage(new HttpMethod(Method), Url);
            if (Body is not null)
            {
                request.Content = new StringContent(Body, Encoding.UTF8);
                request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(ContentType ?? "application/json");
            }

            return request;
        }
    }

    [GeneratedRegex(@"\{([^}:=?]+)[^}]*\}")]
    private static partial Regex RouteConstraint();

    [GeneratedRegex(@"\{([^}]+)\}")]
    private static partial Regex PathParameter();
}
