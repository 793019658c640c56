using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Storefront.Web.Infrastructure.Data;

namespace Storefront.Web.Tests.Infrastructure;

/// <summary>
/// The PostgreSQL of a test run: a throwaway cluster (initdb + pg_ctl on a free port in a temp folder) started
/// once per run, or the server of STOREFRONT_TEST_DB when that is set. A template database is migrated once;
/// each test class gets its own database copied from it.
/// </summary>
public sealed class PostgresServer
{
    public const string AppRole = "storefront_app";
    public const string AppPassword = "storefront_app";
    private const string Template = "storefront_template";

    private static readonly Lazy<Task<PostgresServer>> Instance = new(StartAsync);
    private static readonly SemaphoreSlim CreateLock = new(1, 1);
    private static int _databases;

    private readonly NpgsqlConnectionStringBuilder _admin;

    private PostgresServer(NpgsqlConnectionStringBuilder admin) => _admin = admin;

    public static Task<PostgresServer> GetAsync() => Instance.Value;

    /// <summary>A fresh, migrated database: the owner's connection string and the app role's.</summary>
    public async Task<TestDatabase> CreateDatabaseAsync(string purpose)
    {
        var name = $"t{Environment.ProcessId}_{Interlocked.Increment(ref _databases)}_{new string(purpose.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit).Take(30).ToArray())}";
        await CreateLock.WaitAsync();
        try
        {
            await ExecuteAsync(Connection("postgres"), $"create database \"{name}\" template {Template}");
        }
        finally
        {
            CreateLock.Release();
        }

        return new TestDatabase(Connection(name), AppConnection(name));
    }

    private string Connection(string database) =>
        new NpgsqlConnectionStringBuilder(_admin.ConnectionString) { Database = database, Pooling = false }.ConnectionString;

    private string AppConnection(string database) =>
        new NpgsqlConnectionStringBuilder(_admin.ConnectionString) { Database = database, Username = AppRole, Password = AppPassword, Pooling = true }.ConnectionString;

    private static async Task<PostgresServer> StartAsync()
    {
        var external = Environment.GetEnvironmentVariable("STOREFRONT_TEST_DB");
        var admin = external is { Length: > 0 }
            ? new NpgsqlConnectionStringBuilder(external)
            : await StartClusterAsync();
        var server = new PostgresServer(admin);
        await ExecuteAsync(server.Connection("postgres"), $"drop database if exists {Template}");
        await ExecuteAsync(server.Connection("postgres"), $"create database {Template}");
        await new Migrator(server.Connection(Template), server.AppConnection(Template), NullLogger<Migrator>.Instance).MigrateAsync();
        NpgsqlConnection.ClearAllPools();
        return server;
    }

    private static async Task<NpgsqlConnectionStringBuilder> StartClusterAsync()
    {
        var bin = FindBin() ?? throw new InvalidOperationException(
            "PostgreSQL server binaries (initdb, pg_ctl) not found: install them with 'apt-get install postgresql', or set STOREFRONT_TEST_DB.");
        RemoveStaleClusters();
        var dir = Path.Combine(Path.GetTempPath(), $"storefront-pg-{Environment.ProcessId}-{Guid.NewGuid():N}"[..40]);
        Directory.CreateDirectory(dir);
        var root = Environment.UserName == "root";
        if (root)
        {
            await RunAsync("chown", "postgres:postgres", dir);
        }

        var port = FreePort();
        await RunPgAsync(root, Path.Combine(bin, "initdb"), "-D", dir, "-A", "trust", "-U", "storefront_owner", "-E", "UTF8", "--locale=C.UTF-8");
        await RunPgAsync(root, Path.Combine(bin, "pg_ctl"), "-D", dir, "-w", "-l", Path.Combine(dir, "server.log"), "-o",
            $"-p {port} -k {dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=1000",
            "start");
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                RunPgAsync(root, Path.Combine(bin, "pg_ctl"), "-D", dir, "-m", "immediate", "stop").GetAwaiter().GetResult();
                Directory.Delete(dir, recursive: true);
            }
            catch (Exception)
            {
                // Best effort: the folder is under the temp directory.
            }
        };
        return new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = port, Username = "storefront_owner", Database = "postgres" };
    }

    /// <summary>Clusters of earlier runs whose server is gone (a killed test host cannot clean up after itself).</summary>
    private static void RemoveStaleClusters()
    {
        foreach (var old in Directory.GetDirectories(Path.GetTempPath(), "storefront-pg-*"))
        {
            var pidFile = Path.Combine(old, "postmaster.pid");
            try
            {
                var alive = File.Exists(pidFile) && int.TryParse(File.ReadLines(pidFile).First(), out var pid) && Directory.Exists($"/proc/{pid}");
                if (!alive && Directory.GetCreationTimeUtc(old) < DateTime.UtcNow.AddMinutes(-2))
                {
                    Directory.Delete(old, recursive: true);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Another run's folder still in use or not ours to remove.
            }
        }
    }

    private static string? FindBin()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':'))
        {
            if (File.Exists(Path.Combine(dir, "initdb")) && File.Exists(Path.Combine(dir, "pg_ctl")))
            {
                return dir;
            }
        }

        return Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).OrderDescending().FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")))
            : null;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static Task RunPgAsync(bool asPostgresUser, string file, params string[] args) =>
        asPostgresUser ? RunAsync("runuser", ["-u", "postgres", "--", file, .. args]) : RunAsync(file, args);

    private static async Task RunAsync(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetTempPath() };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({process.ExitCode}): {await stderr} {await stdout}");
        }
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync();
    }
}

public sealed record TestDatabase(string AdminConnectionString, string AppConnectionString);
