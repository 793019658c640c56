using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Storefront.Domain.Catalog;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Tenancy;
using Storefront.Web.Tests.Infrastructure;

namespace Storefront.Web.Tests.CrossCutting.Tenancy;

/// <summary>Each guard alone keeps stores apart: row-level security without the EF filter, and the app's checks over HTTP.</summary>
public class TenantIsolationTests(StorefrontApp app) : IClassFixture<StorefrontApp>
{
    private static readonly string[] StoreTables = ["products", "skus", "shoppers", "staff_roles", "audit_log"];

    [Fact]
    public async Task Row_level_security_hides_other_stores_rows_from_raw_sql_under_the_app_role()
    {
        var demo = await app.StoreIdAsync("demo");
        var acme = await app.StoreIdAsync("acme");
        await using var conn = new NpgsqlConnection(app.Database.AppConnectionString);
        await conn.OpenAsync();
        await using var tx = await conn.BeginTransactionAsync();
        await Exec(conn, $"select set_config('app.tenant_id', '{demo}', true)");

        foreach (var table in StoreTables)
        {
            var foreign = await Scalar<long>(conn, $"select count(*) from {table} where tenant_id = '{acme}'");
            var own = await Scalar<long>(conn, $"select count(*) from {table}");
            Assert.True(foreign == 0, $"{table}: {foreign} rows of acme visible to demo");
            Assert.True(own > 0, $"{table}: demo should see its own rows");
        }
    }

