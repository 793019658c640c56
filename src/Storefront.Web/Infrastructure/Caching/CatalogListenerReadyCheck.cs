using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Storefront.Web.Infrastructure.Caching;

/// <summary>Ready once this instance hears the catalog changes of the others.</summary>
internal sealed class CatalogListenerReadyCheck(CatalogChangeListener listener) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(listener.Listening.IsCompletedSuccessfully
            ? HealthCheckResult.Healthy("Listening for catalog changes")
            : HealthCheckResult.Unhealthy("Not yet listening for catalog changes"));
}
