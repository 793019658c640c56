// Order-placing load for bench/orders.sh: N buyers (each a shopper signed in on its own HTTP connection) place orders
// back to back for a duration: before each order, two random SKUs of the given list go into the buyer's cart (written
// straight into cart_lines on the buyer's own database connection, as the app role inside the store: the cart API is
// not what is measured), then POST /api/v1/orders with a fresh Idempotency-Key. Only the POST is timed. Prints one JSON
// line: orders placed in the measured window, orders/s, latency percentiles of placing, and non-201 answers.
// With --coupons FILE each buyer first claims the coupons listed (one id a line) through POST /api/v1/coupons/{id}/claim.
// `OrderLoad seed-promotions ...` instead signs in as the demo store's owner and, through the admin API
// (/api/v1/admin/promotions/...), disables the store's live 满减/满折 and, with --count 10, creates 10 live promotions over
// the benchmark's SKUs (see Promotions.cs); it writes the coupons' ids to --coupons-out and prints what it created.
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

if (args.FirstOrDefault() == "seed-promotions")
{
    await Promotions.SeedAsync(args);
    return;
}

var options = args.Select((a, i) => (a, i)).Where(p => p.a.StartsWith("--", StringComparison.Ordinal))
    .ToDictionary(p => p.a[2..], p => args[p.i + 1]);
var url = options["url"];
var host = options["host"];
// The generator's own connections are named, so the CPU accounting below can tell them from the app's backends. Its cart
// insert runs on a generic plan (left to choose, PostgreSQL planned it afresh each time: 0.2 ms of CPU per order taken from the app).
var db = new NpgsqlConnectionStringBuilder(options["db"]) { ApplicationName = "OrderLoad", Options = "-c plan_cache_mode=force_generic_plan" }.ConnectionString;
// One app process, or several (a cluster's nodes, comma-separated): their CPU is added up.
var appPids = options.TryGetValue("app-pid", out var pidText) ? pidText.Split(',').Select(int.Parse).ToArray() : null;
// In front of a cluster's nodes: nginx's and PgBouncer's processes (comma-separated), reported together as proxies.
var proxyPids = options.TryGetValue("proxy-pid", out var proxyText) ? proxyText.Split(',').Select(int.Parse).ToArray() : [];
var tenant = Guid.Parse(options["tenant"]);
var skus = File.ReadAllLines(options["skus"]).Where(l => l.Length > 0).Select(Guid.Parse).ToArray();
var buyers = int.Parse(options.GetValueOrDefault("buyers", "16"));
var duration = TimeSpan.FromSeconds(double.Parse(options.GetValueOrDefault("duration", "20")));
var warmup = TimeSpan.FromSeconds(double.Parse(options.GetValueOrDefault("warmup", "5")));

var couponIds = options.TryGetValue("coupons", out var couponFile)
    ? File.ReadAllLines(couponFile).Where(l => l.Length > 0).Select(Guid.Parse).ToArray()
    : [];
var address = new { name = "压测", phone = "13800138000", province = "上海市", city = "上海市", district = "浦东新区", street = "世纪大道 100 号" };
var clients = new (HttpClient Http, Guid Shopper, NpgsqlConnection Db)[buyers];
for (var i = 0; i < buyers; i++)
{
    var http = new HttpClient(new SocketsHttpHandler { CookieContainer = new CookieContainer(), UseCookies = true, MaxConnectionsPerServer = 1 })
    {
        BaseAddress = new Uri(url),
        Timeout = TimeSpan.FromSeconds(30),
    };
    http.DefaultRequestHeaders.Host = host;
    http.DefaultRequestHeaders.Add("X-Requested-With", "OrderLoad");   // body-less API posts (coupon claims) need it
    var register = await http.PostAsJsonAsync("/api/v1/account/register",
        new { email = $"bench-{Guid.NewGuid():N}@example.com", password = "Bench1234-long", displayName = "压测买家" });
    register.EnsureSuccessStatusCode();
    var shopper = (await register.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("shopperId").GetGuid();
    foreach (var coupon in couponIds)
    {
        using var claim = await http.PostAsync($"/api/v1/coupons/{coupon}/claim", null);
        if (!claim.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"claiming coupon {coupon}: {(int)claim.StatusCode} {await claim.Content.ReadAsStringAsync()}");
        }
    }

    var conn = new NpgsqlConnection(db);
    await conn.OpenAsync();
    await using (var set = new NpgsqlCommand($"select set_config('app.tenant_id', '{tenant}', false)", conn))
    {
        await set.ExecuteNonQueryAsync();
    }

    clients[i] = (http, shopper, conn);
}

var latencies = new ConcurrentBag<double>();
var failures = new ConcurrentDictionary<string, int>();
var started = Stopwatch.StartNew();
var measureFrom = warmup;
var measureTo = warmup + duration;
var placed = 0;
var completed = 0; // every order placed (201) that completed inside the measured window, for the CPU figures

