using System.Text.Encodings.Web;
using System.Text.Json.Serialization;
using System.Text.Unicode;
using Microsoft.Extensions.Options;
using Radzen;
using Storefront.Web.Infrastructure.Caching;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Tenancy;

namespace Storefront.Web.Infrastructure.Web;

/// <summary>The HTTP host: Kestrel, JSON, problem details, security headers, rate limits, output cache, Blazor; and the middleware order.</summary>
public static class WebServices
{
    public static IHostApplicationBuilder AddStorefrontWeb(this WebApplicationBuilder builder)
    {
        builder.UseStaticWebAssetsInEveryEnvironment();
        builder.AddStorefrontSecurityHeaders();
        // A search address can be long (a 10,000-character keyword must get the search page's message, not a bare 414).
        builder.WebHost.ConfigureKestrel(o => o.Limits.MaxRequestLineSize = 64 * 1024);

        var services = builder.Services;
        services.AddSingleton(TimeProvider.System);
        services.AddHttpContextAccessor();
        services.AddMemoryCache();
        services.AddScoped<CircuitSender>();
        services.AddWebEncoders(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        services.AddProblemDetails();
        services.AddExceptionHandler<ProblemExceptionHandler>();
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddStorefrontRateLimits(builder.Configuration);
        services.AddAntiforgery();

        services.AddOutputCache(o => o.AddPolicy(CatalogCache.PolicyName, new CatalogCachePolicy()));
        services.AddSingleton<CatalogCache>();
        services.AddSingleton<CatalogChangeListener>();
        services.AddHostedService(sp => sp.GetRequiredService<CatalogChangeListener>());

        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddCascadingAuthenticationState();
        services.AddRadzenComponents();
        return builder;
    }

    /// <summary>The middleware, outermost first, then the static files (endpoints since .NET 9's MapStaticAssets).</summary>
    public static WebApplication UseStorefrontPipeline(this WebApplication app)
    {
        app.UseStorefrontForwardedHeaders();
        app.UseStorefrontSecurityHeaders();
        app.UseStorefrontRequestLogging();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<TenantResolutionMiddleware>();
        app.UseMiddleware<ReadYourWrites>();   // a shopper's reads after a write go to the primary (only with a read replica)
        app.UseRequestLocalization();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseStorefrontCrossSiteGuard();
        app.UseStorefrontRateLimits();
        foreach (var middleware in app.Services.GetRequiredService<IOptions<PagePipelineOptions>>().Value.BeforePageCache)
        {
            app.UseMiddleware(middleware);   // what areas add (visit tracking): it sees cached pages too
        }

        app.UseOutputCache();
        app.UseAntiforgery();
        app.MapStaticAssets();
        return app;
    }
}
