using Npgsql;

namespace Storefront.Web.Infrastructure.Data;

/// <summary>
/// The app role's connection string as StorefrontDb uses it: Npgsql prepares every statement it has sent
/// <see cref="MinUsages"/> times on a connection (up to <see cref="MaxStatements"/> per connection, least recently used
/// dropped), so PostgreSQL parses and plans the hot statements (placing an order, the cart, pricing) once per connection
/// instead of on every execution (docs/decisions/0014-prepared-statements-and-plans.md).
/// Row-level security stays exact with prepared statements: the policy's app_current_tenant() is STABLE, so even a
/// generic plan evaluates it at execution, for the store set on the connection then. A connection string that sets
/// Max Auto Prepare itself keeps its own setting.
/// <para>
/// No Reset On Close: a pooled connection is handed back as it is, without the seven statements of Npgsql's reset before
/// its next use (same record). Nothing of ours outlives a use: every open resets the settings and sets app.tenant_id again
/// (<see cref="TenantSessionInterceptor"/>: a search's session-level plan_cache_mode goes there), advisory locks are transaction-scoped, and nothing LISTENs or
/// creates temporary tables on these connections.
/// </para>
/// </summary>
public static class AppConnectionString
{
    public const int MaxStatements = 200;

    public const int MinUsages = 2;

    /// <summary>The app's pool, below what the server allows (run.sh's cluster: max_connections 60; PostgreSQL's default 100).</summary>
    public const int DefaultMaxPoolSize = 40;

    /// <summary>How long a request waits for a pooled connection before it gets 503 (Npgsql's Timeout: also the connect timeout).</summary>
    public const int DefaultPoolTimeoutSeconds = 15;

    /// <summary>
    /// The app role's connection string as StorefrontDb uses it: auto-prepare as described above, and a pool of at most
    /// <paramref name="maxPoolSize"/> connections (Storefront:Database:MaxPoolSize) waiting at most
    /// <paramref name="poolTimeoutSeconds"/> for one (Storefront:Database:PoolTimeoutSeconds). Npgsql's own default pool
    /// (100) equals PostgreSQL's default max_connections, so a crowd took the last slots and got 53300. A Maximum Pool
    /// Size or Timeout written in the connection string itself wins.
    /// </summary>
    public static string For(string connectionString, int? maxPoolSize, int? poolTimeoutSeconds)
    {
        var builder = new NpgsqlConnectionStringBuilder(WithAutoPrepare(connectionString));
        var given = new NpgsqlConnectionStringBuilder(connectionString);
        if (!Names(given, "Maximum Pool Size", "Max Pool Size", "MaxPoolSize"))
        {
            builder.MaxPoolSize = maxPoolSize ?? DefaultMaxPoolSize;
        }

        if (!Names(given, "Timeout"))
        {
            builder.Timeout = poolTimeoutSeconds ?? DefaultPoolTimeoutSeconds;
        }

        return builder.ConnectionString;
    }

    /// <summary>
    /// Behind PgBouncer in transaction mode (Storefront:Database:PgBouncer): no auto-prepare, since Debian's PgBouncer 1.18
    /// hands each transaction whichever server connection is free, where a statement prepared on another one does not
    /// exist (protocol-level prepared statements came with 1.21); and no reset on close, which would run on some other
    /// client's server connection. Costs and figures: docs/decisions/0043-stateless-nodes-and-pgbouncer.md.
    /// </summary>
    public static string ForPgBouncer(string connectionString) => new NpgsqlConnectionStringBuilder(connectionString)
    {
        MaxAutoPrepare = 0,
        NoResetOnClose = true,
    }.ConnectionString;

    private static bool Names(NpgsqlConnectionStringBuilder builder, params string[] keys) =>
        builder.Keys.Cast<string>().Any(k => keys.Contains(k, StringComparer.OrdinalIgnoreCase));

    public static string WithAutoPrepare(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (builder.MaxAutoPrepare == 0)
        {
            builder.MaxAutoPrepare = MaxStatements;
            builder.AutoPrepareMinUsages = MinUsages;
            builder.NoResetOnClose = true;
        }

        return builder.ConnectionString;
    }
}
