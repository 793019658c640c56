using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Storefront.Web.Infrastructure.Data;

/// <summary>
/// Sets app.tenant_id on every connection StorefrontDb opens, to its current store or to nothing, so row-level
/// security admits exactly that store's rows. Connections come from a pool, so it is set on every open.
/// </summary>
public sealed class TenantSessionInterceptor : DbConnectionInterceptor
{
    private const string Sql = "select set_config('app.tenant_id', $1, false)";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var cmd = Command(connection, eventData);
        cmd.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var cmd = Command(connection, eventData);
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }

    private static DbCommand Command(DbConnection connection, ConnectionEndEventData eventData)
    {
        var cmd = connection.CreateCommand();
        cmd.CommandText = Sql;
        var p = cmd.CreateParameter();
        p.Value = (eventData.Context as StorefrontDb)?.TenantId?.ToString() ?? "";
        cmd.Parameters.Add(p);
        return cmd;
    }
}