    [Fact]
    public async Task Every_store_owned_table_hides_other_stores_rows_under_the_app_role()
    {
        // Give acme a row in every catalog table, through the app, then look from demo at every table that has tenant_id.
        var category = await app.CategoryAsync("acme", "Anvils", "anvils");
        await app.RenameCategoryAsync("acme", category, "Anvils", "heavy-anvils");
        var merchant = app.ClientFor("acme");
        await merchant.SignInStaffAsync("merchant@acme.local");
        var sku = await app.InStoreAsync("acme", db => Task.FromResult(db.Skus.First().Id));
        Assert.Equal(HttpStatusCode.OK,
            (await merchant.PostAsJsonAsync($"/api/v1/admin/catalog/skus/{sku}/stock", new { delta = 5, reason = "Inbound", note = "" })).StatusCode);
        var acmeOrder = await app.EveryOrderingTableAsync("acme");
        await app.EveryPromotionTableAsync("acme");
        await app.EveryAfterSalesTableAsync("acme", acmeOrder);
        var acmeOwner = app.ClientFor("acme");
        await acmeOwner.SignInStaffAsync("owner@acme.local");
        // search_synonyms, and search_counts (written by the hot-search flush; added here as the owner)
        Assert.Equal(HttpStatusCode.OK,
            (await acmeOwner.PostAsJsonAsync("/api/v1/admin/catalog/synonyms", new { terms = new[] { "铁砧", "anvil" } })).StatusCode);
        await using (var owner = new NpgsqlConnection(app.Database.AdminConnectionString))
        {
            await owner.OpenAsync();
            await Exec(owner, $"insert into search_counts (tenant_id, keyword, count, last_searched_at) "
                + $"values ('{await app.StoreIdAsync("acme")}', 'anvil', 1, now())");
            // audit_log_archive: acme's first audit entry (its staff signed in above), by the archival command
            await Exec(owner, $"select audit_archive('{await app.StoreIdAsync("acme")}', 1)");
            // visit_orders, visit_events, visit_visitor_days: an order linked to a visitor (its trigger records the placement)
            await Exec(owner, $"select set_config('app.tenant_id', '{await app.StoreIdAsync("acme")}', false); insert into visit_orders "
                + $"(tenant_id, order_id, visitor_id, placed_at) values ('{await app.StoreIdAsync("acme")}', gen_random_uuid(), gen_random_uuid(), now())");
            // product_visitor_days: a product view of acme (its trigger keeps the product's viewers)
            await Exec(owner, $"insert into visit_events (tenant_id, at, day, visitor_id, kind, product_slug, source, medium) values "
                + $"('{await app.StoreIdAsync("acme")}', now(), current_date, gen_random_uuid(), 'ProductView', 'anvil', '(direct)', '(none)')");
            // visit_source_days: a visitor's day with a page view (its triggers count it per source)
            await Exec(owner, $"insert into visit_visitor_days (tenant_id, day, visitor_id, source, medium, first_at, page_views) values "
                + $"('{await app.StoreIdAsync("acme")}', current_date, gen_random_uuid(), '(direct)', '(none)', now(), 1)");
            // media_files: an image kept in the database (Storefront:Media:Store=Database; this app keeps its images in a folder)
            await Exec(owner, $"insert into media_files (tenant_id, name, content_type, sha256, length, bytes, created_at) values "
                + $"('{await app.StoreIdAsync("acme")}', '{new string('a', 64)}.png', 'image/png', '{new string('a', 64)}', 1, '\\x00', now())");
        }
        // staff_invitations
        Assert.Equal(HttpStatusCode.Accepted,
            (await acmeOwner.PostAsJsonAsync("/api/v1/admin/staff", new { email = "isolation@example.com", role = "Merchant" })).StatusCode);
        // privacy_policies and consent_records: the owner publishes a policy, a shopper registers accepting it
        Assert.Equal(HttpStatusCode.OK, (await acmeOwner.PostAsJsonAsync("/api/v1/admin/privacy-policy", new { text = "acme 隐私政策" })).StatusCode);
        // risk_settings: the owner saves the store's 风控 settings
        Assert.Equal(HttpStatusCode.OK, (await acmeOwner.PutAsJsonAsync("/api/v1/admin/settings/risk", Ordering.RiskControlTests.SettingsBody())).StatusCode);
        // recommendation_settings (the owner's thresholds) and product_recommendations (a rule as the recommendations job stores it)
        Assert.Equal(HttpStatusCode.OK, (await acmeOwner.PutAsJsonAsync("/api/v1/admin/settings/recommendations",
            new { minSupport = 0.01m, minConfidence = 0.1m, minLift = 1m })).StatusCode);
        await app.ExecuteAsync("acme", "insert into product_recommendations (tenant_id, kind, product_id, other_product_id, rank, together, support, "
            + "confidence, lift, computed_at) values (app_current_tenant(), 'BoughtTogether', gen_random_uuid(), gen_random_uuid(), 0, 1, 0.5, 0.5, 2, now())");
        Assert.Equal(HttpStatusCode.OK, (await app.ClientFor("acme").PostAsJsonAsync("/api/v1/account/register",
            new { email = "isolation-shopper@example.com", password = "Isolation1234-long", acceptPrivacyPolicy = true })).StatusCode);

        // insight_period_memos: the owner opens the funnel of a month long past (its counts are kept)
        Assert.Equal(HttpStatusCode.OK, (await acmeOwner.GetAsync("/api/v1/admin/funnel?period=Custom&from=2020-01-01&to=2020-01-31")).StatusCode);
        // insight_buyers and insight_buyer_windows: the owner opens the customer analysis (its first read builds the buyer rollup)
        Assert.Equal(HttpStatusCode.OK, (await acmeOwner.GetAsync("/api/v1/admin/insight/customers")).StatusCode);

        var demo = await app.StoreIdAsync("demo");
        var acme = await app.StoreIdAsync("acme");
        List<string> tables = [];
        await using (var owner = new NpgsqlConnection(app.Database.AdminConnectionString))
        {
            await owner.OpenAsync();
            await using var cmd = new NpgsqlCommand("select table_name from information_schema.columns where table_schema = 'public' and column_name = "
                + "'tenant_id'", owner);
            await using var reader = await cmd.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        Assert.Superset(new HashSet<string>(["products", "skus", "categories", "category_slug_redirects", "stock_adjustments", "shoppers", "staff_roles",
            "audit_log"]), tables.ToHashSet());
        // The dashboard's rollups (kept by triggers as acme's shoppers registered and its order was paid).
        Assert.Superset(new HashSet<string>(["insight_days", "insight_buyer_days", "insight_buyer_previous_counts", "insight_buyer_second_counts"]),
            tables.ToHashSet());
        Assert.Superset(new HashSet<string>(["visit_events", "visit_visitor_days", "visit_orders"]), tables.ToHashSet());
        Assert.Superset(new HashSet<string>(["recommendation_settings", "product_recommendations"]), tables.ToHashSet());
        Assert.Superset(new HashSet<string>(["insight_period_memos", "insight_buyers", "insight_buyer_windows", "visit_source_days"]), tables.ToHashSet());
        Assert.Superset(new HashSet<string>(["media_files"]), tables.ToHashSet());
        // The product and promotion analysis' rollups (acme's paid order, its coupon copy, its product view).
        Assert.Superset(new HashSet<string>(["product_days", "product_buyer_days", "product_visitor_days", "promotion_days"]), tables.ToHashSet());
        await using var conn = new NpgsqlConnection(app.Database.AppConnectionString);
        await conn.OpenAsync();
        foreach (var table in tables)
        {
            // The store set for the statement's own transaction, as the app does (a session setting would not survive PgBouncer)
            Assert.True(await Scalar<long>(conn, $"call app_set_tenant('{acme}'); select count(*) from {table}") > 0,
                $"{table}: acme should have rows for this check");
            Assert.Equal(0L, await Scalar<long>(conn, $"call app_set_tenant('{demo}'); select count(*) from {table} where tenant_id = '{acme}'"));
        }
    }

    [Fact]
    public async Task Row_level_security_refuses_writing_another_stores_rows()
    {
        var demo = await app.StoreIdAsync("demo");
        var acme = await app.StoreIdAsync("acme");
        await using var conn = new NpgsqlConnection(app.Database.AppConnectionString);
        await conn.OpenAsync();

        await using (var tx = await conn.BeginTransactionAsync())
        {
            await Exec(conn, $"select set_config('app.tenant_id', '{demo}', true)");
            var insert = await Assert.ThrowsAsync<PostgresException>(() => Exec(conn,
                $"insert into products (tenant_id, id, slug, name, description, min_price, status, created_at, updated_at) values ('{acme}', "
                    + "gen_random_uuid(), 'planted', 'x', '', 1, 'Listed', now(), now())"));
            Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, insert.SqlState);
        }

        await using (var tx = await conn.BeginTransactionAsync())
        {
            await Exec(conn, $"select set_config('app.tenant_id', '{demo}', true)");
            Assert.Equal(0, await ExecCount(conn, $"update products set min_price = 0.01 where tenant_id = '{acme}'"));
            Assert.Equal(0, await ExecCount(conn, $"delete from products where tenant_id = '{acme}'"));
        }

        await using var check = new NpgsqlConnection(app.Database.AppConnectionString);
        await check.OpenAsync();
        Assert.Equal(0L, await Scalar<long>(check, $"call app_set_tenant('{acme}'); select count(*) from products where min_price = 0.01"));
        Assert.True(await Scalar<long>(check, $"call app_set_tenant('{acme}'); select count(*) from products") >= 2);
    }

