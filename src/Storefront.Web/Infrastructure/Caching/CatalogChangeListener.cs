using System.Diagnostics.Metrics;
using Npgsql;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Identity;

namespace Storefront.Web.Infrastructure.Caching;

/// <summary>
/// Listens for catalog changes committed by other instances and evicts (or, for named products, patches) what this
/// instance keeps; its own changes it evicted when they committed. <see cref="Listening"/> completes once it listens
/// (the ready health check waits for it: an instance that does not hear changes would serve stale pages).
/// Each notification heard counts in the meter <see cref="MeterName"/> (tag origin: self, other).
/// On the same connection it hears account changes (sessions ended, stamps changed: <see cref="AccountSessions"/>) and store moves
/// (<see cref="StoreClusters.DirectoryChannel"/>). With several clusters it listens on each (a store's commands notify on
/// its own cluster) and is ready once it listens on all.
/// </summary>
internal sealed class CatalogChangeListener(CatalogCache cache, AccountSessions sessions, TimeProvider clock,
    IMeterFactory meters, ILogger<CatalogChangeListener> log, StoreClusters clusters) : BackgroundService
{
    public const string MeterName = Telemetry.StorefrontMetrics.MeterName;
    private readonly Counter<long> _heard = meters.Create(MeterName)
        .CreateCounter<long>("storefront.catalog.notifications", description: "Catalog changes heard");
    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Listening => _listening.Task;

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var all = clusters.All.ToList();
        var ready = 0;
        return Task.WhenAll(all.Select(c => ListenAsync(c, () =>
        {
            if (Interlocked.Increment(ref ready) == all.Count)
            {
                _listening.TrySetResult();
            }
        }, stoppingToken)));
    }

    private async Task ListenAsync(StoreClusters.Cluster cluster, Action listening, CancellationToken stoppingToken)
    {
        var first = true;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // LISTEN needs a session of its own: behind PgBouncer (transaction mode) Listen goes to PostgreSQL directly.
                await using var conn = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(cluster.Listen)
                {
                    Pooling = false,
                    KeepAlive = 30,
                }.ConnectionString);
                await conn.OpenAsync(stoppingToken);
                conn.Notification += (_, e) =>
                {
                    if (e.Channel == StoreClusters.DirectoryChannel)
                    {
                        clusters.DirectoryChanged();
                        return;
                    }

                    if (e.Channel == AccountSessions.Channel)
                    {
                        sessions.Notified(e.Payload);
                        return;
                    }

                    var (instance, store, products) = CatalogCache.ParsePayload(e.Payload);
                    var mine = instance == cache.Instance;
                    if (!mine)
                    {
                        _ = cache.EvictAsync(store, products, default).AsTask();
                    }

                    _heard.Add(1, new KeyValuePair<string, object?>("origin", mine ? "self" : "other"));
                };
                var channels = $"listen {CatalogCache.Channel}; listen {AccountSessions.Channel}; listen {StoreClusters.DirectoryChannel}";
                await using (var command = new NpgsqlCommand(channels, conn))
                {
                    await command.ExecuteNonQueryAsync(stoppingToken);
                }

                await cache.EvictAsync(null, stoppingToken);   // whatever happened while not listening
                clusters.DirectoryChanged();
                sessions.ListenerStarted();
                if (first)
                {
                    first = false;
                    listening();
                }

                while (true)
                {
                    await conn.WaitAsync(stoppingToken);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogWarning(e, "Catalog change listener lost its connection; retrying");
                await Task.Delay(TimeSpan.FromSeconds(5), clock, stoppingToken);
            }
        }
    }
}
