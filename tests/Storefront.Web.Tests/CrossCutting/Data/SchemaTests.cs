using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Storefront.Domain.Common;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Tests.Infrastructure;

namespace Storefront.Web.Tests.CrossCutting.Data;

/// <summary>
/// The SQL migrations are the schema of record and the EF model is written by hand beside them: these tests prove the
/// two agree (tables, columns, nullability, types, keys) and that the schema keeps its tenancy promises (row-level
/// security forced on every store-owned table, tenant_id leading every unique key, an app role that RLS binds).
/// </summary>
public sealed partial class SchemaTests(StorefrontApp app) : IClassFixture<StorefrontApp>
{
    private const string TenantColumn = "tenant_id";

    [Fact]
    public async Task Every_entity_type_is_mapped_to_a_table_that_exists()
    {
        var model = ModelTables();
        var schema = await ReadSchemaAsync();

        Assert.NotEmpty(model);
        var missing = model.Where(t => !schema.Columns.ContainsKey(t.Key)).Select(t => $"{t.Entities} → {t.Key}").ToList();
        Assert.True(missing.Count == 0, "Tables of the model missing from the migrated schema: " + string.Join("; ", missing));
    }

    [Fact]
    public async Task Each_table_has_exactly_the_columns_the_model_maps()
    {
        var schema = await ReadSchemaAsync();

        var differences = new List<string>();
        foreach (var table in ModelTables().Where(t => schema.Columns.ContainsKey(t.Key)))
        {
            var expected = table.Columns.Select(c => c.Name).ToHashSet();
            var actual = schema.Columns[table.Key].Select(c => c.Name).ToHashSet();
            var notInSchema = expected.Except(actual).Order().ToList();
            var notInModel = actual.Except(expected).Order().ToList();
            if (notInSchema.Count > 0)
            {
                differences.Add($"{table.Key}: mapped but not in the schema [{string.Join(", ", notInSchema)}]");
            }

            if (notInModel.Count > 0)
            {
                differences.Add($"{table.Key}: in the schema but not mapped [{string.Join(", ", notInModel)}]");
            }
        }

        Assert.True(differences.Count == 0, "Columns differ between model and schema:\n" + string.Join("\n", differences));
    }

    [Fact]
    public async Task Each_column_is_nullable_exactly_when_the_model_says_so()
    {
        var schema = await ReadSchemaAsync();

        var matched = MatchedColumns(schema);
        Assert.NotEmpty(matched);
        var differences = new List<string>();
        foreach (var (table, expected, actual) in matched)
        {
            if (expected.IsNullable != actual.IsNullable)
            {
                differences.Add($"{table}.{expected.Name} ({expected.Property}): model {Nullability(expected.IsNullable)}, schema "
                    + $"{Nullability(actual.IsNullable)}");
            }
        }

        Assert.True(differences.Count == 0, "Nullability differs between model and schema:\n" + string.Join("\n", differences));
    }

    [Fact]
    public async Task Each_column_has_the_type_the_model_expects()
    {
        var schema = await ReadSchemaAsync();

        var matched = MatchedColumns(schema);
        Assert.NotEmpty(matched);
        var differences = new List<string>();
        foreach (var (table, expected, actual) in matched)
        {
            if (NormaliseType(expected.Type) != NormaliseType(actual.Type))
            {
                differences.Add($"{table}.{expected.Name} ({expected.Property}): model {expected.Type}, schema {actual.Type}");
            }
        }

        Assert.True(differences.Count == 0, "Column types differ between model and schema:\n" + string.Join("\n", differences));
    }

    [Fact]
    public async Task Each_primary_key_has_the_model_key_columns_in_order()
    {
        var schema = await ReadSchemaAsync();

        var differences = new List<string>();
        foreach (var table in ModelTables().Where(t => schema.Columns.ContainsKey(t.Key)))
        {
            var actual = schema.PrimaryKeys.GetValueOrDefault(table.Key, []);
            if (!table.PrimaryKey.SequenceEqual(actual))
            {
                differences.Add($"{table.Key}: model ({string.Join(", ", table.PrimaryKey)}), schema ({string.Join(", ", actual)})");
            }
        }

        Assert.True(differences.Count == 0, "Primary keys differ between model and schema:\n" + string.Join("\n", differences));
    }