    [Fact]
    public async Task Without_a_store_setting_the_app_role_sees_no_store_rows()
    {
        await using var conn = new NpgsqlConnection(app.Database.AppConnectionString);
        await conn.OpenAsync();
        foreach (var table in StoreTables)
        {
            Assert.Equal(0L, await Scalar<long>(conn, $"call app_set_tenant(''); select count(*) from {table}"));
        }
    }

    [Fact]
    public async Task A_statement_the_app_prepared_and_planned_once_still_sees_only_the_current_stores_rows()
    {
        // The app's connections auto-prepare statements (AppConnectionString); PostgreSQL then reuses one (generic) plan
        // across executions, on a pooled connection that serves one store, then another. The plan must not keep the
        // first store: row-level security's app_current_tenant() is evaluated at execution.
        var expected = new Dictionary<string, long>();
        await using (var owner = new NpgsqlConnection(app.Database.AdminConnectionString))
        {
            await owner.OpenAsync();
            foreach (var store in new[] { "demo", "acme" })
            {
                expected[store] = await Scalar<long>(owner, $"select count(*) from products where tenant_id = '{await app.StoreIdAsync(store)}'");
            }
        }

        Assert.NotEqual(expected["demo"], expected["acme"]);
        for (var round = 0; round < 4; round++)
        {
            foreach (var store in new[] { "demo", "acme", "demo" })
            {
                var (count, prepared) = await app.InStoreAsync(store, async db =>
                {
                    await db.Database.OpenConnectionAsync();
                    await db.Database.ExecuteSqlRawAsync("set plan_cache_mode = force_generic_plan");
                    var count = 0L;
                    for (var i = 0; i < 3; i++)
                    {
                        count = await db.Database.SqlQueryRaw<long>("select count(*) as \"Value\" from products /* rls-prepared */").SingleAsync();
                    }

                    var prepared = await db.Database.SqlQueryRaw<long>(
                        "select count(*) as \"Value\" from pg_prepared_statements where statement like '%rls-prepared%' and statement not like "
                            + "'%pg_prepared_statements%'").SingleAsync();
                    return (count, prepared);
                });
                Assert.Equal(expected[store], count);
                Assert.Equal(app is PgBouncerApp ? 0L : 1L, prepared);   // behind PgBouncer 1.18 nothing is auto-prepared
            }
        }
    }

