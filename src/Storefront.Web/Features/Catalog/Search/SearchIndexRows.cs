using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Storefront.Web.Infrastructure.Data;

namespace Storefront.Web.Features.Catalog.Search;

/// <summary>Reads the rows the search index is built from: the store's listed products, whole or by id.</summary>
internal static class SearchIndexRows
{
    /// <summary>
    /// The store's listed products (RLS limits it to the store too), or those of <paramref name="ids"/> that are listed.
    /// Per product its own columns, the roll-ups products keeps (min/max price; stock, kept by a trigger on skus: any
    /// SKU available exactly when their sum is above 0, since none is below 0) and the cheapest SKU's market price (the
    /// higher one on a tie; one pass over the store's SKUs, no sort: the smallest (price, -market price) array per
    /// product). The sorts are ranked in .NET (<see cref="StoreSearchIndex.Build"/>). The statement gets the memory to hash in memory,
    /// no parallel workers and a custom plan; those settings last until the connection is next opened, which resets
    /// them (TenantSessionInterceptor), or, behind PgBouncer or in a command, until the transaction ends.
    /// </summary>
    public static async Task<List<StoreSearchIndex.Loaded>> ReadAsync(StorefrontDb db, IReadOnlyCollection<Guid>? ids, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        // Behind PgBouncer the settings must end with a transaction: a session's would stay on the server connection.
        await using var transaction = db.TenantPerTransaction && db.Database.CurrentTransaction is null && ids is null
            ? await db.Database.BeginTransactionAsync(ct) : null;
        var scope = db.Database.CurrentTransaction is null ? "" : "local ";
        await using var batch = TenantSessionInterceptor.NewBatch(db);
        if (ids is null)
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand($"set {scope}work_mem = '64MB'"));
            batch.BatchCommands.Add(new NpgsqlBatchCommand($"set {scope}max_parallel_workers_per_gather = 0"));
            // Planned for this store every time: auto-prepared, PostgreSQL's generic plan reads every SKU through an
            // index, several times slower (docs/decisions/0014-prepared-statements-and-plans.md).
            batch.BatchCommands.Add(new NpgsqlBatchCommand($"set {scope}plan_cache_mode = force_custom_plan"));
        }

        var load = new NpgsqlBatchCommand(ids is null ? $"""
            select {Columns}, nullif(-(m.cheapest[2]), 0), p.search_text
            from products p
            left join (
                select s.product_id, min(array[s.price, -coalesce(s.market_price, 0)]) as cheapest
                from skus s where s.tenant_id = @tenant
                group by s.product_id
            ) m on m.product_id = p.id
            where p.tenant_id = @tenant and p.status = 'Listed'
            """ : $"""
            select {Columns},
                   (select s.market_price from skus s where s.tenant_id = p.tenant_id and s.product_id = p.id
                    order by s.price, s.market_price desc nulls last limit 1),
                   p.search_text
            from products p
            where p.tenant_id = @tenant and p.status = 'Listed' and p.id = any(@ids)
            """);
        load.Parameters.AddWithValue("tenant", db.TenantId!.Value);
        if (ids is not null)
        {
            load.Parameters.AddWithValue("ids", ids.ToArray());
        }

        batch.BatchCommands.Add(load);
        var products = new List<StoreSearchIndex.Loaded>();
        await using var reader = await batch.ExecuteReaderAsync(ct);
        while (reader.FieldCount == 0 && await reader.NextResultAsync(ct))
        {
            // past the settings, to the products
        }

        while (await reader.ReadAsync(ct))
        {
            products.Add(new StoreSearchIndex.Loaded(
                reader.GetGuid(0),
                reader.IsDBNull(1) ? null : reader.GetGuid(1),
                reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.GetDecimal(3),
                reader.IsDBNull(4) ? 0 : reader.GetFieldValue<DateTime>(4).Ticks - DateTime.UnixEpoch.Ticks,
                Attributes(reader.GetString(5)),
                reader.GetInt32(10),
                reader.GetBoolean(11),
                reader.GetInt64(13),
                new StoreSearchIndex.Card(reader.GetString(6), reader.GetString(7), reader.IsDBNull(8) ? null : reader.GetString(8), reader.GetDecimal(9),
                    reader.IsDBNull(14) ? null : reader.GetDecimal(14), reader.GetBoolean(12)),
                reader.IsDBNull(15) ? "" : reader.GetString(15)));
        }

        return products;
    }

    private const string Columns = """
        p.id, p.category_id, p.brand, p.min_price, p.listed_at, p.attributes::text, p.slug, p.name, p.images[1], p.max_price,
        p.sales_count, p.featured, p.stock > 0, hashtextextended(p.name || chr(1) || coalesce(p.search_text, ''), 0)
        """;

    /// <summary>
    /// The (name, value) pairs of a product's attributes column (a JSON array of objects), skipping any without both as
    /// strings (as the SQL facets did). Read token by token rather than a JsonDocument per product: a whole load reads them all.
    /// </summary>
    private static List<(string Name, string Value)> Attributes(string json)
    {
        var pairs = new List<(string, string)>();
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
        {
            return pairs;
        }

        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                continue;
            }

            string? name = null, value = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isName = reader.ValueTextEquals("name"u8);
                var isValue = !isName && reader.ValueTextEquals("value"u8);
                reader.Read();
                if (reader.TokenType == JsonTokenType.String && (isName || isValue))
                {
                    if (isName)
                    {
                        name = reader.GetString();
                    }
                    else
                    {
                        value = reader.GetString();
                    }
                }
                else
                {
                    if (isName)
                    {
                        name = null;
                    }
                    else if (isValue)
                    {
                        value = null;
                    }

                    reader.Skip();
                }
            }

            if (name is not null && value is not null)
            {
                pairs.Add((name, value));
            }
        }

        return pairs;
    }
}
