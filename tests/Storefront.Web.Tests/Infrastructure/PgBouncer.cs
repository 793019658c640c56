using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Storefront.Web.Tests.Infrastructure;

/// <summary>
/// Debian's PgBouncer (1.18) in transaction mode on a free loopback port in front of the test PostgreSQL, for one
/// database: every database name passes through (<see cref="ConnectionString"/>), and "{database}_single" is the same
/// database with one server connection, so two clients take turns on it (<see cref="SingleConnectionString"/>).
/// A missing pgbouncer fails the test with what to install: ./test.sh installs it as root.
/// </summary>
public sealed class PgBouncer : IAsyncDisposable
{
    /// <summary>Server connections per database and user for the app: few, so that the app's clients share them.</summary>
    public const int PoolSize = 3;

    private readonly Process _process;
    private readonly string _folder;

    private PgBouncer(Process process, string folder, string connectionString, string singleConnectionString)
    {
        _process = process;
        _folder = folder;
        ConnectionString = connectionString;
        SingleConnectionString = singleConnectionString;
    }

    /// <summary>The app role's connection string through PgBouncer.</summary>
    public string ConnectionString { get; }

    /// <summary>The same through a pool of one server connection.</summary>
    public string SingleConnectionString { get; }

    public static async Task<PgBouncer> StartAsync(string appConnectionString)
    {
        var binary = Environment.GetEnvironmentVariable("STOREFRONT_PGBOUNCER") ?? "/usr/sbin/pgbouncer";
        if (!File.Exists(binary))
        {
            throw new InvalidOperationException(
                $"PgBouncer is missing ({binary}) for the PgBouncer tests: install it with 'sudo apt-get install pgbouncer' (./test.sh does so as root).");
        }

        var app = new NpgsqlConnectionStringBuilder(appConnectionString);
        var port = FreePort();
        var folder = Directory.CreateTempSubdirectory("storefront-pgbouncer-").FullName;
        var server = $"host={app.Host} port={app.Port}";
        File.WriteAllText(Path.Combine(folder, "users.txt"), $"\"{app.Username}\" \"{app.Password}\"\n");
        File.WriteAllText(Path.Combine(folder, "pgbouncer.ini"), $"""
            [databases]
            * = {server}
            {app.Database}_single = {server} dbname={app.Database} pool_size=1
            [pgbouncer]
            listen_addr = 127.0.0.1
            listen_port = {port}
            unix_socket_dir =
            auth_type = trust
            auth_file = {folder}/users.txt
            pool_mode = transaction
            default_pool_size = {PoolSize}
            max_client_conn = 500
            ignore_startup_parameters = extra_float_digits
            logfile = {folder}/pgbouncer.log
            """);
        // PgBouncer refuses to run as root: as root it runs as the postgres system user (the PostgreSQL package made it).
        var root = Environment.UserName == "root";
        if (root && !OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(folder, (UnixFileMode)0x1FF);   // 777: the postgres user writes its log here
        }

        var start = new ProcessStartInfo(root ? "runuser" : binary) { RedirectStandardOutput = true, RedirectStandardError = true };
        if (root)
        {
            foreach (var arg in new[] { "-u", "postgres", "--", binary })
            {
                start.ArgumentList.Add(arg);
            }
        }

        start.ArgumentList.Add(Path.Combine(folder, "pgbouncer.ini"));

        var process = Process.Start(start) ?? throw new InvalidOperationException("pgbouncer did not start");
        var through = new NpgsqlConnectionStringBuilder(appConnectionString) { Host = "127.0.0.1", Port = port };
        var bouncer = new PgBouncer(process, folder, through.ConnectionString,
            new NpgsqlConnectionStringBuilder(through.ConnectionString) { Database = app.Database + "_single", Pooling = false }.ConnectionString);
        await bouncer.WaitListeningAsync(port);
        return bouncer;
    }

    private async Task WaitListeningAsync(int port)
    {
        var until = DateTime.UtcNow.AddMinutes(1);
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"pgbouncer exited ({_process.ExitCode}): {await _process.StandardError.ReadToEndAsync()} {Log()}");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < until)
            {
                await Task.Delay(50);   // polling for the port to open
            }
        }
    }

    private string Log()
    {
        var log = Path.Combine(_folder, "pgbouncer.log");
        return File.Exists(log) ? File.ReadAllText(log) : "";
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}

/// <summary>
/// The app with its connections through <see cref="PgBouncer"/> in transaction mode (Storefront:Database:PgBouncer: the
/// store set per transaction, no auto-prepare); its LISTEN connection goes to PostgreSQL directly, as it must.
/// <see cref="StorefrontApp.Database"/>'s app connection string is the bouncer's, so raw SQL in tests goes through it too.
/// </summary>
public sealed class PgBouncerApp : StorefrontApp
{
    private string _direct = "";

    public PgBouncer Bouncer { get; private set; } = null!;

    protected override async Task<TestDatabase> CreateDatabaseAsync()
    {
        var database = await base.CreateDatabaseAsync();
        _direct = database.AppConnectionString;
        Bouncer = await PgBouncer.StartAsync(database.AppConnectionString);
        return database with { AppConnectionString = Bouncer.ConnectionString };
    }

    protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Storefront:Database:PgBouncer", "true");
        builder.UseSetting("ConnectionStrings:StorefrontListen", _direct);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (Bouncer is not null)
        {
            await Bouncer.DisposeAsync();
        }
    }
}
