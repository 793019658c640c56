using System.Diagnostics;
using System.Globalization;
using Npgsql;
using Storefront.Web.Infrastructure.Data;

namespace Storefront.Web.Features.Platform;

/// <summary>
/// Moves one store's rows from the cluster it lives on to another (issue 20 item 7; docs/decisions/0052-store-moves.md):
/// read-only, wait for the commands already running, copy every table with a tenant_id column in foreign-key order in one
/// transaction on the target, verify each table (row count and an md5 of its rows), flip the directory, then delete the
/// store's rows on the source after <c>--delete-after</c> seconds (default 5: nodes hear the flip first) unless
/// <c>--keep-source</c>. Runs as the owner of both clusters (Admin connections), with triggers off while it copies
/// (session_replication_role = replica: the audit chain and the rollups are copied, not recomputed).
/// </summary>
public static class MoveStore
{
    /// <summary>The advisory lock class of a store's commands (app_store_writable, migration 0049).</summary>
    private const int LockClass = 20;

    public sealed record TableCopy(string Table, long Rows, string Checksum);

    public sealed record Result(Guid StoreId, string From, string To, IReadOnlyList<TableCopy> Tables, TimeSpan ReadOnly, TimeSpan Total);

    /// <summary>Why a move did not start (exit code and one line) or did not finish (exit code 1, nothing changed).</summary>
    public sealed class RefusedException(int exitCode, string message) : Exception(message)
    {
        public int ExitCode { get; } = exitCode;
    }

    /// <summary>
    /// <c>move-store --store demo --to B [--delete-after 5 | --keep-source]</c>: 0 moved; 1 failed (the store stays where it was);
    /// 2 unknown store or bad arguments; 3 unknown cluster (or one this node has no admin connection for); 4 already there.
    /// </summary>
    public static async Task<int> CommandLineAsync(IServiceProvider services, string[] args, TextWriter output)
    {
        string? Arg(string name) => Array.IndexOf(args, name) is var at and >= 0 && at + 1 < args.Length ? args[at + 1] : null;
        var (slug, to) = (Arg("--store"), Arg("--to"));
        var deleteAfter = Arg("--delete-after") is { } given ? int.TryParse(given, CultureInfo.InvariantCulture, out var s) && s >= 0 ? s : -1 : 5;
        if (slug is null || to is null || deleteAfter < 0)
        {
            await output.WriteLineAsync(PlatformText.MoveUsage);
            return 2;
        }

        try
        {
            var result = await RunAsync(services, slug, to, args.Contains("--keep-source") ? null : TimeSpan.FromSeconds(deleteAfter), default);
            foreach (var table in result.Tables.Where(t => t.Rows > 0))
            {
                await output.WriteLineAsync($"  {table.Table}: {table.Rows} {table.Checksum}");
            }

            await output.WriteLineAsync(string.Format(CultureInfo.CurrentCulture, PlatformText.MoveDone, slug, result.From, result.To,
                result.Tables.Sum(t => t.Rows), result.Tables.Count, (int)result.ReadOnly.TotalMilliseconds));
            return 0;
        }
        catch (RefusedException e)
        {
            await output.WriteLineAsync(e.Message);
            return e.ExitCode;
        }
    }

