using Npgsql;

namespace Storefront.Web.Infrastructure.Data;

/// <summary>
/// The app role's connection string as StorefrontDb uses it: Npgsql prepares every statement it has sent
/// <see cref="MinUsages"/> times on a connection (up to <see cref="MaxStatements"/> per connection, least recently used
/// dropped), so PostgreSQL parses and plans the hot statements (placing an order, the cart, pricing) once per connection
/// instead of on every execution: parse and plan were about half of the database's CPU per order (bench/README.md).
/// Row-level security stays exact with prepared statements: the policy's app_current_tenant() is STABLE, so even a
/// generic plan evaluates it at execution, for the store set on the connection then. A connection string that sets
/// Max Auto Prepare itself keeps its own setting.
/// </summary>
public static class AppConnectionString
{
    public const int MaxStatements = 200;

    public const int MinUsages = 2;

    public static string WithAutoPrepare(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (builder.MaxAutoPrepare == 0)
        {
            builder.MaxAutoPrepare = MaxStatements;
            builder.AutoPrepareMinUsages = MinUsages;
        }

        return builder.ConnectionString;
    }
}
