using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace Storefront.Web.Infrastructure.Data;

/// <summary>
/// Sets app.tenant_id to StorefrontDb's current store (or to nothing), so row-level security admits exactly that store's
/// rows. Two modes (docs/decisions/0043-stateless-nodes-and-pgbouncer.md):
/// <list type="bullet">
/// <item>Direct to PostgreSQL (default): per connection. Connections come from a pool that hands them back unreset
/// (<see cref="AppConnectionString"/>), so every open first resets the session's settings, then sets the store: one round trip.</item>
/// <item>Behind PgBouncer in transaction mode (<c>Storefront:Database:PgBouncer</c>): a server connection serves another
/// client after each transaction, so a session setting would leak into another store's work. The store is set for the
/// transaction only (<c>app_set_tenant</c>: set_config(..., true)): when a transaction begins (with the deferred BEGIN, one
/// round trip), and in front of every statement run outside one, as a CALL in the same batch (no round trip of its own).</item>
/// </list>
/// </summary>
public sealed class TenantSessionInterceptor(bool perTransaction, StoreClusters? clusters = null)
    : DbCommandInterceptor, IDbConnectionInterceptor, IDbTransactionInterceptor
{
    private const string TenantParameter = "__app_tenant";

    private static readonly string Prefix = $"call app_set_tenant(@{TenantParameter});\n";

    public bool PerTransaction => perTransaction;

    /// <summary>
    /// A batch on <paramref name="db"/>'s connection that runs in its store: behind PgBouncer and outside a transaction it
    /// starts with the CALL that sets the store (no result set, so the batch's readers see only their own statements).
    /// </summary>
    public static NpgsqlBatch NewBatch(StorefrontDb db)
    {
        var batch = new NpgsqlBatch((NpgsqlConnection)db.Database.GetDbConnection());
        if (db.TenantPerTransaction && db.Database.CurrentTransaction is null)
        {
            var call = new NpgsqlBatchCommand("call app_set_tenant($1)");
            call.Parameters.Add(new NpgsqlParameter { Value = Tenant(db) });
            batch.BatchCommands.Add(call);
        }

        return batch;
    }

    /// <summary>
    /// With several clusters, a context opens its connection on the cluster of the scope's store (the directory's answer,
    /// known by the time the first query of the store runs; the store lookup before it runs on the default cluster).
    /// </summary>
    public InterceptionResult ConnectionOpening(DbConnection connection, ConnectionEventData eventData, InterceptionResult result)
    {
        OnStoresCluster(connection, eventData);
        return result;
    }

    public ValueTask<InterceptionResult> ConnectionOpeningAsync(DbConnection connection, ConnectionEventData eventData, InterceptionResult result,
        CancellationToken cancellationToken = default)
    {
        OnStoresCluster(connection, eventData);
        return ValueTask.FromResult(result);
    }

    private void OnStoresCluster(DbConnection connection, ConnectionEventData eventData)
    {
        if (clusters is not null && eventData.Context is StorefrontDb { Replica: false } db && db.OpenedOn != db.Cluster)
        {
            connection.ConnectionString = clusters.AppConnection(db.Cluster);
            db.OpenedOn = db.Cluster;
        }
    }

    public void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (!perTransaction)
        {
            using var batch = SessionBatch(connection, eventData);
            batch.ExecuteNonQuery();
        }
    }

    public async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (!perTransaction)
        {
            await using var batch = SessionBatch(connection, eventData);
            await batch.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    public DbTransaction TransactionStarted(DbConnection connection, TransactionEndEventData eventData, DbTransaction result)
    {
        if (perTransaction)
        {
            using var set = TransactionCommand(connection, result, eventData.Context);
            set.ExecuteNonQuery();
        }

        return result;
    }

    public async ValueTask<DbTransaction> TransactionStartedAsync(DbConnection connection, TransactionEndEventData eventData, DbTransaction result,
        CancellationToken cancellationToken = default)
    {
        if (perTransaction)
        {
            await using var set = TransactionCommand(connection, result, eventData.Context);
            await set.ExecuteNonQueryAsync(cancellationToken);
        }

        return result;
    }

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Prefixed(command, eventData);
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Prefixed(command, eventData);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        Prefixed(command, eventData);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Prefixed(command, eventData);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        Prefixed(command, eventData);
        return result;
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Prefixed(command, eventData);
        return ValueTask.FromResult(result);
    }

    /// <summary>
    /// Puts the CALL in front of a statement EF runs outside a transaction (Npgsql sends both in one batch, one implicit
    /// transaction). Saves always run in a transaction in this mode (<see cref="StorefrontDb.Lease"/>): EF reads a save's
    /// results by statement position, which a leading statement would shift.
    /// </summary>
    private void Prefixed(DbCommand command, CommandEventData eventData)
    {
        if (!perTransaction || command.Transaction is not null || eventData.Context is not StorefrontDb db
            || eventData.CommandSource == CommandSource.SaveChanges || command.CommandText.StartsWith("call app_set_tenant(", StringComparison.Ordinal))
        {
            return;
        }

        if (command.Parameters.Cast<DbParameter>().Any(p => p.ParameterName.Length == 0))
        {
            // positional parameters ($1) cannot be mixed with a named one: the store's id (a Guid) goes in as a literal
            command.CommandText = $"call app_set_tenant('{Tenant(db)}');\n" + command.CommandText;
            return;
        }

        command.CommandText = Prefix + command.CommandText;
        command.Parameters.Add(new NpgsqlParameter(TenantParameter, Tenant(db)));
    }

    private static NpgsqlCommand TransactionCommand(DbConnection connection, DbTransaction transaction, DbContext? context) =>
        new("call app_set_tenant($1)", (NpgsqlConnection)connection, (NpgsqlTransaction)transaction)
        {
            Parameters = { new NpgsqlParameter { Value = Tenant(context as StorefrontDb) } },
        };

    private static string Tenant(StorefrontDb? db) => db?.TenantId?.ToString() ?? "";

    private static DbBatch SessionBatch(DbConnection connection, ConnectionEndEventData eventData)
    {
        var batch = connection.CreateBatch();
        var reset = batch.CreateBatchCommand();
        reset.CommandText = "reset all";
        batch.BatchCommands.Add(reset);
        var set = batch.CreateBatchCommand();
        set.CommandText = "select set_config('app.tenant_id', $1, false)";
        var p = set.CreateParameter();
        p.Value = Tenant(eventData.Context as StorefrontDb);
        set.Parameters.Add(p);
        batch.BatchCommands.Add(set);
        return batch;
    }
}
