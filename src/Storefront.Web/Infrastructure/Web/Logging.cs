using Serilog;
using Serilog.Core;
using Serilog.Events;
using Storefront.Domain.Privacy;
using Storefront.Web.Infrastructure.Identity;
using Storefront.Web.Infrastructure.Tenancy;

namespace Storefront.Web.Infrastructure.Web;

public static class Logging
{
    /// <summary>
    /// Serilog to the console (levels from the Serilog section), every event carrying TenantId, UserId and RequestId.
    /// The host's default providers go (Serilog writes the console); providers registered later still get every event.
    /// </summary>
    public static IHostApplicationBuilder AddStorefrontLogging(this IHostApplicationBuilder builder)
    {
        builder.Logging.ClearProviders();
        builder.Services.AddSerilog((services, log) => log
            .ReadFrom.Configuration(builder.Configuration)
            .ReadFrom.Services(services)
            .Enrich.FromLogContext()
            .Enrich.With<HttpContextLogEnricher>()
            .Enrich.With<PersonalDataLogMasking>()
            .WriteTo.Console(outputTemplate:
                "[{Timestamp:HH:mm:ss} {Level:u3}] {Message:lj} "
                + "{{TenantId={TenantId} UserId={UserId} RequestId={RequestId}}} <{SourceContext}>{NewLine}{Exception}"),
            preserveStaticLogger: true,   // each host its own logger: several hosts share a test process
            writeToProviders: true);
        return builder;
    }

    /// <summary>One log line per HTTP request, with its host, status and duration.</summary>
    public static IApplicationBuilder UseStorefrontRequestLogging(this IApplicationBuilder app) =>
        app.UseSerilogRequestLogging(o =>
        {
            o.MessageTemplate = "HTTP {RequestMethod} {RequestHost}{RequestPath} responded {StatusCode} in {Elapsed:0.0} ms";
            o.EnrichDiagnosticContext = (context, http) => context.Set("RequestHost", http.Request.Host.Value);
        });
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

/// <summary>
/// Logs never hold passwords, full phone numbers or addresses (issue 19): a property named like a password is dropped to
/// ***, one named like a phone is masked (138****5678), one named like a street or shipping address to ****, and any other text value
/// has the mobile numbers in it masked. Runs after the other enrichers, so it sees every property of the event.
/// </summary>
public sealed class PersonalDataLogMasking : ILogEventEnricher
{
    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory factory)
    {
        foreach (var (name, value) in logEvent.Properties.ToList())
        {
            if (value is ScalarValue { Value: string text } && Masked(name, text) is var masked && masked != text)
            {
                logEvent.AddOrUpdateProperty(new LogEventProperty(name, new ScalarValue(masked)));
            }
        }
    }

    internal static string Masked(string name, string text) =>
        name.Contains("Password", StringComparison.OrdinalIgnoreCase) ? "***"
        : name.Contains("Phone", StringComparison.OrdinalIgnoreCase) ? PersonalData.MaskPhone(text)
        : name.Contains("Street", StringComparison.OrdinalIgnoreCase) || name.EndsWith("ShippingAddress", StringComparison.OrdinalIgnoreCase)
            || name.Equals("Address", StringComparison.OrdinalIgnoreCase) ? PersonalData.Stars
        : PersonalData.MaskPhonesIn(text);
}
