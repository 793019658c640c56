using System.Net;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Storefront.Web.Tests.Infrastructure;
using Storefront.Web.Tests.Ordering;

namespace Storefront.Web.Tests.Telemetry;

/// <summary>The app with Storefront:Telemetry:OtlpEndpoint set to a receiver of this test run, every trace sampled.</summary>
public sealed class OtlpApp : StorefrontApp
{
    public OtlpReceiver Receiver { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Storefront:Telemetry:OtlpEndpoint", Receiver.Endpoint.ToString());
        builder.UseSetting("Storefront:Telemetry:TraceSampleRatio", "1");
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Receiver.DisposeAsync();
    }
}

/// <summary>
/// Runs alone: a TracerProvider listens to the process's ActivitySources, so it would also export the HttpClient spans
/// of other classes' tests probing /health/live on real ports (CI failed 1 of 806 on this).
/// </summary>
[CollectionDefinition(nameof(OtlpExportTests), DisableParallelization = true)]
public sealed class OtlpExportCollection;

/// <summary>With an OTLP endpoint configured, traces and metrics go there as protobuf over HTTP.</summary>
[Collection(nameof(OtlpExportTests))]
public sealed class OtlpExportTests(OtlpApp app) : IClassFixture<OtlpApp>
{
    private const string Protobuf = "application/x-protobuf";

    private static bool Has(OtlpReceiver.Received request, string text) =>
        request.Body.AsSpan().IndexOf(Encoding.UTF8.GetBytes(text)) >= 0;

    [Fact]
    public async Task A_request_s_trace_with_its_SQL_spans_arrives_at_v1_traces_and_health_probes_are_not_traced()
    {
        Assert.Equal(HttpStatusCode.OK, (await app.ClientFor("demo").GetAsync("/health/live")).StatusCode);
        await app.NewShopperAsync();   // POST /api/v1/account/register: inserts the shopper

        // ForceFlush only starts the export: the batch can still be on its way to the receiver when it returns.
        Assert.True(app.Services.GetRequiredService<TracerProvider>().ForceFlush(30_000));
        var traces = await app.Receiver.WaitForAsync("/v1/traces", all =>
            all.Any(r => Has(r, "/api/v1/account/register") && Has(r, "service.name") && Has(r, "storefront"))
            && all.Any(r => Has(r, "postgresql") && Has(r, "db.query.text") && Has(r, "INSERT INTO shoppers")));

        Assert.All(traces, r => Assert.Equal(("POST", Protobuf), (r.Method, r.ContentType)));
        Assert.DoesNotContain(traces, r => Has(r, "/health/live"));
    }

    [Fact]
    public async Task Metrics_of_ASP_NET_Core_and_Npgsql_s_pool_arrive_at_v1_metrics()
    {
        Assert.Equal(HttpStatusCode.OK, (await app.ClientFor("demo").GetAsync("/api/v1/catalog/products?q=metrics")).StatusCode);

        Assert.True(app.Services.GetRequiredService<MeterProvider>().ForceFlush(30_000));

        var metrics = await app.Receiver.WaitForAsync("/v1/metrics", all =>
            all.Any(r => Has(r, "http.server.request.duration"))
            && all.Any(r => Has(r, "db.client.connection.count"))
            && all.Any(r => Has(r, "storefront.search.duration")));
        Assert.All(metrics, r => Assert.Equal(("POST", Protobuf), (r.Method, r.ContentType)));
    }
}