    /// <summary>The move; <paramref name="deleteAfter"/> null keeps the store's rows on the source (fenced: nothing writes them).</summary>
    public static async Task<Result> RunAsync(IServiceProvider services, string slug, string to, TimeSpan? deleteAfter, CancellationToken ct)
    {
        var clusters = services.GetRequiredService<StoreClusters>();
        var log = services.GetRequiredService<ILogger<Result>>();
        var directory = clusters.Find(StoreClusters.Default)!;
        await using var dir = await OpenAsync(directory, ct);
        var (storeId, from) = await PlacementAsync(dir, slug, ct)
            ?? throw new RefusedException(2, string.Format(CultureInfo.CurrentCulture, PlatformText.MoveUnknownStore, slug));
        var target = clusters.Find(to) is { Admin: not null } t ? t
            : throw new RefusedException(3, string.Format(CultureInfo.CurrentCulture, PlatformText.MoveUnknownCluster, to));
        if (from == target.Name)
        {
            throw new RefusedException(4, string.Format(CultureInfo.CurrentCulture, PlatformText.MoveAlreadyThere, slug, to));
        }

        var source = clusters.Find(from) is { Admin: not null } f ? f
            : throw new RefusedException(3, string.Format(CultureInfo.CurrentCulture, PlatformText.MoveUnknownCluster, from));
        var total = Stopwatch.StartNew();
        await using var src = from == StoreClusters.Default ? null : await OpenAsync(source, ct);
        var origin = src ?? dir;
        await using var dst = await OpenAsync(target, ct);

        // 1. Read-only: commands that start now are refused; then wait for those already running (they hold the lock shared).
        await PlaceAsync(dir, storeId, from, readOnly: true, ct);
        if (src is not null)
        {
            await PlaceAsync(src, storeId, from, readOnly: true, ct);
        }

        var readOnly = Stopwatch.StartNew();
        await using var locker = await OpenAsync(source, ct);
        await ExecuteAsync(locker, $"select pg_advisory_lock({LockClass}, hashtext('{storeId}'))", ct);
        List<TableCopy> copied;
        try
        {
            copied = await CopyAsync(origin, dst, storeId, target.Name, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Nothing was committed on the target: the store stays where it was and becomes writable again.
            await PlaceAsync(dir, storeId, from, readOnly: false, CancellationToken.None);
            if (src is not null)
            {
                await PlaceAsync(src, storeId, from, readOnly: false, CancellationToken.None);
            }

            log.LogError(e, "Moving store {Store} from {From} to {To} failed; it stays where it was", slug, from, target.Name);
            throw new RefusedException(1, string.Format(CultureInfo.CurrentCulture, PlatformText.MoveFailed, slug, e.GetBaseException().Message));
        }

        // 2. Flip: the directory names the target and every node forgets its cached answer. The source keeps a row naming the
        // target, which fences it against a node that has not heard yet.
        await PlaceAsync(dir, storeId, target.Name, readOnly: false, ct);
        if (src is not null)
        {
            await PlaceAsync(src, storeId, target.Name, readOnly: false, ct);
        }

        await ExecuteAsync(dir, $"select pg_notify('{StoreClusters.DirectoryChannel}', '{storeId}')", ct);
        clusters.DirectoryChanged();   // this process, at once (a node hears the NOTIFY)
        readOnly.Stop();
        await ExecuteAsync(locker, $"select pg_advisory_unlock({LockClass}, hashtext('{storeId}'))", ct);
        log.LogInformation("Store {Store} moved from {From} to {To}: {Rows} rows, read-only for {ReadOnlyMs} ms", slug, from, target.Name,
            copied.Sum(c => c.Rows), readOnly.ElapsedMilliseconds);

        // 3. The source's rows, once every node has heard of the flip (a node that has not serves reads from them until then).
        if (deleteAfter is { } wait)
        {
            await Task.Delay(wait, ct);
            await DeleteAsync(origin, storeId, [.. copied.Select(c => c.Table).Reverse()], ct);
        }

        return new Result(storeId, from, target.Name, copied, readOnly.Elapsed, total.Elapsed);
    }

    private static async Task<(Guid Id, string Cluster)?> PlacementAsync(NpgsqlConnection dir, string slug, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(
            "select s.id, coalesce(p.cluster, $2) from stores s left join store_placements p on p.store_id = s.id where s.slug = $1", dir);
        cmd.Parameters.AddWithValue(slug);
        cmd.Parameters.AddWithValue(StoreClusters.Default);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? (reader.GetGuid(0), reader.GetString(1)) : null;
    }

    private static async Task PlaceAsync(NpgsqlConnection conn, Guid store, string cluster, bool readOnly, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand("""
            insert into store_placements (store_id, cluster, read_only_since) values ($1, $2, case when $3 then now() end)
            on conflict (store_id) do update set cluster = excluded.cluster, read_only_since = excluded.read_only_since, changed_at = now()
            """, conn);
        cmd.Parameters.AddWithValue(store);
        cmd.Parameters.AddWithValue(cluster);
        cmd.Parameters.AddWithValue(readOnly);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// One transaction on the target: the store's platform rows it refers to (its stores row, its staff accounts and their
    /// sessions, its shoppers' sessions), then every store table's rows by binary COPY, sequences set, each table verified
    /// against the source, and the target's placement row (writable there) committed with the data.
    /// </summary>
    private static async Task<List<TableCopy>> CopyAsync(NpgsqlConnection src, NpgsqlConnection dst, Guid store, string targetName,
        CancellationToken ct)
    {
        var tables = await StoreTablesAsync(dst, ct);
        var sourceTables = await StoreTablesAsync(src, ct);
        static string Shape(IEnumerable<StoreTable> all) => string.Join(";", all.Select(t => t.Name + ":" + string.Join(",", t.Columns)));
        if (Shape(tables) != Shape(sourceTables))
        {
            throw new InvalidOperationException("the two clusters' schemas differ: migrate both first");
        }

        await using var read = await src.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct);
        await using var write = await dst.BeginTransactionAsync(ct);
        foreach (var conn in new[] { src, dst })
        {
            await ExecuteAsync(conn, $"set local session_replication_role = replica; select set_config('app.tenant_id', '{store}', true)", ct);
        }

        // Rows a failed or earlier move (one away from here, kept) may have left on the target are not this store's data any more.
        foreach (var table in Enumerable.Reverse(tables))
        {
            await ExecuteAsync(dst, $"delete from {Quote(table.Name)} where tenant_id = '{store}'", ct);
        }

        await CopyPlatformRowsAsync(src, dst, store, ct);
        var copies = new List<TableCopy>();
        foreach (var table in tables)
        {
            var columns = string.Join(", ", table.Columns.Select(Quote));
            await using (var outOf = await src.BeginRawBinaryCopyAsync(
                $"copy (select {columns} from {Quote(table.Name)} where tenant_id = '{store}') to stdout (format binary)", ct))
            await using (var into = await dst.BeginRawBinaryCopyAsync($"copy {Quote(table.Name)} ({columns}) from stdin (format binary)", ct))
            {
                await outOf.CopyToAsync(into, ct);
            }

            var (rows, sum) = await ChecksumAsync(src, table, store, ct);
            var (copiedRows, copiedSum) = await ChecksumAsync(dst, table, store, ct);
            if (rows != copiedRows || sum != copiedSum)
            {
                throw new InvalidOperationException($"{table.Name}: {rows} rows ({sum}) on the source, {copiedRows} ({copiedSum}) on the target");
            }

            copies.Add(new TableCopy(table.Name, rows, sum));
        }

        await SequencesAsync(src, dst, store, tables, ct);
        await PlaceAsync(dst, store, targetName, readOnly: false, ct);
        await write.CommitAsync(ct);
        await read.CommitAsync(ct);
        return copies;
    }

    /// <summary>Platform rows the store's rows refer to, upserted (stores) or added when missing (staff accounts, sessions).</summary>
    private static async Task CopyPlatformRowsAsync(NpgsqlConnection src, NpgsqlConnection dst, Guid store, CancellationToken ct)
    {
        (string Table, string Where, string Conflict)[] rows =
        [
            ("stores", $"id = '{store}'", "(id) do update set {0}"),
            ("staff_accounts", $"id in (select staff_id from staff_roles where tenant_id = '{store}')", "do nothing"),
            ("account_sessions", $"account_id in (select staff_id from staff_roles where tenant_id = '{store}' "
                + $"union all select id from shoppers where tenant_id = '{store}')", "do nothing"),
        ];
        foreach (var (table, where, conflict) in rows)
        {
            var columns = (await ColumnsAsync(dst, table, ct)).Select(Quote).ToList();
            var list = string.Join(", ", columns);
            string json;
            await using (var cmd = new NpgsqlCommand($"select coalesce(json_agg(r), '[]')::text from (select {list} from {table} where {where}) r", src))
            {
                json = (string)(await cmd.ExecuteScalarAsync(ct))!;
            }

            var set = string.Join(", ", columns.Select(c => $"{c} = excluded.{c}"));
            await using var insert = new NpgsqlCommand(
                $"insert into {table} ({list}) select {list} from json_populate_recordset(null::{table}, $1::json) on conflict "
                + string.Format(CultureInfo.InvariantCulture, conflict, set), dst);
            insert.Parameters.AddWithValue(json);
            await insert.ExecuteNonQueryAsync(ct);
        }
    }

    /// <summary>The store's order-number sequence carried over, and identity columns moved past the copied values.</summary>
    private static async Task SequencesAsync(NpgsqlConnection src, NpgsqlConnection dst, Guid store, List<StoreTable> tables, CancellationToken ct)
    {
        // pg_sequences.last_value: null until the first number is taken.
        object? last;
        await using (var cmd = new NpgsqlCommand(
            $"select last_value from pg_sequences where schemaname = 'public' and sequencename = app_order_number_sequence('{store}')", src))
        {
            last = await cmd.ExecuteScalarAsync(ct);
        }

        await ExecuteAsync(dst, $"""
            do $$ begin execute format('create sequence if not exists public.%I as bigint minvalue 1 no cycle',
                app_order_number_sequence('{store}')); end $$
            """, ct);
        if (last is long taken)
        {
            await ExecuteAsync(dst, $"select setval(format('public.%I', app_order_number_sequence('{store}'))::regclass, {taken}, true)", ct);
        }

        foreach (var table in tables)
        {
            foreach (var column in table.Identity)
            {
                await ExecuteAsync(dst, $"""
                    select setval(pg_get_serial_sequence('{table.Name}', '{column}'), m)
                    from (select max({Quote(column)}) m from {Quote(table.Name)}) x
                    where m is not null and m > (select coalesce(last_value, 0) from pg_sequences
                        where (schemaname || '.' || sequencename)::regclass = pg_get_serial_sequence('{table.Name}', '{column}')::regclass)
                    """, ct);
            }
        }
    }

    private static async Task DeleteAsync(NpgsqlConnection conn, Guid store, List<string> childrenFirst, CancellationToken ct)
    {
        await using var tx = await conn.BeginTransactionAsync(ct);
        await ExecuteAsync(conn, $"set local session_replication_role = replica; select set_config('app.tenant_id', '{store}', true)", ct);
        foreach (var table in childrenFirst)
        {
            await ExecuteAsync(conn, $"delete from {Quote(table)} where tenant_id = '{store}'", ct);
        }

        await tx.CommitAsync(ct);
    }

    /// <summary>Row count and an md5 of the rows' text (in a fixed order) of one store in one table.</summary>
    private static async Task<(long Rows, string Sum)> ChecksumAsync(NpgsqlConnection conn, StoreTable table, Guid store, CancellationToken ct)
    {
        var columns = string.Join(", ", table.Columns.Select(Quote));
        await using var cmd = new NpgsqlCommand($"""
            select count(*), coalesce(md5(string_agg(r::text, e'\n' order by r::text)), '')
            from (select {columns} from {Quote(table.Name)} where tenant_id = '{store}') r
            """, conn);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return (reader.GetInt64(0), reader.GetString(1));
    }

    private sealed record StoreTable(string Name, IReadOnlyList<string> Columns, IReadOnlyList<string> Identity);

    /// <summary>
    /// Every table of the schema with a tenant_id column (so a table added later moves without a change here), parents before
    /// children by their foreign keys, with its stored columns (not generated ones) in order.
    /// </summary>
    private static async Task<List<StoreTable>> StoreTablesAsync(NpgsqlConnection conn, CancellationToken ct)
    {
        var tables = new Dictionary<string, (List<string> Columns, List<string> Identity)>(StringComparer.Ordinal);
        await using (var cmd = new NpgsqlCommand("""
            select c.relname, string_agg(a.attname, ',' order by a.attnum),
                   coalesce(string_agg(a.attname, ',' order by a.attnum) filter (where a.attidentity <> ''), '')
            from pg_class c join pg_namespace n on n.oid = c.relnamespace
            join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped and a.attgenerated = ''
            where n.nspname = 'public' and c.relkind in ('r', 'p')
              and exists (select 1 from pg_attribute t where t.attrelid = c.oid and t.attname = 'tenant_id' and not t.attisdropped)
            group by c.relname
            """, conn))
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                tables[reader.GetString(0)] = ([.. reader.GetString(1).Split(',')], [.. reader.GetString(2).Split(',', StringSplitOptions.RemoveEmptyEntries)]);
            }
        }

