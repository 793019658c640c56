using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Storefront.Web;
using Storefront.Web.Infrastructure.Caching;
using Storefront.Web.Infrastructure.Telemetry;
using Storefront.Web.Infrastructure.Web;

namespace Storefront.Generator;

/// <summary>
/// The storefront's services on a plain host, no web server: logging, telemetry and <see cref="StorefrontServices.AddStorefrontApp"/>
/// as Program.cs calls them, less the HTTP ones (Kestrel, Blazor, OpenAPI, health checks). The host is built, never started, so no job runs.
/// Configuration as for the app: appsettings.json, the environment (ConnectionStrings__Storefront, …) and
/// <c>--Section:Key value</c> arguments. See docs/decisions/0029-generator-on-a-plain-host.md.
/// </summary>
internal static class GeneratorHost
{
    public static IHost Build(IReadOnlyList<(string Key, string Value)> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            EnvironmentName = Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT")
                ?? Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT") ?? Environments.Production,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration.AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value)));
        builder.AddStorefrontLogging();

        // What AddStorefrontWeb registers beside the HTTP host and the use cases need: the clock, the request accessor
        // (no request here: nobody is signed in), the caches a command's transaction invalidates, the account rate limiter.
        var services = builder.Services;
        services.AddSingleton(TimeProvider.System);
        services.AddHttpContextAccessor();
        services.AddMemoryCache();
        services.AddOutputCache();
        services.AddSingleton<CatalogCache>();
        services.AddStorefrontRateLimits(builder.Configuration);

        builder.AddStorefrontTelemetry();
        builder.AddStorefrontApp();
        // Not validated at build, as in Production: a few of the app's services need the web host's own (the sandbox's
        // callbacks its server address, the authorization policy cache the endpoints); the generator never asks for them.
        builder.ConfigureContainer(new DefaultServiceProviderFactory(new ServiceProviderOptions { ValidateOnBuild = false }));
        return builder.Build();
    }
}