    [Fact]
    public async Task Each_unique_index_of_the_model_exists_in_the_schema()
    {
        var schema = await ReadSchemaAsync();

        var missing = new List<string>();
        foreach (var table in ModelTables())
        {
            var unique = schema.UniqueIndexes.Where(i => i.Table == table.Key).ToList();
            foreach (var index in table.UniqueIndexes)
            {
                if (!unique.Any(i => i.Columns.SequenceEqual(index)))
                {
                    var found = unique.Select(i => $"{i.Name} ({string.Join(", ", i.Columns)})");
                    missing.Add($"{table.Key} ({string.Join(", ", index)}); the schema has [{string.Join("; ", found)}]");
                }
            }
        }

        Assert.True(missing.Count == 0, "Unique indexes of the model missing from the schema:\n" + string.Join("\n", missing));
    }

    [Fact]
    public async Task The_tables_with_a_tenant_id_are_exactly_those_of_store_owned_entities()
    {
        var schema = await ReadSchemaAsync();

        var owned = ModelTables().Where(t => t.IsTenantOwned).Select(t => t.Key).ToHashSet();
        var withTenant = schema.Columns.Where(t => t.Value.Any(c => c.Name == TenantColumn)).Select(t => t.Key).ToHashSet();

        Assert.NotEmpty(withTenant);
        var notOwned = withTenant.Except(owned).Where(t => ModelTables().Any(m => m.Key == t)).Order().ToList();
        var noColumn = owned.Except(withTenant).Order().ToList();
        Assert.True(notOwned.Count == 0 && noColumn.Count == 0,
            $"Tables with {TenantColumn} whose entity is not ITenantOwned (no EF store filter): [{string.Join(", ", notOwned)}]; "
            + $"ITenantOwned entities whose table has no {TenantColumn}: [{string.Join(", ", noColumn)}]");
    }

    [Fact]
    public async Task Every_table_with_a_tenant_id_has_forced_row_level_security_and_a_tenant_policy()
    {
        await using var conn = await OpenAdminAsync();
        var rows = await QueryAsync(conn, """
            select c.relname::text, c.relrowsecurity, c.relforcerowsecurity,
                   (select count(*) from pg_policies p where p.schemaname = n.nspname and p.tablename = c.relname)::int,
                   coalesce((select bool_or(p.qual like '%tenant_id%') from pg_policies p where p.schemaname = n.nspname and p.tablename = c.relname), false)
            from pg_class c
            join pg_namespace n on n.oid = c.relnamespace
            where n.nspname = current_schema() and c.relkind in ('r', 'p')
              and exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped)
            order by 1
            """, r => (Table: r.GetString(0), Enabled: r.GetBoolean(1), Forced: r.GetBoolean(2), Policies: r.GetInt32(3), OnTenant: r.GetBoolean(4)));

        Assert.NotEmpty(rows);
        var failures = new List<string>();
        foreach (var t in rows)
        {
            var problems = new List<string>();
            if (!t.Enabled)
            {
                problems.Add("row level security not enabled");
            }

            if (!t.Forced)
            {
                problems.Add("row level security not forced");
            }

            if (t.Policies == 0)
            {
                problems.Add("no policy");
            }
            else if (!t.OnTenant)
            {
                problems.Add("no policy whose USING expression tests tenant_id");
            }

            if (problems.Count > 0)
            {
                failures.Add($"{t.Table}: {string.Join(", ", problems)}");
            }
        }

        Assert.True(failures.Count == 0, "Store-owned tables not guarded by row-level security:\n" + string.Join("\n", failures));
    }

    [Fact]
    public async Task Tenant_id_leads_the_primary_key_and_every_unique_index_of_its_table()
    {
        var schema = await ReadSchemaAsync();

        var tenantTables = schema.Columns.Where(t => t.Value.Any(c => c.Name == TenantColumn)).Select(t => t.Key).Order().ToList();
        Assert.NotEmpty(tenantTables);
        var failures = new List<string>();
        foreach (var table in tenantTables)
        {
            if (!schema.PrimaryKeys.TryGetValue(table, out var key))
            {
                failures.Add($"{table}: no primary key");
            }
            else if (key[0] != TenantColumn)
            {
                failures.Add($"{table}: primary key ({string.Join(", ", key)})");
            }

            foreach (var index in schema.UniqueIndexes.Where(i => i.Table == table && !i.IsPrimary && i.Columns[0] != TenantColumn))
            {
                failures.Add($"{table}: unique index {index.Name} ({string.Join(", ", index.Columns)})");
            }
        }

        Assert.True(failures.Count == 0, $"Keys of store-owned tables that do not start with {TenantColumn}:\n" + string.Join("\n", failures));
    }

