using System.Data;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace Storefront.Web.Infrastructure.Data;

/// <summary>
/// A pooled connection on which a statement failed goes back to the pool only after its prepared statements are
/// discarded on both sides (Npgsql's UnprepareAll: DEALLOCATE ALL, and Npgsql forgets its own list), so no later request
/// runs a statement the connection only believes it has prepared. Npgsql 10's auto-prepare records a statement as
/// prepared when PostgreSQL parsed it, even when its Bind then failed (a NUL byte in a text parameter: 22021) and the
/// description of its rows never came: the next run of that SQL on the connection skips Describe and then fails on
/// the rows it did not expect ("Received unexpected backend message DataRow"). See docs/decisions/0001-failed-statements-and-the-pool.md.
/// A failure is recorded on the context that owns the connection: by <see cref="Interceptor"/> for the statements EF
/// runs, and by TransactionBehavior for what a handler runs on the connection itself. The round trip is paid only
/// after a failure, never on a request that succeeded.
/// </summary>
public static class FailedConnections
{
    /// <summary>True when <paramref name="e"/> (or an exception inside it) came from the database or its driver.</summary>
    public static bool CameFromDatabase(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is DbException or DbUpdateException)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Discards the connection's prepared statements when its context saw a failure. When that fails too (the connection
    /// is still in an aborted transaction, say) the pool is cleared, so this connection is closed, not reused, when it
    /// goes back.
    /// </summary>
    internal static void Clean(StorefrontDb db, DbConnection connection)
    {
        if (!db.ConnectionFailed)
        {
            return;
        }

        db.ConnectionFailed = false;
        if (connection is not NpgsqlConnection { State: ConnectionState.Open } npgsql)
        {
            return;   // closed or broken: Npgsql does not pool a broken connection
        }

        try
        {
            npgsql.UnprepareAll();
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
        {
            NpgsqlConnection.ClearPool(npgsql);
        }
    }

    /// <summary>Records a failed EF statement on its context, and cleans the connection before EF closes it.</summary>
    public sealed class Interceptor : DbCommandInterceptor, IDbConnectionInterceptor
    {
        public override void CommandFailed(DbCommand command, CommandErrorEventData eventData) => Mark(eventData);

        public override Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default)
        {
            Mark(eventData);
            return Task.CompletedTask;
        }

        public InterceptionResult ConnectionClosing(DbConnection connection, ConnectionEventData eventData, InterceptionResult result)
        {
            if (eventData.Context is StorefrontDb db)
            {
                Clean(db, connection);
            }

            return result;
        }

        public ValueTask<InterceptionResult> ConnectionClosingAsync(DbConnection connection, ConnectionEventData eventData, InterceptionResult result)
        {
            if (eventData.Context is StorefrontDb db)
            {
                Clean(db, connection);
            }

            return ValueTask.FromResult(result);
        }

        private static void Mark(CommandErrorEventData eventData)
        {
            if (eventData.Context is StorefrontDb db)
            {
                db.ConnectionFailed = true;
            }
        }
    }
}