// CPU per order: CPU time (utime + stime, /proc/PID/stat) of the app process and, separately, of the PostgreSQL
// backends serving the app (every backend of the database except this generator's, which write the carts) and of this
// generator's backends, and of this generator's own process (its HTTP client and cart writes), from the start to the end
// of the measured window, divided by the orders completed in it.
var cpu = Task.Run(async () =>
{
    if (appPids is not { } pids)
    {
        return null;
    }

    await using var conn = new NpgsqlConnection(db);
    await conn.OpenAsync();
    await Task.Delay(measureFrom - started.Elapsed);
    var (app0, pg0, gen0) = await CpuAsync(conn, pids);
    var proxies0 = proxyPids.Sum(CpuMs);
    var self0 = Process.GetCurrentProcess().TotalProcessorTime.TotalMilliseconds;
    var done0 = Volatile.Read(ref completed);
    await Task.Delay(measureTo - started.Elapsed);
    var (app1, pg1, gen1) = await CpuAsync(conn, pids);
    var proxies1 = proxyPids.Sum(CpuMs);
    var self1 = Process.GetCurrentProcess().TotalProcessorTime.TotalMilliseconds;
    var orders = Volatile.Read(ref completed) - done0;
    double PerOrder(double ms) => orders == 0 ? 0 : Math.Round(ms / orders, 2);
    return new
    {
        orders,
        appMsPerOrder = PerOrder(app1 - app0),
        postgresMsPerOrder = PerOrder(pg1.Where(b => !gen1.ContainsKey(b.Key)).Sum(b => b.Value - pg0.GetValueOrDefault(b.Key))),
        generatorPostgresMsPerOrder = PerOrder(gen1.Sum(b => b.Value - gen0.GetValueOrDefault(b.Key))),
        generatorMsPerOrder = PerOrder(self1 - self0),
        proxiesMsPerOrder = PerOrder(proxies1 - proxies0),
    };
});

await Task.WhenAll(clients.Select(client => Task.Run(async () =>
{
    var random = new Random();
    await using var add = new NpgsqlCommand("""
        insert into cart_lines (tenant_id, owner_id, sku_id, quantity, selected, price_when_added, added_at, updated_at)
        select $1, $2, s.id, 1, true, s.price, now(), now() from skus s where s.tenant_id = $1 and s.id = any($3)
        on conflict do nothing
        """, client.Db)
    {
        Parameters =
        {
            new() { Value = tenant, NpgsqlDbType = NpgsqlDbType.Uuid },
            new() { Value = client.Shopper, NpgsqlDbType = NpgsqlDbType.Uuid },
            new() { Value = Array.Empty<Guid>(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid },
        },
    };
    await add.PrepareAsync();   // parsed and planned once: the generator's own database work stays small beside the app's
    while (started.Elapsed < measureTo)
    {
        var a = skus[random.Next(skus.Length)];
        var b = skus[random.Next(skus.Length)];
        while (b == a)
        {
            b = skus[random.Next(skus.Length)];
        }

        add.Parameters[2].Value = new[] { a, b };
        await add.ExecuteNonQueryAsync();

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/orders") { Content = JsonContent.Create(new { address }) };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
        var t0 = started.Elapsed;
        string outcome;
        try
        {
            using var response = await client.Http.SendAsync(request);
            await response.Content.LoadIntoBufferAsync();
            outcome = ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            outcome = e.GetType().Name;
        }

        var t1 = started.Elapsed;
        if (outcome == "201" && t1 >= measureFrom && t1 <= measureTo)
        {
            Interlocked.Increment(ref completed);
        }

        if (t0 >= measureFrom && t1 <= measureTo)
        {
            if (outcome == "201")
            {
                Interlocked.Increment(ref placed);
                latencies.Add((t1 - t0).TotalMilliseconds);
            }
            else
            {
                failures.AddOrUpdate(outcome, 1, (_, n) => n + 1);
            }
        }
    }
})));

var cpuPerOrder = await cpu;
var sorted = latencies.Order().ToArray();
double Percentile(double p) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
Console.WriteLine(JsonSerializer.Serialize(new
{
    buyers,
    skus = skus.Length,
    couponsHeld = couponIds.Length,
    seconds = duration.TotalSeconds,
    orders = placed,
    ordersPerSecond = Math.Round(placed / duration.TotalSeconds, 1),
    p50Ms = Math.Round(Percentile(0.50), 2),
    p90Ms = Math.Round(Percentile(0.90), 2),
    p99Ms = Math.Round(Percentile(0.99), 2),
    maxMs = Math.Round(sorted.LastOrDefault(), 2),
    failures,
    cpuPerOrder,
}));
foreach (var client in clients)
{
    await client.Db.DisposeAsync();
    client.Http.Dispose();
}

// CPU time in ms of the app processes, and of each PostgreSQL backend of this database by pid: the app's, this generator's.
static async Task<(double App, Dictionary<int, double> Postgres, Dictionary<int, double> Generator)> CpuAsync(NpgsqlConnection conn, int[] appPids)
{
    var backends = new List<(int Pid, string Name)>();
    await using (var list = new NpgsqlCommand(
        "select pid, coalesce(application_name, '') from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()", conn))
    await using (var reader = await list.ExecuteReaderAsync())
    {
        while (await reader.ReadAsync())
        {
            backends.Add((reader.GetInt32(0), reader.GetString(1)));
        }
    }

    var pg = new Dictionary<int, double>();
    var generator = new Dictionary<int, double>();
    foreach (var (pid, name) in backends)
    {
        (name == "OrderLoad" ? generator : pg)[pid] = CpuMs(pid);
    }

    return (appPids.Sum(CpuMs), pg, generator);
}

// utime + stime of a process (fields 14 and 15 of /proc/PID/stat, after the parenthesised name), in ms; 0 when gone.
static double CpuMs(int pid)
{
    try
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11]) + long.Parse(fields[12])) * 10.0; // USER_HZ = 100
    }
    catch (IOException)
    {
        return 0;
    }
}
