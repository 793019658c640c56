using System.Diagnostics;
using Serilog;
using Serilog.Core;
using Serilog.Events;
using Storefront.Web.Infrastructure.Identity;
using Storefront.Web.Infrastructure.Tenancy;

namespace Storefront.Web.Infrastructure.Web;

public static class Logging
{
    /// <summary>Serilog to the console (levels from the Serilog section), every event carrying TenantId, UserId and RequestId.</summary>
    public static IHostApplicationBuilder AddStorefrontLogging(this IHostApplicationBuilder builder)
    {
        Log.Logger = new LoggerConfiguration()
            .ReadFrom.Configuration(builder.Configuration)
            .Enrich.FromLogContext()
            .Enrich.With<HttpContextLogEnricher>()
            .WriteTo.Console(outputTemplate:
                "[{Timestamp:HH:mm:ss} {Level:u3}] {Message:lj} {{TenantId={TenantId} UserId={UserId} RequestId={RequestId}}} <{SourceContext}>{NewLine}{Exception}")
            .CreateLogger();
        builder.Logging.ClearProviders();
        builder.Logging.AddSerilog(Log.Logger, dispose: true);
        return builder;
    }

    public static IApplicationBuilder UseStorefrontRequestLogging(this IApplicationBuilder app) => app.UseMiddleware<RequestLoggingMiddleware>();
}

/// <summary>One log line per HTTP request, with its status and duration.</summary>
public sealed class RequestLoggingMiddleware(RequestDelegate next, ILogger<RequestLoggingMiddleware> log)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await next(context);
        }
        finally
        {
            log.LogInformation("HTTP {RequestMethod} {RequestHost}{RequestPath} responded {StatusCode} in {ElapsedMs:0.0} ms",
                context.Request.Method, context.Request.Host.Value, context.Request.Path.Value, context.Response.StatusCode,
                Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }
}

/// <summary>Adds TenantId, UserId and RequestId of the current HTTP request to every log event (TenantId alone in store-scoped background work).</summary>
public sealed class HttpContextLogEnricher : ILogEventEnricher
{
    private readonly HttpContextAccessor _http = new();

    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory factory)
    {
        if (_http.HttpContext is not { } context)
        {
            if (TenantContext.LoggedStore.Value is { } storeId)
            {
                logEvent.AddPropertyIfAbsent(factory.CreateProperty("TenantId", storeId));
            }

            return;
        }

        logEvent.AddPropertyIfAbsent(factory.CreateProperty("RequestId", context.TraceIdentifier));
        if (context.Features.Get<StoreInfo>() is { } store)
        {
            logEvent.AddPropertyIfAbsent(factory.CreateProperty("TenantId", store.Id));
        }

        if (context.User.UserId() is { } userId)
        {
            logEvent.AddPropertyIfAbsent(factory.CreateProperty("UserId", userId));
        }
    }
}
