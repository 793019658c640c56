using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Storefront.Web.Infrastructure.Web;

/// <summary>
/// Graceful drain behind a load balancer (docs/decisions/0049-cluster-on-loopback.md). On SIGTERM the host fires
/// ApplicationStopping and then stops Kestrel, which closes its listeners and lets in-flight requests finish within
/// HostOptions.ShutdownTimeout. This adds the step before: /health/ready answers 503 at once, and the node keeps serving
/// for Storefront:Drain:Delay (default none) so that a balancer or Kubernetes stops sending before the listeners close.
/// Storefront:Drain:ShutdownTimeout (default 30 s) bounds how long in-flight requests may take after that.
/// </summary>
public static class GracefulDrain
{
    public static IHostApplicationBuilder AddStorefrontDrain(this IHostApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection("Storefront:Drain");
        var delay = section.GetValue("Delay", TimeSpan.Zero);
        var timeout = section.GetValue("ShutdownTimeout", TimeSpan.FromSeconds(30));
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = delay + timeout);
        builder.Services.AddSingleton(new DrainOptions(delay));
        builder.Services.AddSingleton<DrainState>();
        builder.Services.AddHostedService<DrainService>();
        builder.Services.AddTransient<IStartupFilter, DrainConnectionClose>();
        builder.Services.AddHealthChecks().AddCheck<DrainingReadyCheck>("draining", tags: ["ready"]);
        return builder;
    }
}

internal sealed record DrainOptions(TimeSpan Delay);

/// <summary>Set once the host begins to stop; never cleared (a stopping host does not come back).</summary>
internal sealed class DrainState(IHostApplicationLifetime lifetime)
{
    private int _draining;

    public bool IsDraining => Volatile.Read(ref _draining) == 1 || lifetime.ApplicationStopping.IsCancellationRequested;

    /// <summary>True for the first caller only.</summary>
    public bool Begin() => Interlocked.Exchange(ref _draining, 1) == 0;
}

/// <summary>Runs before any hosted service (Kestrel included) is stopped: unready first, then the delay.</summary>
internal sealed class DrainService(DrainState state, DrainOptions options, TimeProvider clock, ILogger<DrainService> log) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        if (!state.Begin() || options.Delay <= TimeSpan.Zero)
        {
            return;
        }

        log.LogInformation("Draining: not ready, serving {Delay} more before the listeners close", options.Delay);
        try
        {
            await Task.Delay(options.Delay, clock, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // The shutdown timeout ran out first: stop now.
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>
/// While the node drains every answer says <c>Connection: close</c>: a client or balancer that keeps connections open
/// (wrk, ingress-nginx's upstream keepalive) opens its next one elsewhere instead of writing a request on a connection
/// the node is about to close, which it could not safely retry if the request was a POST.
/// </summary>
internal sealed class DrainConnectionClose(DrainState state) : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, nextMiddleware) =>
        {
            if (state.IsDraining)
            {
                context.Response.Headers.Connection = "close";
            }

            return nextMiddleware(context);
        });
        next(app);
    };
}

/// <summary>Unhealthy while the node drains, so /health/ready takes it out of the balancer before it stops.</summary>
internal sealed class DrainingReadyCheck(DrainState state) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(state.IsDraining ? HealthCheckResult.Unhealthy("Draining: shutting down") : HealthCheckResult.Healthy("Serving"));
}