    [Fact]
    public async Task With_the_EF_filter_ignored_the_context_of_one_store_still_sees_only_its_rows()
    {
        var demo = await app.StoreIdAsync("demo");
        await using var scope = app.Services.CreateAsyncScope();
        var store = await scope.ServiceProvider.GetRequiredService<StoreDirectory>().FindBySlugAsync("demo", default);
        scope.ServiceProvider.GetRequiredService<TenantContext>().Use(store);
        var db = scope.ServiceProvider.GetRequiredService<StorefrontDb>();

        var tenants = await db.Products.IgnoreQueryFilters().Select(p => p.TenantId).Distinct().ToListAsync();
        Assert.Equal([demo], tenants);
        var shopperTenants = await db.Shoppers.IgnoreQueryFilters().Select(s => s.TenantId).Distinct().ToListAsync();
        Assert.Equal([demo], shopperTenants);
    }

    [Fact]
    public async Task With_row_level_security_bypassed_by_the_owner_the_EF_filter_still_keeps_stores_apart()
    {
        // The owner role is bound by FORCE ROW LEVEL SECURITY too, so disable RLS on a copy of the products table
        // for this database only, then read through a context of demo: only the EF filter stands.
        var admin = new NpgsqlConnectionStringBuilder(app.Database.AdminConnectionString);
        await using (var owner = new NpgsqlConnection(admin.ConnectionString))
        {
            await owner.OpenAsync();
            await Exec(owner, "alter table products no force row level security; alter table products disable row level security");
        }

        try
        {
            await using var scope = app.Services.CreateAsyncScope();
            var store = await scope.ServiceProvider.GetRequiredService<StoreDirectory>().FindBySlugAsync("demo", default);
            scope.ServiceProvider.GetRequiredService<TenantContext>().Use(store);
            var db = scope.ServiceProvider.GetRequiredService<StorefrontDb>();

            Assert.True(await db.Products.IgnoreQueryFilters().Select(p => p.TenantId).Distinct().CountAsync() >= 2, "RLS should be off for this check");
            Assert.All(await db.Products.ToListAsync(), p => Assert.Equal(store!.Id, p.TenantId));
            Assert.DoesNotContain(await db.Products.Select(p => p.Name).ToListAsync(), n => n == "Acme Anvil");
        }
        finally
        {
            await using var owner = new NpgsqlConnection(admin.ConnectionString);
            await owner.OpenAsync();
            await Exec(owner, "alter table products enable row level security; alter table products force row level security");
        }
    }

    [Fact]
    public async Task A_pooled_context_handed_to_the_next_store_sees_only_that_stores_rows_and_nothing_left_by_the_last()
    {
        // Contexts come from EF's pool. Each round leaves its context as carelessly as code may: marks set, the connection
        // opened by hand and never closed. Enough rounds that the pool hands contexts back to the other store.
        var ids = new Dictionary<string, Guid> { ["demo"] = await app.StoreIdAsync("demo"), ["acme"] = await app.StoreIdAsync("acme") };
        var instances = new HashSet<StorefrontDb>(ReferenceEqualityComparer.Instance);
        var rounds = 0;
        for (; rounds < 40; rounds++)
        {
            var slug = rounds % 2 == 0 ? "demo" : "acme";
            await using var scope = app.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<StorefrontDb>();
            Assert.Empty(db.ChangedProducts);
            Assert.False(db.CatalogChanged);
            Assert.Empty(db.ChangeTracker.Entries());

            // As a request does: the store is looked up through this scope's context before the store is known.
            var store = await scope.ServiceProvider.GetRequiredService<StoreDirectory>().FindBySlugAsync(slug, default);
            scope.ServiceProvider.GetRequiredService<TenantContext>().Use(store);
            await db.Database.OpenConnectionAsync();
            Assert.Equal(ids[slug], db.TenantId);
            Assert.Equal([ids[slug]], await db.Products.IgnoreQueryFilters().Select(p => p.TenantId).Distinct().ToListAsync());
            Assert.NotEmpty(await db.Products.ToListAsync());

            db.ChangedProducts.Add(Guid.NewGuid());
            db.CatalogChanged = true;
            if (!instances.Add(db) && rounds > 4)
            {
                break;
            }
        }

        Assert.True(rounds < 40, "the pool never handed a used context back");
    }

