using Npgsql;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Storefront.Web.Infrastructure.Telemetry;

/// <summary>
/// OpenTelemetry traces and metrics of ASP.NET Core, HttpClient and Npgsql plus the app's own meter
/// (<see cref="StorefrontMetrics"/>), exported over OTLP only when an endpoint is configured
/// (<c>Storefront:Telemetry:OtlpEndpoint</c>, else the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>). Unset, no
/// OpenTelemetry provider is registered at all: nothing listens, nothing is sampled, nothing is sent (the meters still
/// report to dotnet-counters). Sampling and filters: docs/decisions/0020-telemetry.md.
/// </summary>
public static class TelemetryServices
{
    public const string ServiceName = "storefront";

    /// <summary>Paths never traced: static files, uploaded images, health probes and the Blazor circuit's long-lived connection.</summary>
    private static readonly string[] UntracedPaths = ["/_content", "/_framework", "/_blazor", "/media", "/health"];

    public static IHostApplicationBuilder AddStorefrontTelemetry(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<StorefrontMetrics>();

        var configuration = builder.Configuration;
        var endpoint = configuration["Storefront:Telemetry:OtlpEndpoint"] is { Length: > 0 } own ? own : configuration["OTEL_EXPORTER_OTLP_ENDPOINT"];
        if (string.IsNullOrWhiteSpace(endpoint))
        {
            return builder;
        }

        var baseUri = new Uri(endpoint.EndsWith('/') ? endpoint : endpoint + "/");
        var grpc = string.Equals(configuration["OTEL_EXPORTER_OTLP_PROTOCOL"], "grpc", StringComparison.OrdinalIgnoreCase);
        void Otlp(OtlpExporterOptions o, string signalPath)
        {
            o.Protocol = grpc ? OtlpExportProtocol.Grpc : OtlpExportProtocol.HttpProtobuf;
            o.Endpoint = grpc ? baseUri : new Uri(baseUri, signalPath);   // over HTTP each signal has its own path
        }

        // A share of new traces (a request that arrives with a sampled parent follows its parent's decision).
        var ratio = configuration.GetValue("Storefront:Telemetry:TraceSampleRatio", 0.1);
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(ServiceName))
            .WithTracing(t => t
                .SetSampler(new ParentBasedSampler(new TraceIdRatioBasedSampler(ratio)))
                .AddAspNetCoreInstrumentation(o => o.Filter = context =>
                    !UntracedPaths.Any(p => context.Request.Path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase)))
                .AddHttpClientInstrumentation()
                .AddNpgsql()
                .AddOtlpExporter(o => Otlp(o, "v1/traces")))
            .WithMetrics(m => m
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                // Npgsql's own pool metrics: db.client.connection.count (state idle/used), .max, .npgsql.pending_requests, .npgsql.timeouts.
                .AddNpgsqlInstrumentation()
                .AddMeter(StorefrontMetrics.MeterName)
                .AddOtlpExporter(o => Otlp(o, "v1/metrics")));
        return builder;
    }
}
