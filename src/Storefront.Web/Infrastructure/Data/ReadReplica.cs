using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Npgsql;
using NpgsqlTypes;
using Storefront.Web.Infrastructure.Tenancy;

namespace Storefront.Web.Infrastructure.Data;

/// <summary>
/// The optional streaming replica (ConnectionStrings:StorefrontReplica) that serves the shopper catalogue's reads
/// (<see cref="CatalogReads"/>). It is checked every <c>Storefront:ReadReplica:CheckSeconds</c>: a replica further behind
/// than <c>MaxLagSeconds</c>, unreachable or no longer in recovery is taken out of reads (they go to the primary) and put
/// back once it has caught up. Reads go to the primary for <c>PrimaryWindowSeconds</c> after a shopper's own write
/// (<see cref="ReadYourWrites"/>) and after a change of the store's catalogue (a cache reloaded after a NOTIFY must not
/// read what the replica has not replayed yet). Why a time window: docs/decisions/0050-read-replica-and-store-moves.md.
/// </summary>
public sealed class ReadReplica
{
    private readonly string? _replica;
    private readonly string _primary;
    private readonly TimeProvider _clock;
    private readonly ILogger<ReadReplica> _log;
    private readonly PooledDbContextFactory<StorefrontDb>? _factory;
    private readonly bool _pgBouncer;
    private readonly ConcurrentDictionary<Guid, long> _changedAt = new();
    private readonly Queue<(NpgsqlLogSequenceNumber Lsn, DateTime At)> _unreplayed = new();   // the primary's positions seen, oldest first
    private long _allChangedAt = long.MinValue;
    private volatile ReplicaStatus _status;

    public ReadReplica(IConfiguration configuration, string primary, string? replica, bool pgBouncer, TenantSessionInterceptor tenantSession,
        FailedConnections.Interceptor failed, TimeProvider clock, ILogger<ReadReplica> log)
    {
        _primary = primary;
        _replica = replica;
        _pgBouncer = pgBouncer;
        _clock = clock;
        _log = log;
        MaxLag = TimeSpan.FromSeconds(configuration.GetValue("Storefront:ReadReplica:MaxLagSeconds", 5.0));
        CheckEvery = TimeSpan.FromSeconds(configuration.GetValue("Storefront:ReadReplica:CheckSeconds", 1.0));
        PrimaryWindow = TimeSpan.FromSeconds(configuration.GetValue("Storefront:ReadReplica:PrimaryWindowSeconds", 15.0));
        if (PrimaryWindow < MaxLag + CheckEvery + CheckEvery)
        {
            // A replica admitted to reads is at most MaxLag behind as of its last check, which may be CheckEvery old.
            throw new InvalidOperationException("Storefront:ReadReplica:PrimaryWindowSeconds must be at least MaxLagSeconds + 2 × CheckSeconds.");
        }

        _status = new ReplicaStatus(false, null, null, replica is null ? "not configured" : "not checked yet", clock.GetUtcNow());
        if (replica is not null)
        {
            var options = new DbContextOptionsBuilder<StorefrontDb>()
                .UseNpgsql(replica)
                .AddInterceptors(tenantSession, failed)
                .Options;
            _factory = new PooledDbContextFactory<StorefrontDb>(options);
        }
    }

    public bool Configured => _replica is not null;

    public TimeSpan MaxLag { get; }

    public TimeSpan CheckEvery { get; }

    public TimeSpan PrimaryWindow { get; }

    /// <summary>What the last check found.</summary>
    public ReplicaStatus Status => _status;

    /// <summary>A catalogue change of the store (null: of every store) was committed or heard of: its reads stay on the primary for a while.</summary>
    public void CatalogChanged(Guid? storeId)
    {
        var now = _clock.GetUtcNow().UtcTicks;
        if (storeId is { } id)
        {
            _changedAt[id] = now;
        }
        else
        {
            Interlocked.Exchange(ref _allChangedAt, now);
        }
    }

    /// <summary>Whether a catalogue read of the store may go to the replica now (the shopper's own writes are <see cref="ReadYourWrites"/>'s part).</summary>
    public bool Serves(Guid? storeId)
    {
        if (_factory is null || !_status.InReads)
        {
            return false;
        }

        var since = _clock.GetUtcNow().UtcTicks - PrimaryWindow.Ticks;
        return Interlocked.Read(ref _allChangedAt) < since && (storeId is not { } id || !_changedAt.TryGetValue(id, out var at) || at < since);
    }