    [Fact]
    public async Task The_application_role_is_neither_superuser_nor_bypassrls_nor_a_member_of_such_a_role()
    {
        var role = AppRole();
        await using var conn = await OpenAdminAsync();

        var own = await QueryAsync(conn, "select rolsuper, rolbypassrls from pg_roles where rolname = $1",
            r => (Super: r.GetBoolean(0), BypassRls: r.GetBoolean(1)), role);
        var (super, bypassRls) = Assert.Single(own);
        Assert.False(super, $"{role} is a superuser");
        Assert.False(bypassRls, $"{role} has BYPASSRLS");

        var powerful = await QueryAsync(conn, """
            select r.rolname::text from pg_roles r
            where r.rolname <> $1 and (r.rolsuper or r.rolbypassrls) and pg_has_role($1::name, r.oid, 'MEMBER')
            order by 1
            """, r => r.GetString(0), role);
        Assert.True(powerful.Count == 0, $"{role} is a member of superuser or BYPASSRLS roles: {string.Join(", ", powerful)}");
    }

    [Fact]
    public async Task The_application_role_owns_no_table_directly_or_through_membership()
    {
        var role = AppRole();
        await using var conn = await OpenAdminAsync();

        Assert.Single(await QueryAsync(conn, "select 1 from pg_roles where rolname = $1", r => r.GetInt32(0), role));
        var owned = await QueryAsync(conn, """
            select n.nspname || '.' || c.relname || ' (owner ' || pg_get_userbyid(c.relowner) || ')'
            from pg_class c
            join pg_namespace n on n.oid = c.relnamespace
            where c.relkind in ('r', 'p', 'f')
              and n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg_toast%'
              and pg_has_role($1::name, c.relowner, 'MEMBER')
            order by 1
            """, r => r.GetString(0), role);

        Assert.True(owned.Count == 0, $"{role} owns (an owner can switch row-level security off): {string.Join(", ", owned)}");
    }

    /// <summary>
    /// A node that starts while another applies a long migration (minutes over a large store) waits for it, whatever the
    /// connection's command timeout: the migrator's statements have none (they failed after 30 s, the default, before).
    /// </summary>
    [Fact]
    public async Task The_migrator_waits_past_the_command_timeout_for_a_migration_in_progress()
    {
        await using var other = await OpenAdminAsync();
        await using (var hold = new NpgsqlCommand($"select pg_advisory_lock({Migrator.AdvisoryLockKey})", other))
        {
            await hold.ExecuteNonQueryAsync();
        }

        var impatient = new NpgsqlConnectionStringBuilder(app.Database.AdminConnectionString) { CommandTimeout = 1 }.ConnectionString;
        var migrating = new Migrator(impatient, app.Database.AppConnectionString,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<Migrator>.Instance).MigrateAsync();
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.False(migrating.IsCompleted);
        await using (var release = new NpgsqlCommand($"select pg_advisory_unlock({Migrator.AdvisoryLockKey})", other))
        {
            await release.ExecuteNonQueryAsync();
        }

        Assert.Equal(0, await migrating);   // nothing left to apply
    }

    [Theory]
    [InlineData("uuid", "uuid")]
    [InlineData("TEXT", "text")]
    [InlineData("numeric(12, 2)", "numeric(12,2)")]
    [InlineData("decimal(12,2)", "numeric(12,2)")]
    [InlineData("timestamptz", "timestamp with time zone")]
    [InlineData("timestamp(3) with time zone", "timestamptz(3)")]
    [InlineData("timestamp", "timestamp without time zone")]
    [InlineData("bool", "boolean")]
    [InlineData("int4", "integer")]
    [InlineData("int", "integer")]
    [InlineData("int8", "bigint")]
    [InlineData("varchar(20)", "character varying(20)")]
    [InlineData("text[]", "text[]")]
    [InlineData("_text", "text[]")]
    public void Type_names_are_compared_in_one_spelling(string a, string b)
    {
        Assert.Equal(NormaliseType(a), NormaliseType(b));
    }

    [Theory]
    [InlineData("numeric(12,2)", "numeric(18,2)")]
    [InlineData("numeric(12,2)", "numeric")]
    [InlineData("timestamp with time zone", "timestamp without time zone")]
    [InlineData("text", "text[]")]
    [InlineData("integer", "bigint")]
    public void Different_types_stay_different_after_normalising(string a, string b)
    {
        Assert.NotEqual(NormaliseType(a), NormaliseType(b));
    }

