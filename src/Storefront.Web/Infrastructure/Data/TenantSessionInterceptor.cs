using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Storefront.Web.Infrastructure.Data;

/// <summary>
/// Sets app.tenant_id on every connection StorefrontDb opens, to its current store or to nothing, so row-level
/// security admits exactly that store's rows. Connections come from a pool that hands them back unreset
/// (<see cref="AppConnectionString"/>), so every open first resets the session's settings (RESET ALL: a plan_cache_mode
/// or work_mem a search set on its previous use), then sets the store: one round trip.
/// </summary>
public sealed class TenantSessionInterceptor : DbConnectionInterceptor
{
    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var batch = Batch(connection, eventData);
        batch.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var batch = Batch(connection, eventData);
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    private static DbBatch Batch(DbConnection connection, ConnectionEndEventData eventData)
    {
        var batch = connection.CreateBatch();
        var reset = batch.CreateBatchCommand();
        reset.CommandText = "reset all";
        batch.BatchCommands.Add(reset);
        var set = batch.CreateBatchCommand();
        set.CommandText = "select set_config('app.tenant_id', $1, false)";
        var p = set.CreateParameter();
        p.Value = (eventData.Context as StorefrontDb)?.TenantId?.ToString() ?? "";
        set.Parameters.Add(p);
        batch.BatchCommands.Add(set);
        return batch;
    }
}