    /// <summary>A context on the replica in the scope's store (row-level security and the store setting as on the primary).</summary>
    internal StorefrontDb CreateDb(TenantContext tenant) =>
        ReplicaDb((_factory ?? throw new InvalidOperationException("No read replica is configured.")).CreateDbContext()).Lease(tenant, _pgBouncer);

    private static StorefrontDb ReplicaDb(StorefrontDb db)
    {
        db.Replica = true;
        return db;
    }

    /// <summary>
    /// Measures the replica: the bytes of WAL the primary has written that it has not replayed, and how long ago the
    /// primary was first seen at a position the replica has not replayed yet (each check notes the primary's position and
    /// time). Not the age of the last replayed transaction: after an idle spell that is old although the replica is only
    /// one write behind. Takes it out of reads or puts it back.
    /// </summary>
    public async Task<ReplicaStatus> CheckAsync(CancellationToken ct)
    {
        if (_replica is null)
        {
            return _status;
        }

        ReplicaStatus status;
        try
        {
            NpgsqlLogSequenceNumber primaryLsn;
            DateTime primaryAt;
            await using (var primary = new NpgsqlConnection(_primary))
            {
                await primary.OpenAsync(ct);
                await using var lsn = new NpgsqlCommand("select pg_current_wal_lsn()::text, clock_timestamp()", primary);
                await using var row = await lsn.ExecuteReaderAsync(ct);
                await row.ReadAsync(ct);
                (primaryLsn, primaryAt) = (NpgsqlLogSequenceNumber.Parse(row.GetString(0)), row.GetDateTime(1));
            }

            await using var replica = new NpgsqlConnection(_replica);
            await replica.OpenAsync(ct);
            await using var cmd = new NpgsqlCommand("select pg_is_in_recovery(), pg_last_wal_replay_lsn()::text, clock_timestamp()", replica);
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            await reader.ReadAsync(ct);
            var inRecovery = reader.GetBoolean(0);
            var replayed = reader.IsDBNull(1) ? default : NpgsqlLogSequenceNumber.Parse(reader.GetString(1));
            var replicaNow = reader.GetDateTime(2);
            double seconds;
            lock (_unreplayed)
            {
                if (_unreplayed.Count < 100_000)
                {
                    _unreplayed.Enqueue((primaryLsn, primaryAt));
                }

                while (_unreplayed.TryPeek(out var seen) && seen.Lsn <= replayed)
                {
                    _unreplayed.Dequeue();
                }

                seconds = _unreplayed.TryPeek(out var oldest) ? Math.Max(0, (replicaNow - oldest.At).TotalSeconds) : 0;
            }

            var bytes = primaryLsn > replayed ? (long)((ulong)primaryLsn - (ulong)replayed) : 0;
            status = !inRecovery
                ? new ReplicaStatus(false, null, null, "not a standby (promoted?)", _clock.GetUtcNow())
                : new ReplicaStatus(seconds <= MaxLag.TotalSeconds, seconds, bytes, null, _clock.GetUtcNow());
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException)
        {
            status = new ReplicaStatus(false, null, null, e.GetBaseException().Message, _clock.GetUtcNow());
        }

        var before = _status;
        _status = status;
        if (before.InReads && !status.InReads)
        {
            _log.LogWarning("Read replica taken out of reads: lag {LagSeconds} s, {LagBytes} bytes, {Error}", status.LagSeconds, status.LagBytes,
                status.Error);
        }
        else if (!before.InReads && status.InReads)
        {
            _log.LogInformation("Read replica serving reads: lag {LagSeconds} s, {LagBytes} bytes", status.LagSeconds, status.LagBytes);
        }

        return status;
    }
}

/// <summary>A replica check: whether it serves reads, its lag (null: unknown), and why not when it cannot be asked.</summary>
public sealed record ReplicaStatus(bool InReads, double? LagSeconds, long? LagBytes, string? Error, DateTimeOffset CheckedAt);

/// <summary>Checks the replica every <see cref="ReadReplica.CheckEvery"/> (a one-shot delay after each check, on the app's clock).</summary>
internal sealed class ReadReplicaMonitor(ReadReplica replica, TimeProvider clock) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!replica.Configured)
        {
            return;
        }

        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await replica.CheckAsync(stoppingToken);
                await Task.Delay(replica.CheckEvery, clock, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // shutting down
        }
    }
}
