using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using Storefront.Domain.Common;
using Storefront.Domain.Tenancy;
using Storefront.Web.Features.Audit;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Tests.Infrastructure;

namespace Storefront.Web.Tests.Audit;

/// <summary>
/// The audit trail (issue 19 item 5): every staff command and sign-in recorded with role, request and before → after,
/// hash-chained per store by the database, append-only to the app role, and verified by the command line and the API.
/// Tampering tests break acme's chain; demo's stays intact for the others.
/// </summary>
public sealed class AuditTrailTests(StorefrontApp app) : IClassFixture<StorefrontApp>
{
    [Fact]
    public async Task A_staff_command_is_recorded_with_role_request_and_the_fields_before_and_after()
    {
        var owner = await SignedInAsync("demo", "owner@demo.local");
        await ApiAssert.JsonAsync(await owner.PutAsJsonAsync("/api/v1/admin/settings/ordering", new { paymentTimeoutMinutes = 45, autoConfirmDays = 10 }));

        var entry = await LatestAsync("demo", "settings.ordering");
        Assert.Contains("Owner", entry.Role);
        Assert.False(string.IsNullOrEmpty(entry.RequestId));
        Assert.Contains(AuditFormat.Changes(entry.Changes), line => line.StartsWith("Store ", StringComparison.Ordinal)
            && line.Contains("PaymentTimeoutMinutes ", StringComparison.Ordinal) && line.Contains(" → 45", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_staff_command_whose_handler_writes_no_entry_is_recorded_under_its_use_case()
    {
        var owner = await SignedInAsync("demo", "owner@demo.local");
        var term = "审计" + Guid.NewGuid().ToString("N")[..6];
        await ApiAssert.JsonAsync(await owner.PostAsJsonAsync("/api/v1/admin/catalog/synonyms", new { terms = new[] { term, "audit" } }));

        var entry = await LatestAsync("demo", "SaveSynonymGroup");
        Assert.Contains("Owner", entry.Role);
        var change = Assert.Single(JsonSerializer.Deserialize<List<AuditChange>>(entry.Changes)!, c => c.Entity == "SynonymGroup");
        Assert.Equal("Added", change.State);
        Assert.Contains(term, change.Fields["Terms"][1]);
    }

    [Fact]
    public async Task Staff_sign_ins_are_recorded_failed_and_refused_ones_too()
    {
        var client = app.ClientFor("demo");
        var wrong = await client.PostAsJsonAsync("/api/v1/admin/login", new { email = "merchant@demo.local", password = "not-the-password" });
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        var failed = await LatestAsync("demo", "staff.sign-in-failed");
        Assert.Equal(("merchant@demo.local", null), (failed.EntityId, failed.ActorId));

        await client.SignInStaffAsync("merchant@demo.local");
        var signedIn = await LatestAsync("demo", "staff.signed-in");
        Assert.Equal(("merchant@demo.local", "Merchant"), (signedIn.EntityId, signedIn.Role));
        Assert.NotNull(signedIn.ActorId);

        // A staff member of another store has no role here: refused, and recorded.
        var refused = await app.ClientFor("demo").PostAsJsonAsync("/api/v1/admin/login", new { email = "merchant@acme.local", password = "storefront-demo" });
        Assert.False(refused.IsSuccessStatusCode);
        Assert.Equal("merchant@acme.local", (await LatestAsync("demo", "staff.sign-in-refused")).EntityId);
    }

    [Fact]
    public async Task The_chain_stays_valid_under_twenty_concurrent_staff_commands()
    {
        var owner = await SignedInAsync("demo", "owner@demo.local");
        var demo = await app.StoreIdAsync("demo");
        var before = await app.CountAsync("demo", $"from audit_log where tenant_id = '{demo}'");
        var tag = Guid.NewGuid().ToString("N")[..6];
        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            owner.PostAsJsonAsync("/api/v1/admin/catalog/synonyms", new { terms = new[] { $"并发{tag}{i}", $"parallel{tag}{i}" } })));
        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));