    /// <summary>One spelling for a PostgreSQL type: aliases resolved, no spaces in modifiers, modifiers after the name.</summary>
    internal static string NormaliseType(string type)
    {
        var t = WhitespaceRun().Replace(type.Trim().ToLowerInvariant(), " ");
        var array = "";
        while (t.EndsWith("[]", StringComparison.Ordinal))
        {
            array += "[]";
            t = t[..^2].TrimEnd();
        }

        if (t.StartsWith('_'))
        {
            array += "[]";
            t = t[1..];
        }

        var modifiers = "";
        var open = t.IndexOf('(', StringComparison.Ordinal);
        if (open >= 0)
        {
            var close = t.IndexOf(')', open);
            modifiers = WhitespaceRun().Replace(t[open..(close + 1)], "");
            t = (t[..open] + t[(close + 1)..]).Trim();
            t = WhitespaceRun().Replace(t, " ");
        }

        t = t switch
        {
            "timestamptz" => "timestamp with time zone",
            "timestamp" => "timestamp without time zone",
            "timetz" => "time with time zone",
            "time" => "time without time zone",
            "int" or "int4" => "integer",
            "int2" => "smallint",
            "int8" => "bigint",
            "bool" => "boolean",
            "float8" => "double precision",
            "float4" => "real",
            "decimal" => "numeric",
            "varchar" => "character varying",
            "char" or "bpchar" => "character",
            _ => t,
        };
        return t + modifiers + array;
    }

    private static string Nullability(bool nullable) => nullable ? "null" : "not null";

    private string AppRole() =>
        new NpgsqlConnectionStringBuilder(app.Database.AppConnectionString).Username
        ?? throw new InvalidOperationException("the app connection string names no user");

    private List<ModelTable> ModelTables()
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<StorefrontDb>();

        var tables = new Dictionary<string, ModelTable>();
        foreach (var entity in db.Model.GetEntityTypes())
        {
            var name = entity.GetTableName();
            if (name is null)
            {
                tables[$"(no table: {entity.DisplayName()})"] = new ModelTable($"(no table: {entity.DisplayName()})", entity.DisplayName(), false, [], [], []);
                continue;
            }

            var storeObject = StoreObjectIdentifier.Table(name, entity.GetSchema());
            var key = $"{entity.GetSchema() ?? "public"}.{name}";
            // Complex properties (an order's address) keep their columns in the entity's table.
            var columns = entity.GetProperties().Concat(entity.GetComplexProperties().SelectMany(c => c.ComplexType.GetProperties()))
                .Select(p => (Property: p, Name: p.GetColumnName(storeObject)))
                .Where(p => p.Name is not null)
                .Select(p =>
                    new ModelColumn(p.Name!, $"{entity.DisplayName()}.{p.Property.Name}", p.Property.IsColumnNullable(storeObject),
                    p.Property.GetColumnType(storeObject) ?? "(no store type)"))
                .ToList();
            var primaryKey = entity.FindPrimaryKey()?.Properties.Select(p => p.GetColumnName(storeObject) ?? $"({p.Name} unmapped)").ToList() ?? [];
            var unique = entity.GetIndexes().Where(i => i.IsUnique)
                .Select(i => i.Properties.Select(p => p.GetColumnName(storeObject) ?? $"({p.Name} unmapped)").ToList())
                .ToList();
            var tenantOwned = typeof(ITenantOwned).IsAssignableFrom(entity.ClrType);

            if (tables.TryGetValue(key, out var shared))
            {
                // Several entity types in one table (table splitting, TPH): the table holds the union of their columns.
                tables[key] = shared with
                {
                    Entities = $"{shared.Entities}, {entity.DisplayName()}",
                    IsTenantOwned = shared.IsTenantOwned || tenantOwned,
                    Columns = [.. shared.Columns, .. columns.Where(c => shared.Columns.All(s => s.Name != c.Name))],
                    UniqueIndexes = [.. shared.UniqueIndexes, .. unique],
                };
            }
            else
            {
                tables[key] = new ModelTable(key, entity.DisplayName(), tenantOwned, columns, primaryKey, unique);
            }
        }

