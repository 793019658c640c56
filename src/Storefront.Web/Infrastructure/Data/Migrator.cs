using System.Reflection;
using Npgsql;

namespace Storefront.Web.Infrastructure.Data;

/// <summary>
/// Applies the ordered SQL scripts embedded beside this file, once each, under a PostgreSQL advisory lock so that
/// several instances starting together migrate once. It connects as the owner (ConnectionStrings:StorefrontAdmin),
/// makes sure the application role of ConnectionStrings:Storefront exists without SUPERUSER or BYPASSRLS, and grants it
/// data access only: the app role owns no table, so row-level security binds it. The audit trail is append-only to it:
/// it may insert and read audit_log, and only read the chain heads and the archive (docs/decisions/0037-audit-chain.md).
/// </summary>
public sealed class Migrator(string adminConnectionString, string appConnectionString, ILogger<Migrator> log)
{
    internal const long AdvisoryLockKey = 0x53746f726566;  // "Storef"

    public static IReadOnlyList<(string Version, string Sql)> Scripts { get; } = LoadScripts();

    public async Task<int> MigrateAsync(CancellationToken ct = default)
    {
        await using var conn = new NpgsqlConnection(adminConnectionString);
        await conn.OpenAsync(ct);
        await ExecuteAsync(conn, $"select pg_advisory_lock({AdvisoryLockKey})", ct);
        try
        {
            await ExecuteAsync(
                conn, "create table if not exists schema_migrations (version text primary key, applied_at timestamptz not null default now())", ct);
            var applied = new HashSet<string>();
            await using (var cmd = new NpgsqlCommand("select version from schema_migrations", conn))
            await using (var reader = await cmd.ExecuteReaderAsync(ct))
            {
                while (await reader.ReadAsync(ct))
                {
                    applied.Add(reader.GetString(0));
                }
            }

            var count = 0;
            foreach (var (version, sql) in Scripts.Where(s => !applied.Contains(s.Version)))
            {
                await using var tx = await conn.BeginTransactionAsync(ct);
                await ExecuteAsync(conn, sql, ct);
                await using (var record = new NpgsqlCommand("insert into schema_migrations (version) values ($1)", conn))
                {
                    record.Parameters.AddWithValue(version);
                    await record.ExecuteNonQueryAsync(ct);
                }

                await tx.CommitAsync(ct);
                log.LogInformation("Applied migration {MigrationVersion}", version);
                count++;
            }

            await EnsureAppRoleAsync(conn, ct);
            return count;
        }
        finally
        {
            await ExecuteAsync(conn, $"select pg_advisory_unlock({AdvisoryLockKey})", CancellationToken.None);
        }
    }

    private async Task EnsureAppRoleAsync(NpgsqlConnection conn, CancellationToken ct)
    {
        var app = new NpgsqlConnectionStringBuilder(appConnectionString);
        var admin = new NpgsqlConnectionStringBuilder(adminConnectionString);
        if (string.IsNullOrEmpty(app.Username) || app.Username == admin.Username)
        {
            throw new InvalidOperationException(
                "ConnectionStrings:Storefront must name its own role (not the migration owner), so that row-level security binds the app.");
        }

        var role = QuoteIdent(app.Username);
        var password = app.Password is { Length: > 0 } p ? $" password {QuoteLiteral(p)}" : "";
        await using (var exists = new NpgsqlCommand("select 1 from pg_roles where rolname = $1", conn))
        {
            exists.Parameters.AddWithValue(app.Username);
            if (await exists.ExecuteScalarAsync(ct) is null)
            {
                await ExecuteAsync(conn, $"create role {role} login nosuperuser nobypassrls{password}", ct);
                log.LogInformation("Created application role {Role}", app.Username);
            }
            else
            {
                await ExecuteAsync(conn, $"alter role {role} nosuperuser nobypassrls", ct);
            }
        }

        await ExecuteAsync(conn, $"""
            revoke create on schema public from public;
            grant usage on schema public to {role};
            grant select, insert, update, delete on all tables in schema public to {role};
            revoke insert, update, delete on schema_migrations from {role};
            revoke update, delete, truncate on audit_log from {role};
            revoke insert, update, delete, truncate on audit_chain_heads, audit_log_archive from {role};
            revoke insert, update, delete, truncate on store_placements from {role};
            grant usage, select on all sequences in schema public to {role};
            """, ct);
    }

    /// <summary>Without a command timeout: a script may take minutes over a large store, and another node waits for it on the lock.</summary>
    private static async Task ExecuteAsync(NpgsqlConnection conn, string sql, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql, conn) { CommandTimeout = 0 };
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private static string QuoteIdent(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static string QuoteLiteral(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    private static List<(string, string)> LoadScripts()
    {
        var assembly = typeof(Migrator).Assembly;
        const string prefix = "migrations/";
        return [.. assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(n => (n[prefix.Length..^4], Read(assembly, n)))];
    }

    private static string Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
