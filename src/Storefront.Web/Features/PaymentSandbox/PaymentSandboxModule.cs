using Storefront.Web.Infrastructure.Payments;

namespace Storefront.Web.Features.PaymentSandbox;

/// <summary>
/// The sandbox payment provider, standing in for a real one: its gateway (<see cref="IPaymentGateway"/>), its hosted
/// payment page and its signed callbacks. The gateway writes its charge in the caller's transaction, so it lives per
/// scope; callbacks go out from a background job over HTTP (client "sandbox-callbacks"; tests plug the test server's
/// handler in).
/// </summary>
public static class PaymentSandboxModule
{
    public static IHostApplicationBuilder AddPaymentSandbox(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.Configure<SandboxOptions>(builder.Configuration.GetSection("Storefront:Payments"));
        services.AddScoped<SandboxGateway>();
        services.AddScoped<IPaymentGateway>(sp => sp.GetRequiredService<SandboxGateway>());
        services.AddHttpClient(SandboxCallbacks.HttpClientName, c => c.Timeout = TimeSpan.FromMinutes(2));
        services.AddSingleton<SandboxCallbacks>();
        services.AddHostedService(sp => sp.GetRequiredService<SandboxCallbacks>());
        return builder;
    }

    public static IEndpointRouteBuilder MapPaymentSandbox(this IEndpointRouteBuilder app, IEndpointRouteBuilder api)
    {
        SandboxCallbackEndpoint.Map(api);
        return app;
    }
}
