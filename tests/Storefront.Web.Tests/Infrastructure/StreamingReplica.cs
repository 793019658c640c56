using Microsoft.AspNetCore.Hosting;
using Npgsql;

namespace Storefront.Web.Tests.Infrastructure;

/// <summary>
/// A real streaming replica of a test PostgreSQL cluster: pg_basebackup -R (standby.signal and primary_conninfo) into a
/// temp folder, started with pg_ctl as a hot standby on a free loopback port; stopped and removed with the test host.
/// </summary>
public sealed class StreamingReplica : IAsyncDisposable
{
    private readonly string _bin;
    private readonly string _dir;
    private readonly bool _root;
    private readonly NpgsqlConnectionStringBuilder _primary;

    private StreamingReplica(string bin, string dir, bool root, NpgsqlConnectionStringBuilder primary, int port)
    {
        _bin = bin;
        _dir = dir;
        _root = root;
        _primary = primary;
        Port = port;
    }

    public int Port { get; }

    public static async Task<StreamingReplica> StartAsync(NpgsqlConnectionStringBuilder primary)
    {
        var bin = PostgresServer.FindBin() ?? throw new InvalidOperationException(
            "PostgreSQL server binaries (pg_basebackup, pg_ctl) not found: install them with 'apt-get install postgresql'.");
        // initdb may be a link (/usr/local/bin → /usr/lib/postgresql/15/bin): pg_basebackup sits beside its target.
        var initdb = new FileInfo(Path.Combine(bin, "initdb"));
        bin = Path.GetDirectoryName(initdb.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? initdb.FullName)!;
        var root = Environment.UserName == "root";
        var dir = Path.Combine(Path.GetTempPath(), $"{PostgresServer.ClusterPrefix}{Environment.ProcessId}-{Guid.NewGuid():N}"[..40]);
        Directory.CreateDirectory(dir);
        PostgresServer.AfterThisProcess($"{PostgresServer.StopCommand(bin, root, dir)}; rm -rf '{dir}'");
        await PostgresServer.RunAsync("chmod", "700", dir);   // PostgreSQL refuses a data folder others can read
        if (root)
        {
            await PostgresServer.RunAsync("chown", "postgres:postgres", dir);
        }

        var primaryPort = primary.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await PostgresServer.RunPgAsync(root, Path.Combine(bin, "pg_basebackup"), "-h", primary.Host!, "-p", primaryPort, "-U", primary.Username!,
            "-D", dir, "-X", "stream", "-R", "-c", "fast", "-w");
        var port = PostgresServer.FreePort();
        await PostgresServer.RunPgAsync(root, Path.Combine(bin, "pg_ctl"), "-D", dir, "-w", "-l", Path.Combine(dir, "replica.log"), "-o",
            $"-p {port} -k {dir} -c listen_addresses=127.0.0.1 -c hot_standby=on {string.Join(' ', PostgresServer.ServerSettings.Select(s => "-c " + s))}",
            "start");
        return new StreamingReplica(bin, dir, root, primary, port);
    }

    /// <summary>The same connection string (user, database) pointed at the replica.</summary>
    public string For(string connectionString) => new NpgsqlConnectionStringBuilder(connectionString) { Port = Port }.ConnectionString;

    /// <summary>Stops replaying WAL (it keeps receiving it): the replica falls behind.</summary>
    public Task PauseAsync() => OwnerAsync("select pg_wal_replay_pause()");

    public Task ResumeAsync() => OwnerAsync("select pg_wal_replay_resume()");

    /// <summary>
    /// Waits until the replica has replayed every record the primary had inserted when this was called. The insert position,
    /// not the write position: the test clusters commit with synchronous_commit=off, so a commit can still sit in the WAL
    /// buffers, behind pg_current_wal_lsn(), for up to three wal_writer_delay rounds.
    /// </summary>
    public async Task CaughtUpAsync()
    {
        string lsn;
        await using (var conn = new NpgsqlConnection(_primary.ConnectionString))
        {
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand("select pg_current_wal_insert_lsn()::text", conn);
            lsn = (string)(await cmd.ExecuteScalarAsync())!;
        }

        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (!await OwnerAsync<bool>("select pg_last_wal_replay_lsn() >= $1::pg_lsn", lsn))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"the replica did not replay up to {lsn} within a minute");
            }

            await Task.Delay(20);   // polling the condition, not waiting out a guess
        }
    }

    private async Task OwnerAsync(string sql) => await OwnerAsync<object>(sql, null);

    private async Task<T> OwnerAsync<T>(string sql, string? parameter)
    {
        var owner = new NpgsqlConnectionStringBuilder(_primary.ConnectionString) { Port = Port, Pooling = false };
        await using var conn = new NpgsqlConnection(owner.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        if (parameter is not null)
        {
            cmd.Parameters.AddWithValue(parameter);
        }

        var value = await cmd.ExecuteScalarAsync();
        return value is T typed ? typed : default!;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await PostgresServer.RunAsync("sh", "-c", PostgresServer.StopCommand(_bin, _root, _dir) + "; true");
    }
}

/// <summary>
/// The real app over its own PostgreSQL cluster with a streaming replica configured as ConnectionStrings:StorefrontReplica:
/// replicas lagging over 2 s leave the reads, reads stay on the primary 10 s after a write or a catalogue change.
/// </summary>
public sealed class ReplicaApp : StorefrontApp
{
    public const double MaxLagSeconds = 4;
    public const double PrimaryWindowSeconds = 10;

    public StreamingReplica Replica { get; private set; } = null!;

    protected override async Task<TestDatabase> CreateDatabaseAsync()
    {
        var server = await PostgresServer.StartOwnClusterAsync();
        var database = await server.CreateDatabaseAsync(GetType().Name);
        Replica = await StreamingReplica.StartAsync(server.Admin);
        return database;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("ConnectionStrings:StorefrontReplica", Replica.For(Database.AppConnectionString));
        builder.UseSetting("Storefront:ReadReplica:MaxLagSeconds", MaxLagSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Storefront:ReadReplica:CheckSeconds", "1");
        builder.UseSetting("Storefront:ReadReplica:PrimaryWindowSeconds", PrimaryWindowSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (Replica is not null)
        {
            await Replica.DisposeAsync();
        }
    }
}