    [Fact]
    public async Task The_app_refuses_to_save_a_row_of_another_store()
    {
        var acme = await app.StoreIdAsync("acme");
        await using var scope = app.Services.CreateAsyncScope();
        var store = await scope.ServiceProvider.GetRequiredService<StoreDirectory>().FindBySlugAsync("demo", default);
        scope.ServiceProvider.GetRequiredService<TenantContext>().Use(store);
        var db = scope.ServiceProvider.GetRequiredService<StorefrontDb>();
        db.Products.Add(Product.Create(acme, new ProductDraft("planted"), [], [new SkuDraft([], "PLANTED", 1m)], DateTimeOffset.UtcNow));
        await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());
    }

    [Fact]
    public async Task Every_admin_endpoint_refuses_a_staff_cookie_of_another_store()
    {
        var cookie = await StaffCookieAsync("demo", "owner@demo.local");

        var endpoints = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText!.StartsWith("/api/v1/admin", StringComparison.Ordinal))
            .Where(e => e.Metadata.GetMetadata<IAuthorizeData>() is not null)
            .ToList();
        Assert.True(endpoints.Count >= 4, "expected the admin API to have endpoints");

        var acme = app.CreateClient(new() { BaseAddress = new Uri("http://acme.localhost"), AllowAutoRedirect = false, HandleCookies = false });
        foreach (var endpoint in endpoints)
        {
            var method = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.FirstOrDefault() ?? "GET";
            var path = System.Text.RegularExpressions.Regex.Replace(endpoint.RoutePattern.RawText!, "{[^}]+}", Guid.NewGuid().ToString());
            using var request = new HttpRequestMessage(new HttpMethod(method), path);
            request.Headers.Add("Cookie", cookie);
            if (method is "POST" or "PUT" or "PATCH")
            {
                request.Content = JsonContent.Create(new { name = "x", price = 1, email = "x@example.com", role = "Owner", password = "Passw0rd1-long" });
            }

            var response = await acme.SendAsync(request);
            Assert.True(response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound,
                $"{method} {path} with demo's owner cookie at acme answered {(int)response.StatusCode}");
        }

        // The same cookie does work at its own store, so the refusals above are about the store.
        using var own = new HttpRequestMessage(HttpMethod.Get, "/api/v1/admin/catalog/products");
        own.Headers.Add("Cookie", cookie);
        Assert.Equal(HttpStatusCode.OK, (await app.ClientFor("demo").SendAsync(own)).StatusCode);
    }

    [Fact]
    public async Task A_staff_member_without_a_role_at_a_store_cannot_sign_in_there()
    {
        var response = await app.ClientFor("acme").PostAsJsonAsync("/api/v1/admin/login", new { email = "merchant@demo.local", password = "storefront-demo" });
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private async Task<string> StaffCookieAsync(string store, string email)
    {
        var raw = app.CreateClient(new() { BaseAddress = new Uri($"http://{store}.localhost"), AllowAutoRedirect = false, HandleCookies = false });
        var response = await raw.PostAsJsonAsync("/api/v1/admin/login", new { email, password = "storefront-demo" });
        response.EnsureSuccessStatusCode();
        return string.Join("; ", response.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));
    }

    private static async Task Exec(NpgsqlConnection conn, string sql)
    {
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync();
    }

    private static async Task<int> ExecCount(NpgsqlConnection conn, string sql)
    {
        await using var cmd = new NpgsqlCommand(sql, conn);
        return await cmd.ExecuteNonQueryAsync();
    }

    private static async Task<T> Scalar<T>(NpgsqlConnection conn, string sql)
    {
        await using var cmd = new NpgsqlCommand(sql, conn);
        return (T)(await cmd.ExecuteScalarAsync())!;
    }
}

/// <summary>The same tests with the app and the raw SQL going through PgBouncer in transaction mode (a few server connections shared).</summary>
public sealed class TenantIsolationThroughPgBouncerTests(PgBouncerApp app) : TenantIsolationTests(app), IClassFixture<PgBouncerApp>;
