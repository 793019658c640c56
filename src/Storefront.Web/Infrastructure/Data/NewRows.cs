using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using Storefront.Domain.Common;

namespace Storefront.Web.Infrastructure.Data;

/// <summary>
/// Writes new rows of mapped entities without the change tracker: one INSERT per entity, all in one round trip, with the
/// table, the columns, the value conversions and the parameter types of EF's model (so a property mapped later is written
/// here too). For the hottest write, a placed order, where the change tracker's save mostly rebuilt SQL that never changes
/// (docs/decisions/0014-prepared-statements-and-plans.md).
/// The entities are not tracked afterwards. Like <see cref="StorefrontDb"/>'s own save, it refuses a row of another store
/// before PostgreSQL's row-level security would.
/// </summary>
public static class NewRows
{
    private static readonly ConcurrentDictionary<IEntityType, Insert> Inserts = new();

    public static async Task InsertAsync(StorefrontDb db, IEnumerable<object> entities, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            var connection = (NpgsqlConnection)db.Database.GetDbConnection();
            await using var factory = connection.CreateCommand(); // parameters are made by EF's type mappings, which want a command
            await using var batch = TenantSessionInterceptor.NewBatch(db);
            foreach (var entity in entities)
            {
                if (entity is ITenantOwned owned)
                {
                    db.GuardTenant(owned);
                }

                var type = db.Model.FindEntityType(entity.GetType()) ?? throw new InvalidOperationException($"{entity.GetType().Name} is not mapped.");
                var insert = Inserts.GetOrAdd(type, static (type, db) => Insert.For(type, db.GetService<ISqlGenerationHelper>()), db);
                var command = new NpgsqlBatchCommand(insert.Sql);
                for (var i = 0; i < insert.Columns.Length; i++)
                {
                    var (property, mapping) = insert.Columns[i];
                    var value = property.GetGetter().GetClrValueUsingContainingEntity(entity);
                    command.Parameters.Add((NpgsqlParameter)mapping.CreateParameter(factory, "", value, property.IsNullable));
                }

                batch.BatchCommands.Add(command);
            }

            await batch.ExecuteNonQueryAsync(ct);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private sealed record Insert(string Sql, (IProperty Property, RelationalTypeMapping Mapping)[] Columns)
    {
        public static Insert For(IEntityType type, ISqlGenerationHelper sql)
        {
            var columns = type.GetFlattenedProperties().Select(p => p.IsShadowProperty()
                    ? throw new InvalidOperationException($"{type.DisplayName()}.{p.Name} has no CLR value to write.")
                    : (p, p.GetRelationalTypeMapping()))
                .ToArray();
            var names = string.Join(", ", columns.Select(c => sql.DelimitIdentifier(c.p.GetColumnName())));
            var values = string.Join(", ", columns.Select((_, i) => "$" + (i + 1)));
            return new Insert($"insert into {sql.DelimitIdentifier(type.GetTableName()!)} ({names}) values ({values})", columns);
        }
    }
}
