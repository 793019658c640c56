using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Storefront.Web.Infrastructure.Data;
using Testcontainers.PostgreSql;

namespace Storefront.Web.Tests.Infrastructure;

/// <summary>
/// The PostgreSQL of a test run, started once: the server of STOREFRONT_TEST_DB when that is set; else a
/// Testcontainers.PostgreSql container (image STOREFRONT_PG_IMAGE, default postgres:15) when a Docker engine answers;
/// else a throwaway cluster (initdb + pg_ctl on a free port in a temp folder). STOREFRONT_TEST_POSTGRES=docker or
/// embedded picks one (docker: no fallback). Which one ran is reported once on the test output. A template database
/// is migrated once; each test class gets its own database copied from it.
/// </summary>
public sealed class PostgresServer
{
    public const string AppRole = "storefront_app";
    public const string AppPassword = "storefront_app";
    private const string Owner = "storefront_owner";
    private const string Template = "storefront_template";
    internal const string ClusterPrefix = "storefront-pg-";

    // The same fast, throwaway settings for both: nothing here needs to survive a crash.
    internal static readonly string[] ServerSettings =
        ["fsync=off", "synchronous_commit=off", "full_page_writes=off", "max_connections=1000"];

    private static readonly Lazy<Task<PostgresServer>> Instance = new(StartAsync);
    private static readonly SemaphoreSlim CreateLock = new(1, 1);
    private static int _databases;

    private readonly NpgsqlConnectionStringBuilder _admin;

    private PostgresServer(NpgsqlConnectionStringBuilder admin) => _admin = admin;

    public static Task<PostgresServer> GetAsync() => Instance.Value;

    /// <summary>A fresh, migrated database: the owner's connection string and the app role's.</summary>
    public async Task<TestDatabase> CreateDatabaseAsync(string purpose)
    {
        var name = $"t{Environment.ProcessId}_{Interlocked.Increment(ref _databases)}_"
            + $"{new string([.. purpose.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit).Take(30)])}";
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
        new NpgsqlConnectionStringBuilder(_admin.ConnectionString)
        {
            Database = database,
            Username = AppRole,
            Password = AppPassword,
            Pooling = true
        }.ConnectionString;

    /// <summary>The owner's connection to the server (database postgres).</summary>
    internal NpgsqlConnectionStringBuilder Admin => new(Connection("postgres"));

    /// <summary>
    /// A throwaway cluster of its own (initdb + pg_ctl), migrated like the run's: for a test that copies or pauses a whole
    /// server (the read replica), which must not be the server every other test class uses.
    /// </summary>
    internal static async Task<PostgresServer> StartOwnClusterAsync()
    {
        var server = new PostgresServer(await StartClusterAsync());
        await server.MigrateTemplateAsync();
        return server;
    }

    private static async Task<PostgresServer> StartAsync()
    {
        var (admin, description) = await ConnectAsync();
        TestOutput.Report($"PostgreSQL: {description}");
        var server = new PostgresServer(admin);
        await server.MigrateTemplateAsync();
        NpgsqlConnection.ClearAllPools();
        return server;
    }

    private async Task MigrateTemplateAsync()
    {
        await ExecuteAsync(Connection("postgres"), $"drop database if exists {Template}");
        await ExecuteAsync(Connection("postgres"), $"create database {Template}");
        await new Migrator(Connection(Template), AppConnection(Template), NullLogger<Migrator>.Instance).MigrateAsync();
    }

    private static async Task<(NpgsqlConnectionStringBuilder Admin, string Description)> ConnectAsync()
    {
        if (Environment.GetEnvironmentVariable("STOREFRONT_TEST_DB") is { Length: > 0 } external)
        {
            return (new NpgsqlConnectionStringBuilder(external), "STOREFRONT_TEST_DB");
        }

        var mode = Environment.GetEnvironmentVariable("STOREFRONT_TEST_POSTGRES") ?? "";
        var image = Environment.GetEnvironmentVariable("STOREFRONT_PG_IMAGE") is { Length: > 0 } named ? named : "postgres:15";
        var why = "STOREFRONT_TEST_POSTGRES=embedded";
        if (mode != "embedded")
        {
            try
            {
                return (await StartContainerAsync(image), $"Testcontainers ({image})");
            }
            catch (Exception e) when (mode != "docker")
            {
                var message = e.GetBaseException().Message.Split('\n')[0];
                why = message.StartsWith("Docker is either not running", StringComparison.Ordinal)
                    ? "Docker not available"
                    : $"{image} did not start: {message[..Math.Min(message.Length, 200)]}";
            }
        }

        return (await StartClusterAsync(), $"embedded cluster ({why})");
    }

    private static async Task<NpgsqlConnectionStringBuilder> StartContainerAsync(string image)
    {
        var container = new PostgreSqlBuilder()
            .WithImage(image)
            .WithUsername(Owner)
            .WithPassword(Owner)
            .WithDatabase("postgres")
            .WithCommand([.. ServerSettings.SelectMany(s => new[] { "-c", s })])
            // Published on the loopback address only, not on every interface of the machine.
            .WithCreateParameterModifier(p =>
            {
                foreach (var bindings in p.HostConfig.PortBindings.Values)
                {
                    foreach (var binding in bindings)
                    {
                        binding.HostIP = "127.0.0.1";
                    }
                }
            })
            .Build();
        await container.StartAsync();
        // The test host is killed shortly after its last test, so the container is removed once it has gone; Testcontainers'
        // own reaper (Ryuk) does this where its image can be pulled.
        AfterThisProcess($"docker rm -f {container.Id}");
        return new NpgsqlConnectionStringBuilder(container.GetConnectionString());
    }

    private static async Task<NpgsqlConnectionStringBuilder> StartClusterAsync()
    {
        var bin = FindBin() ?? throw new InvalidOperationException(
            "PostgreSQL server binaries (initdb, pg_ctl) not found: install them with 'apt-get install postgresql', or set STOREFRONT_TEST_DB.");
        var root = Environment.UserName == "root";
        await RemoveOrphanedClustersAsync();
        var dir = Path.Combine(Path.GetTempPath(), $"{ClusterPrefix}{Environment.ProcessId}-{Guid.NewGuid():N}"[..40]);
        Directory.CreateDirectory(dir);
        // Stopped and removed once this process has gone, however it ends: the test host is killed shortly after its
        // last test, too soon for a ProcessExit handler to stop the server and delete the folder.
        AfterThisProcess($"{StopCommand(bin, root, dir)}; rm -rf '{dir}'");
        if (root)
        {
            await RunAsync("chown", "postgres:postgres", dir);
        }

        var port = FreePort();
        await RunPgAsync(root, Path.Combine(bin, "initdb"), "-D", dir, "-A", "trust", "-U", Owner, "-E", "UTF8", "--locale=C.UTF-8");
        await RunPgAsync(root, Path.Combine(bin, "pg_ctl"), "-D", dir, "-w", "-l", Path.Combine(dir, "server.log"), "-o",
            $"-p {port} -k {dir} -c listen_addresses=127.0.0.1 {string.Join(' ', ServerSettings.Select(s => "-c " + s))}",
            "start");
        return new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = port, Username = Owner, Database = "postgres" };
    }