        return [.. tables.Values.OrderBy(t => t.Key, StringComparer.Ordinal)];
    }

    private List<(string Table, ModelColumn Expected, SchemaColumn Actual)> MatchedColumns(Schema schema)
    {
        var matched = new List<(string, ModelColumn, SchemaColumn)>();
        foreach (var table in ModelTables().Where(t => schema.Columns.ContainsKey(t.Key)))
        {
            var actual = schema.Columns[table.Key].ToDictionary(c => c.Name);
            matched.AddRange(table.Columns.Where(c => actual.ContainsKey(c.Name)).Select(c => (table.Key, c, actual[c.Name])));
        }

        return matched;
    }

    private async Task<Schema> ReadSchemaAsync()
    {
        await using var conn = await OpenAdminAsync();

        var columns = await QueryAsync(conn, """
            select c.table_schema || '.' || c.table_name, c.column_name, c.is_nullable = 'YES', format_type(a.atttypid, a.atttypmod)
            from information_schema.columns c
            join pg_attribute a on a.attrelid = format('%I.%I', c.table_schema, c.table_name)::regclass and a.attname = c.column_name
            join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
            where t.table_type = 'BASE TABLE' and c.table_schema not in ('pg_catalog', 'information_schema')
            order by 1, c.ordinal_position
            """, r => (Table: r.GetString(0), Column: new SchemaColumn(r.GetString(1), r.GetBoolean(2), r.GetString(3))));

        var primaryKeys = await QueryAsync(conn, """
            select tc.table_schema || '.' || tc.table_name, kcu.column_name
            from information_schema.table_constraints tc
            join information_schema.key_column_usage kcu
              on kcu.constraint_schema = tc.constraint_schema and kcu.constraint_name = tc.constraint_name
             and kcu.table_schema = tc.table_schema and kcu.table_name = tc.table_name
            where tc.constraint_type = 'PRIMARY KEY' and tc.table_schema not in ('pg_catalog', 'information_schema')
            order by 1, kcu.ordinal_position
            """, r => (Table: r.GetString(0), Column: r.GetString(1)));

        var unique = await QueryAsync(conn, """
            select n.nspname || '.' || t.relname, i.relname::text, ix.indisprimary,
                   array(select coalesce(a.attname::text, '(expression)')
                         from generate_series(0, ix.indnkeyatts - 1) k(ord)
                         left join pg_attribute a on a.attrelid = t.oid and a.attnum = ix.indkey[k.ord]
                         order by k.ord)
            from pg_index ix
            join pg_class i on i.oid = ix.indexrelid
            join pg_class t on t.oid = ix.indrelid
            join pg_namespace n on n.oid = t.relnamespace
            where ix.indisunique and n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg_toast%'
            order by 1, 2
            """, r => new SchemaIndex(r.GetString(0), r.GetString(1), r.GetBoolean(2), r.GetFieldValue<string[]>(3)));

        return new Schema(
            columns.GroupBy(c => c.Table).ToDictionary(g => g.Key, g => (IReadOnlyList<SchemaColumn>)[.. g.Select(c => c.Column)]),
            primaryKeys.GroupBy(k => k.Table).ToDictionary(g => g.Key, g => (IReadOnlyList<string>)[.. g.Select(k => k.Column)]),
            unique);
    }

    private async Task<NpgsqlConnection> OpenAdminAsync()
    {
        var conn = new NpgsqlConnection(app.Database.AdminConnectionString);
        await conn.OpenAsync();
        return conn;
    }

    private static async Task<List<T>> QueryAsync<T>(NpgsqlConnection conn, string sql, Func<NpgsqlDataReader, T> read, params object[] parameters)
    {
        await using var cmd = new NpgsqlCommand(sql, conn);
        foreach (var p in parameters)
        {
            cmd.Parameters.Add(new NpgsqlParameter { Value = p });
        }

        await using var reader = await cmd.ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync())
        {
            rows.Add(read(reader));
        }

        return rows;
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhitespaceRun();

    private sealed record ModelTable(
        string Key,
        string Entities,
        bool IsTenantOwned,
        IReadOnlyList<ModelColumn> Columns,
        IReadOnlyList<string> PrimaryKey,
        IReadOnlyList<IReadOnlyList<string>> UniqueIndexes);

    private sealed record ModelColumn(string Name, string Property, bool IsNullable, string Type);

    private sealed record SchemaColumn(string Name, bool IsNullable, string Type);

    private sealed record SchemaIndex(string Table, string Name, bool IsPrimary, IReadOnlyList<string> Columns);

    private sealed record Schema(
        IReadOnlyDictionary<string, IReadOnlyList<SchemaColumn>> Columns,
        IReadOnlyDictionary<string, IReadOnlyList<string>> PrimaryKeys,
        IReadOnlyList<SchemaIndex> UniqueIndexes);
}
