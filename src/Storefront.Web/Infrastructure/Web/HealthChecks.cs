using System.Globalization;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using Storefront.Web.Infrastructure.Caching;
using Storefront.Web.Infrastructure.Data;

namespace Storefront.Web.Infrastructure.Web;

/// <summary>/health/live (the process answers) and /health/ready (database migrated, catalogue listener connected).</summary>
public static class HealthChecks
{
    public static IHostApplicationBuilder AddStorefrontHealthChecks(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHealthChecks().AddCheck<DatabaseReadyCheck>("database", tags: ["ready"])
            .AddCheck<CatalogListenerReadyCheck>("catalog-listener", tags: ["ready"])
            .AddCheck<ReadReplicaCheck>("read-replica", tags: ["ready"]);
        return builder;
    }

    public static IEndpointRouteBuilder MapStorefrontHealthChecks(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready"), ResponseWriter = WriteJsonAsync });
        return app;
    }

    /// <summary>
    /// The report as JSON: the overall status, and each check's status, description and figures (the read replica's lag).
    /// Degraded (a lagging replica, reads on the primary) still answers 200: the node serves.
    /// </summary>
    private static Task WriteJsonAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        return context.Response.WriteAsJsonAsync(new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new
            {
                status = e.Value.Status.ToString(),
                description = e.Value.Description,
                data = e.Value.Data,
            }),
        });
    }
}

/// <summary>
/// The read replica's state (ConnectionStrings:StorefrontReplica): healthy with its lag while it serves reads, degraded
/// while it is out of them (lagging, unreachable: reads go to the primary, the node still serves).
/// </summary>
internal sealed class ReadReplicaCheck(ReadReplica replica) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!replica.Configured)
        {
            return Task.FromResult(HealthCheckResult.Healthy("no read replica configured"));
        }

        var s = replica.Status;
        var data = new Dictionary<string, object>
        {
            ["inReads"] = s.InReads,
            ["lagSeconds"] = s.LagSeconds ?? -1,
            ["lagBytes"] = s.LagBytes ?? -1,
            ["maxLagSeconds"] = replica.MaxLag.TotalSeconds,
            ["checkedAt"] = s.CheckedAt,
        };
        var lag = s.LagSeconds?.ToString("0.###", CultureInfo.InvariantCulture) ?? "unknown";
        return Task.FromResult(s.InReads
            ? HealthCheckResult.Healthy($"replica serving reads, {lag} s behind", data)
            : HealthCheckResult.Degraded($"replica out of reads: {s.Error ?? lag + " s behind"}", data: data));
    }
}

/// <summary>Ready when the database answers and every migration this build knows has been applied.</summary>
internal sealed class DatabaseReadyCheck(IConfiguration configuration) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var conn = new NpgsqlConnection(configuration.GetConnectionString("Storefront"));
            await conn.OpenAsync(cancellationToken);
            await using var cmd = new NpgsqlCommand("select version from schema_migrations", conn);
            var applied = new HashSet<string>();
            await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                applied.Add(reader.GetString(0));
            }

            var missing = Migrator.Scripts.Select(s => s.Version).Where(v => !applied.Contains(v)).ToList();
            return missing.Count == 0
                ? HealthCheckResult.Healthy($"{applied.Count} migrations applied")
                : HealthCheckResult.Unhealthy("Migrations not applied: " + string.Join(", ", missing));
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
        {
            return HealthCheckResult.Unhealthy("Database unreachable", e);
        }
    }
}
