using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using Storefront.Web.Infrastructure.Data;
using Match = Storefront.Web.Features.Catalog.Search.StoreSearchIndex.KeywordMatch;

namespace Storefront.Web.Features.Catalog.Search;

/// <summary>The keyword search PostgreSQL runs: a prepared statement per keyword shape returning matches' ids and relevance only.</summary>
internal static class KeywordQuery
{
    /// <summary>
    /// The store's listed products matching the keyword, with their relevance: only (id, class, score) rows come back
    /// from PostgreSQL, every filter and facet is then worked out in memory. Products the index does not know (listed a
    /// moment ago, its reload not yet asked for) are left out, as if the search had run a moment earlier. The matches
    /// are kept with the index (see <see cref="StoreSearchIndex.Keywords"/>), so another filter or page of the same
    /// keyword does not ask again until the catalog changes.
    /// </summary>
    public static async Task<Match[]> MatchAsync(StorefrontDb db, Guid tenantId, StoreSearchIndex index, string q, long keep, CancellationToken ct)
    {
        if (keep > 0 && index.Keywords.Find(q) is { } kept)
        {
            return kept;
        }

        var parameters = new List<NpgsqlParameter>
        {
            Param("tenant", NpgsqlDbType.Uuid, tenantId),
            Param("q", NpgsqlDbType.Text, q),
            Param("contains", NpgsqlDbType.Text, "%" + EscapeLike(q) + "%"),
            Param("prefix", NpgsqlDbType.Text, EscapeLike(q) + "%"),
        };
        if (q.Length == 2)
        {
            parameters.Add(Param("bigrams", NpgsqlDbType.Array | NpgsqlDbType.Text, SearchKeyword.Bigrams(q)));
        }

        var matches = new List<Match>();
        await using (var reader = await ExecuteAsync(db, KeywordSql(q), parameters, ct))
        {
            while (await reader.ReadAsync(ct))
            {
                if (index.Find(reader.GetGuid(0)) is { } product)
                {
                    matches.Add(new Match(product, reader.GetInt32(1), reader.GetDouble(2)));
                }
            }
        }

        var found = matches.ToArray();
        if (keep > 0)
        {
            index.Keywords.Keep(q, found, keep);
        }

        return found;
    }

    /// <summary>
    /// Runs the keyword statement on the context's connection (which carries the store's setting for row-level
    /// security), prepared and with its generic plan: planned once per connection rather than on every request
    /// (planning cost as much as running; docs/decisions/0014-prepared-statements-and-plans.md). One plan fits every keyword of a shape because only the
    /// shape's own condition is in its SQL. The setting lasts until the connection is next opened, which resets it (TenantSessionInterceptor).
    /// </summary>
    private static async Task<NpgsqlDataReader> ExecuteAsync(StorefrontDb db, string sql, List<NpgsqlParameter> parameters, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        var batch = new NpgsqlBatch((NpgsqlConnection)db.Database.GetDbConnection());
        batch.BatchCommands.Add(new NpgsqlBatchCommand("set plan_cache_mode = force_generic_plan"));

        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.AddRange(parameters.ToArray());
        batch.BatchCommands.Add(command);
        await batch.PrepareAsync(ct);
        var reader = await batch.ExecuteReaderAsync(ct);
        while (reader.FieldCount == 0 && await reader.NextResultAsync(ct))
        {
            // past the setting, to the statement's rows
        }

        return reader;
    }

    private static NpgsqlParameter Param(string name, NpgsqlDbType type, object? value) =>
        new(name, type) { Value = value ?? DBNull.Value };

    private static string EscapeLike(string s) =>
        s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);

    /// <summary>
    /// The keyword statement of one shape: only the shape's match condition is in its SQL (so the plan kept for the
    /// prepared statement fits every keyword of that shape). Class: exact name -3, name prefix -2, substring -1, typo 0;
    /// score within a class: where the substring starts, or minus the word similarity.
    /// </summary>
    private static string KeywordSql(string q) => $"""
        select p.id,
               case when lower(p.name) = @q then -3
                    when lower(p.name) like @prefix then -2
                    when p.search_text like @contains then -1
                    else 0
               end,
               (case when p.search_text like @contains then strpos(p.search_text, @q)::numeric
                     else -word_similarity(@q, p.search_text)::numeric
                end)::float8
        from products p
        where p.tenant_id = @tenant and p.status = 'Listed'
          {q switch
          {
              // One or two characters have no trigram: a substring test (strpos, which no trigram index claims), for
              // two after the bigram index narrowed the candidates to products holding the pair.
              { Length: 1 } => "and strpos(p.search_text, @q) > 0",
              { Length: 2 } => "and p.search_bigrams @> @bigrams and strpos(p.search_text, @q) > 0",
              // Substring and typo match, both on the trigram index; several words also by full text.
              _ when q.Contains(' ', StringComparison.Ordinal) =>
                  "and (p.search_text like @contains or @q <% p.search_text or to_tsvector('simple', p.search_text) @@ plainto_tsquery('simple', @q))",
              _ => "and (p.search_text like @contains or @q <% p.search_text)",
          }}
        """;
}