        var parents = tables.Keys.ToDictionary(t => t, _ => new HashSet<string>(StringComparer.Ordinal), StringComparer.Ordinal);
        await using (var cmd = new NpgsqlCommand("""
            select c.relname, p.relname from pg_constraint k
            join pg_class c on c.oid = k.conrelid join pg_class p on p.oid = k.confrelid
            where k.contype = 'f' and c.relnamespace = 'public'::regnamespace
            """, conn))
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                var (child, parent) = (reader.GetString(0), reader.GetString(1));
                if (child != parent && parents.ContainsKey(child) && tables.ContainsKey(parent))
                {
                    parents[child].Add(parent);
                }
            }
        }

        var ordered = new List<StoreTable>();
        var placed = new HashSet<string>(StringComparer.Ordinal);
        while (placed.Count < tables.Count)
        {
            var next = tables.Keys.Where(t => !placed.Contains(t) && parents[t].All(placed.Contains)).Order(StringComparer.Ordinal).ToList();
            if (next.Count == 0)
            {
                next = [.. tables.Keys.Where(t => !placed.Contains(t)).Order(StringComparer.Ordinal)];   // a cycle: triggers are off anyway
            }

            foreach (var t in next)
            {
                placed.Add(t);
                ordered.Add(new StoreTable(t, tables[t].Columns, tables[t].Identity));
            }
        }

        return ordered;
    }

    private static async Task<List<string>> ColumnsAsync(NpgsqlConnection conn, string table, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(
            "select attname from pg_attribute where attrelid = $1::regclass and attnum > 0 and not attisdropped and attgenerated = '' order by attnum", conn);
        cmd.Parameters.AddWithValue(table);
        var columns = new List<string>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            columns.Add(reader.GetString(0));
        }

        return columns;
    }

    private static async Task<NpgsqlConnection> OpenAsync(StoreClusters.Cluster cluster, CancellationToken ct)
    {
        // The same text for timestamps on both sides (the checksums compare rows as text).
        var conn = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(cluster.Admin) { Pooling = false, Timezone = "UTC" }.ConnectionString);
        await conn.OpenAsync(ct);
        return conn;
    }

    private static async Task ExecuteAsync(NpgsqlConnection conn, string sql, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private static string Quote(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