    /// <summary>
    /// Clusters left by a test host that was killed before its clean-up ran: the process whose id the folder name
    /// carries has gone, so nothing uses the server any more; it is stopped and its folder removed.
    /// </summary>
    internal static async Task RemoveOrphanedClustersAsync()
    {
        var bin = FindBin();
        var root = Environment.UserName == "root";
        foreach (var old in Directory.GetDirectories(Path.GetTempPath(), ClusterPrefix + "*"))
        {
            var owner = Path.GetFileName(old).Split('-') is [_, _, var pid, ..] && int.TryParse(pid, out var id) ? id : 0;
            if (owner == 0 || Directory.Exists($"/proc/{owner}"))
            {
                continue;
            }

            try
            {
                await RunAsync("sh", "-c", $"{(bin is null ? "" : StopCommand(bin, root, old) + "; ")}rm -rf '{old}'");
            }
            catch (InvalidOperationException)
            {
                // Not ours to remove (another user's temp folder); it does not stop this run.
            }
        }
    }

    internal static string StopCommand(string bin, bool root, string dir) =>
        $"{(root ? "runuser -u postgres -- " : "")}'{Path.Combine(bin, "pg_ctl")}' -D '{dir}' -m immediate stop >/dev/null 2>&1";

    /// <summary>Runs a shell command once this process has exited (a detached watcher: it outlives a killed test host).</summary>
    internal static void AfterThisProcess(string command)
    {
        var start = new ProcessStartInfo("setsid") { UseShellExecute = false };
        foreach (var a in new[] { "-f", "sh", "-c", $"exec </dev/null >/dev/null 2>&1; tail --pid={Environment.ProcessId} -f /dev/null; {command}" })
        {
            start.ArgumentList.Add(a);
        }

        using var watcher = Process.Start(start)!;
        watcher.WaitForExit();
    }

    internal static string? FindBin()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':'))
        {
            if (File.Exists(Path.Combine(dir, "initdb")) && File.Exists(Path.Combine(dir, "pg_ctl")))
            {
                return dir;
            }
        }

        return Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).OrderDescending()
                .FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")))
            : null;
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    internal static Task RunPgAsync(bool asPostgresUser, string file, params string[] args) =>
        asPostgresUser ? RunAsync("runuser", ["-u", "postgres", "--", file, .. args]) : RunAsync(file, args);

    internal static async Task RunAsync(string file, params string[] args)
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