        Assert.Equal(before + 20, await app.CountAsync("demo", $"from audit_log where tenant_id = '{demo}'"));
        var result = await app.SendAsync("demo", new VerifyAuditChain.Query());
        Assert.True(result.Valid, string.Join(", ", result.Problems));
        Assert.Equal(result.LastSeq, await app.CountAsync("demo", $"from audit_log where tenant_id = '{demo}'")
            + await app.CountAsync("demo", $"from audit_log_archive where tenant_id = '{demo}'"));
    }

    [Fact]
    public async Task The_command_line_verifies_a_store_and_names_an_unknown_one()
    {
        await SignedInAsync("demo", "owner@demo.local");
        var output = new StringWriter();
        Assert.Equal(0, await VerifyAuditChain.CommandLineAsync(app.Services, ["verify-audit", "--store", "demo"], output));
        Assert.StartsWith("demo: " + AuditText.ChainIntact[..4], output.ToString(), StringComparison.Ordinal);

        Assert.Equal(2, await VerifyAuditChain.CommandLineAsync(app.Services, ["verify-audit", "--store", "nowhere"], new StringWriter()));
    }

    [Fact]
    public async Task A_row_changed_by_a_superuser_is_reported_with_its_position()
    {
        var position = await FreshEntryAsync();
        var acme = await app.StoreIdAsync("acme");
        await AsSuperuserAsync($"update audit_log set details = '{{\"forged\":true}}' where tenant_id = '{acme}' and seq = {position}");

        var result = await app.SendAsync("acme", new VerifyAuditChain.Query());
        Assert.Contains(new AuditProblem(position, AuditProblemKind.Changed), result.Problems);
        var output = new StringWriter();
        Assert.Equal(1, await VerifyAuditChain.CommandLineAsync(app.Services, ["verify-audit", "--store", "acme"], output));
        var problem = AuditFormat.Problem(new AuditProblem(position, AuditProblemKind.Changed));
        Assert.Contains(problem, output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_row_deleted_by_a_superuser_is_reported_with_its_position()
    {
        var position = await FreshEntryAsync();
        await AsSuperuserAsync($"delete from audit_log where tenant_id = '{await app.StoreIdAsync("acme")}' and seq = {position}");

        var result = await app.SendAsync("acme", new VerifyAuditChain.Query());
        Assert.Contains(new AuditProblem(position, AuditProblemKind.Missing), result.Problems);
    }

    [Fact]
    public async Task The_app_role_cannot_update_or_delete_entries_and_the_trigger_refuses_the_owner_too()
    {
        await SignedInAsync("demo", "owner@demo.local");
        var demo = await app.StoreIdAsync("demo");
        await using (var conn = new NpgsqlConnection(app.Database.AppConnectionString))
        {
            await conn.OpenAsync();
            await ExecAsync(conn, $"select set_config('app.tenant_id', '{demo}', false)");
            foreach (var sql in new[] { "update audit_log set details = '{}'", "delete from audit_log", "truncate audit_log",
                         "update audit_chain_heads set seq = 0", "delete from audit_chain_heads", "insert into audit_log_archive select * from audit_log" })
            {
                var refused = await Assert.ThrowsAsync<PostgresException>(() => ExecAsync(conn, sql));
                Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
            }
        }

        await using var owner = new NpgsqlConnection(app.Database.AdminConnectionString);
        await owner.OpenAsync();
        await ExecAsync(owner, $"select set_config('app.tenant_id', '{demo}', false)");
        foreach (var sql in new[] { "update audit_log set details = '{}'", "delete from audit_log", "truncate audit_log" })
        {
            var refused = await Assert.ThrowsAsync<PostgresException>(() => ExecAsync(owner, sql));
            Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
            Assert.Contains("append-only", refused.MessageText, StringComparison.Ordinal);
        }

        Assert.True((await app.SendAsync("demo", new VerifyAuditChain.Query())).Valid);
    }

    [Fact]
    public async Task Archiving_moves_the_oldest_entries_and_the_rest_still_verifies()
    {
        await SignedInAsync("demo", "owner@demo.local");
        await SignedInAsync("demo", "owner@demo.local");
        var demo = await app.StoreIdAsync("demo");
        var archived = await app.CountAsync("demo", $"from audit_log_archive where tenant_id = '{demo}'");
        var through = await app.CountAsync("demo", $"from audit_log where tenant_id = '{demo}'") / 2 + archived;
        await using (var conn = new NpgsqlConnection(app.Database.AdminConnectionString))
        {
            await conn.OpenAsync();
            await ExecAsync(conn, $"select audit_archive('{demo}', {through})");   // the documented archival command, triggers on
        }


        Assert.Equal(through, await app.CountAsync("demo", $"from audit_log_archive where tenant_id = '{demo}'"));
        Assert.Equal(0, await app.CountAsync("demo", $"from audit_log where tenant_id = '{demo}' and seq <= {through}"));
        var result = await app.SendAsync("demo", new VerifyAuditChain.Query());
        Assert.True(result.Valid, string.Join(", ", result.Problems));
    }

    [Fact]
    public async Task Existing_entries_are_chained_in_order_when_the_migration_runs()
    {
        var name = "audit_backfill_" + Guid.NewGuid().ToString("N")[..8];
        var admin = new NpgsqlConnectionStringBuilder(app.Database.AdminConnectionString);
        await using (var server = new NpgsqlConnection(admin.ConnectionString))
        {
            await server.OpenAsync();
            await ExecAsync(server, $"create database {name}");
        }

        try
        {
            await using var conn = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(admin.ConnectionString) { Database = name }.ConnectionString);
            await conn.OpenAsync();
            foreach (var (_, sql) in Migrator.Scripts.Where(s => string.CompareOrdinal(s.Version, "0035") < 0))
            {
                await ExecAsync(conn, sql);
            }

            var store = Guid.NewGuid();
            await ExecAsync(conn, $$"""
                insert into stores (id, slug, name, status, default_language, currency, created_at)
                    values ('{{store}}', 'old', 'old', 'Active', 'zh-CN', 'CNY', now());
                insert into audit_log (tenant_id, id, at, actor_id, action, entity_id, details) values
                    ('{{store}}', '{{Guid.NewGuid()}}', '2026-01-03T00:00:00Z', null, 'third', 'c', '{}'),
                    ('{{store}}', '{{Guid.NewGuid()}}', '2026-01-01T00:00:00Z', null, 'first', 'a', '{}'),
                    ('{{store}}', '{{Guid.NewGuid()}}', '2026-01-02T00:00:00Z', null, 'second', 'b', '{}');
                """);
            foreach (var (_, sql) in Migrator.Scripts.Where(s => string.CompareOrdinal(s.Version, "0035") >= 0))
            {
                await ExecAsync(conn, sql);
            }

            var verifier = new AuditChainVerifier();
            List<string> actions = [];
            await using (var read = new NpgsqlCommand("select seq, tenant_id, id, at, actor_id, role, action, entity_id, details, changes, request_id, "
                + "prev_hash, hash from audit_log order by seq", conn))
            await using (var reader = await read.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    actions.Add(reader.GetString(6));
                    verifier.Add(new AuditLink(reader.GetInt64(0), reader.GetGuid(1), reader.GetGuid(2), reader.GetFieldValue<DateTimeOffset>(3),
                        reader.IsDBNull(4) ? null : reader.GetGuid(4), reader.IsDBNull(5) ? null : reader.GetString(5), reader.GetString(6),
                        reader.GetString(7), reader.GetString(8), reader.GetString(9), reader.IsDBNull(10) ? null : reader.GetString(10),
                        reader.GetString(11), reader.GetString(12)));
                }
            }

            Assert.Equal(["first", "second", "third"], actions);
            Assert.True(verifier.Finish(3, await ScalarAsync<string>(conn, "select hash from audit_chain_heads")).Valid);
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await using var cleanup = new NpgsqlConnection(admin.ConnectionString);
            await cleanup.OpenAsync();
            await ExecAsync(cleanup, $"drop database if exists {name} with (force)");
        }
    }

    [Fact]
    public async Task The_owner_reads_filters_and_exports_the_trail_and_others_may_not()
    {
        var merchant = await SignedInAsync("demo", "merchant@demo.local");
        var owner = await SignedInAsync("demo", "owner@demo.local");
        var merchantId = (await LatestAsync("demo", "staff.signed-in", "merchant@demo.local")).ActorId!.Value;

        var page = await ApiAssert.JsonAsync(await owner.GetAsync("/api/v1/admin/audit?staff=merchant@demo&action=signed-in&take=5"));
        var items = page.GetProperty("items").EnumerateArray().ToList();
        Assert.NotEmpty(items);
        Assert.All(items, i => Assert.Equal(("staff.signed-in", "merchant@demo.local"), (i.GetProperty("action").GetString(),
            i.GetProperty("actorEmail").GetString())));
        Assert.All(items, i => Assert.Equal(merchantId, i.GetProperty("actorId").GetGuid()));

        var byTarget = await ApiAssert.JsonAsync(await owner.GetAsync("/api/v1/admin/audit?target=merchant@demo.local&action=sign-in-failed"));
        Assert.All(byTarget.GetProperty("items").EnumerateArray(), i => Assert.Equal("merchant@demo.local", i.GetProperty("target").GetString()));

        var day = app.Clock.GetUtcNow().ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd");
        var today = await ApiAssert.JsonAsync(await owner.GetAsync($"/api/v1/admin/audit?from={day}&to={day}&action=signed-in"));
        Assert.True(today.GetProperty("total").GetInt32() >= 2);
        var tomorrow = DateOnly.Parse(day).AddDays(1).ToString("yyyy-MM-dd");
        Assert.Equal(0, (await ApiAssert.JsonAsync(await owner.GetAsync($"/api/v1/admin/audit?from={tomorrow}"))).GetProperty("total").GetInt32());
        var backwards = await ApiAssert.ProblemAsync(await owner.GetAsync($"/api/v1/admin/audit?from={tomorrow}&to={day}"));
        Assert.NotEmpty(backwards.GetProperty("errors").EnumerateObject());

        var csv = await owner.GetAsync("/api/v1/admin/audit.csv?action=signed-in");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        var text = await csv.Content.ReadAsStringAsync();
        Assert.StartsWith("序号,时间,员工,角色,操作,对象", text.TrimStart('\uFEFF'), StringComparison.Ordinal);
        Assert.Contains("merchant@demo.local,Merchant,staff.signed-in", text, StringComparison.Ordinal);

        var verify = await ApiAssert.JsonAsync(await owner.GetAsync("/api/v1/admin/audit/verify"));
        Assert.True(verify.GetProperty("valid").GetBoolean());

        Assert.Equal(HttpStatusCode.Forbidden, (await merchant.GetAsync("/api/v1/admin/audit")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await merchant.GetAsync("/api/v1/admin/audit.csv")).StatusCode);
    }

    [Fact]
    public async Task The_trail_reads_its_times_and_days_in_the_stores_time_zone()
    {
        var owner = await SignedInAsync("demo", "owner@demo.local");
        var honolulu = StoreTimeZone.Find("Pacific/Honolulu");
        try
        {
            // Recorded now (2026-11-23 08:00 UTC: 16:00 in Shanghai, 22:00 the day before in Honolulu).
            await ApiAssert.JsonAsync(await owner.PutAsJsonAsync("/api/v1/admin/settings/store", new { timeZone = "Pacific/Honolulu" }));
            var at = app.Clock.GetUtcNow();
            var day = StoreTimeZone.DayOf(at, honolulu).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            Assert.NotEqual(StoreTimeZone.DayOf(at, StoreTimeZone.Find(StoreTimeZone.Default)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), day);

            var thatDay = await ApiAssert.JsonAsync(await owner.GetAsync($"/api/v1/admin/audit?from={day}&to={day}&action=settings.store"));
            Assert.True(thatDay.GetProperty("total").GetInt32() >= 1);
            var csv = await owner.GetAsync("/api/v1/admin/audit.csv?action=settings.store");
            var text = await csv.Content.ReadAsStringAsync();
            var local = StoreTimeZone.ToLocal(at, honolulu).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
            Assert.Contains($",{local},owner@demo.local,", text, StringComparison.Ordinal);
            Assert.Contains($"-{day}.csv", csv.Content.Headers.ContentDisposition?.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            await ApiAssert.JsonAsync(await owner.PutAsJsonAsync("/api/v1/admin/settings/store", new { timeZone = StoreTimeZone.Default }));
        }
    }

    private async Task<HttpClient> SignedInAsync(string store, string email)
    {
        var client = app.ClientFor(store);
        await client.SignInStaffAsync(email);
        return client;
    }

    /// <summary>A new entry in acme's chain (a sign-in), followed by another, so it is not the last: its position.</summary>
    private async Task<long> FreshEntryAsync()
    {
        await SignedInAsync("acme", "owner@acme.local");
        var position = (await LatestAsync("acme", "staff.signed-in")).Seq;
        await SignedInAsync("acme", "owner@acme.local");
        return position;
    }

    private Task<AuditEntry> LatestAsync(string store, string action, string? target = null) => app.InStoreAsync(store, db =>
        Task.FromResult(db.AuditLog.Where(a => a.Action == action && (target == null || a.EntityId == target)).OrderByDescending(a => a.Seq).First()));

    /// <summary>What a superuser can do behind the triggers' back (session_replication_role = replica turns them off).</summary>
    private async Task AsSuperuserAsync(string sql)
    {
        await using var conn = new NpgsqlConnection(app.Database.AdminConnectionString);
        await conn.OpenAsync();
        await ExecAsync(conn, "set session_replication_role = replica");
        await ExecAsync(conn, sql);
    }

    private static async Task ExecAsync(NpgsqlConnection conn, string sql)
    {
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync();
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection conn, string sql)
    {
        await using var cmd = new NpgsqlCommand(sql, conn);
        return (T)(await cmd.ExecuteScalarAsync())!;
    }
}
