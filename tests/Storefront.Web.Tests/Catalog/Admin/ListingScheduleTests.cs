using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Storefront.Domain.Catalog;
using Storefront.Web.Features.Catalog.Admin;
using Storefront.Web.Tests.Infrastructure;

namespace Storefront.Web.Tests.Catalog.Admin;

public sealed class ListingScheduleTests(StorefrontApp app) : IClassFixture<StorefrontApp>
{
    private const string Products = "/api/v1/admin/catalog/products";

    private ListingScheduleJob Job => app.Services.GetRequiredService<ListingScheduleJob>();

    [Fact]
    public async Task Listing_and_delisting_show_and_hide_a_product_on_the_storefront_and_are_audited()
    {
        var client = await MerchantAsync();
        var (id, name) = await DraftAsync(client);
        Assert.False(await OnStorefrontAsync(name));

        var listed = await client.PostAsync($"{Products}/{id}/list", null);
        Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
        Assert.Equal("Listed", (await listed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        Assert.True(await OnStorefrontAsync(name));

        var again = await client.PostAsync($"{Products}/{id}/list", null);
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Equal("application/problem+json", again.Content.Headers.ContentType?.MediaType);

        app.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"{Products}/{id}/delist", null)).StatusCode);
        Assert.False(await OnStorefrontAsync(name));
        Assert.Equal("Delisted", (await GetAsync(client, id)).GetProperty("status").GetString());

        var actions = await AuditAsync(id);
        Assert.Equal(["product.listed", "product.delisted"], actions.Select(a => a.Action));
        Assert.All(actions, a => Assert.NotNull(a.ActorId));
    }

    [Fact]
    public async Task Scheduled_listing_and_delisting_happen_when_the_clock_passes_their_time_and_a_job_pass_runs()
    {
        var client = await MerchantAsync();
        var (id, name) = await DraftAsync(client);
        var now = app.Clock.GetUtcNow();
        var listAt = now.AddHours(1);
        var delistAt = now.AddHours(3);

        var schedule = await client.PostAsJsonAsync($"{Products}/{id}/schedule", new { listAt, delistAt });
        Assert.True(schedule.StatusCode == HttpStatusCode.OK, await schedule.Content.ReadAsStringAsync());

        await Job.RunOnceAsync();
        Assert.Equal("Draft", (await GetAsync(client, id)).GetProperty("status").GetString());

        app.Clock.Advance(TimeSpan.FromMinutes(61));
        await Job.RunOnceAsync();
        var product = await GetAsync(client, id);
        Assert.Equal("Listed", product.GetProperty("status").GetString());
        Assert.Equal(listAt, product.GetProperty("listedAt").GetDateTimeOffset());
        Assert.Equal(JsonValueKind.Null, product.GetProperty("scheduledListAt").ValueKind);
        Assert.Equal(delistAt, product.GetProperty("scheduledDelistAt").GetDateTimeOffset());
        Assert.True(await OnStorefrontAsync(name));

        app.Clock.Advance(TimeSpan.FromHours(2));
        await Job.RunOnceAsync();
        product = await GetAsync(client, id);
        Assert.Equal("Delisted", product.GetProperty("status").GetString());
        Assert.Equal(delistAt, product.GetProperty("delistedAt").GetDateTimeOffset());
        Assert.False(await OnStorefrontAsync(name));

        var actions = await AuditAsync(id);
        Assert.Equal(["product.scheduled", "product.listed", "product.delisted"], actions.Select(a => a.Action));
        Assert.NotNull(actions[0].ActorId);
        Assert.Null(actions[1].ActorId);   // the job, not a person
    }

    [Fact]
    public async Task The_job_applies_due_plans_by_itself_when_its_interval_passes()
    {
        var client = await MerchantAsync();
        var (id, _) = await DraftAsync(client);
        var schedule = await client.PostAsJsonAsync($"{Products}/{id}/schedule", new { listAt = app.Clock.GetUtcNow().AddMinutes(10) });
        Assert.Equal(HttpStatusCode.OK, schedule.StatusCode);

        app.Clock.Advance(TimeSpan.FromMinutes(11));   // past the plan and past the job's interval: its timer fires
        var deadline = DateTime.UtcNow.AddSeconds(15);
        string? status;
        do
        {
            status = (await GetAsync(client, id)).GetProperty("status").GetString();
            if (status == "Listed")
            {
                break;
            }

            await Task.Delay(100);
        }
        while (DateTime.UtcNow < deadline);

        Assert.Equal("Listed", status);
    }

    [Fact]
    public async Task A_product_locked_by_another_instance_is_skipped_not_waited_for_and_taken_on_the_next_pass()
    {
        var client = await MerchantAsync();
        var (id, _) = await DraftAsync(client);
        Assert.Equal(HttpStatusCode.OK,
            (await client.PostAsJsonAsync($"{Products}/{id}/schedule", new { listAt = app.Clock.GetUtcNow().AddMinutes(5) })).StatusCode);

        // Another instance's pass holds the row (taken before the plan comes due, so this app's own timer cannot get there first).
        await using (var other = new NpgsqlConnection(app.Database.AppConnectionString))
        {
            await other.OpenAsync();
            await using var tx = await other.BeginTransactionAsync();
            await using (var set = new NpgsqlCommand($"select set_config('app.tenant_id', '{await app.StoreIdAsync("demo")}', true)", other, tx))
            {
                await set.ExecuteNonQueryAsync();
            }

            await using (var claim = new NpgsqlCommand($"select id from products where id = '{id}' for update", other, tx))
            {
                Assert.NotNull(await claim.ExecuteScalarAsync());
            }

            app.Clock.Advance(TimeSpan.FromMinutes(6));
            var pass = Job.RunOnceAsync();
            Assert.True(await Task.WhenAny(pass, Task.Delay(TimeSpan.FromSeconds(10))) == pass, "the pass waited for the locked row");
            Assert.Equal("Draft", (await GetAsync(client, id)).GetProperty("status").GetString());
            await tx.RollbackAsync();
        }

        await Job.RunOnceAsync();
        Assert.Equal("Listed", (await GetAsync(client, id)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_plan_in_the_past_or_out_of_order_is_refused_with_a_clear_400()
    {
        var client = await MerchantAsync();
        var (id, _) = await DraftAsync(client);
        var now = app.Clock.GetUtcNow();

        var past = await client.PostAsJsonAsync($"{Products}/{id}/schedule", new { listAt = now.AddMinutes(-1) });
        Assert.Equal(HttpStatusCode.BadRequest, past.StatusCode);
        Assert.Equal("urn:storefront:product.schedule-past", (await past.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString());

        var order = await client.PostAsJsonAsync($"{Products}/{id}/schedule", new { listAt = now.AddHours(2), delistAt = now.AddHours(1) });
        Assert.Equal(HttpStatusCode.BadRequest, order.StatusCode);

        var product = await GetAsync(client, id);
        Assert.Equal(JsonValueKind.Null, product.GetProperty("scheduledListAt").ValueKind);
        Assert.Equal(JsonValueKind.Null, product.GetProperty("scheduledDelistAt").ValueKind);
    }

    [Fact]
    public async Task A_delisting_plan_for_a_product_that_never_got_listed_is_dropped_once_due()
    {
        var client = await MerchantAsync();
        var (id, _) = await DraftAsync(client);
        Assert.Equal(HttpStatusCode.OK,
            (await client.PostAsJsonAsync($"{Products}/{id}/schedule", new { delistAt = app.Clock.GetUtcNow().AddMinutes(5) })).StatusCode);
        app.Clock.Advance(TimeSpan.FromMinutes(6));

        await Job.RunOnceAsync();
        var product = await GetAsync(client, id);
        Assert.Equal("Draft", product.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, product.GetProperty("scheduledDelistAt").ValueKind);
    }

    [Fact]
    public async Task A_suspended_stores_due_plans_wait_while_an_active_stores_are_applied()
    {
        var demo = await MerchantAsync();
        var acme = app.ClientFor("acme");
        await acme.SignInStaffAsync("merchant@acme.local");
        var (active, _) = await DraftAsync(demo);
        var (suspended, _) = await DraftAsync(acme);
        var listAt = app.Clock.GetUtcNow().AddMinutes(5);
        Assert.Equal(HttpStatusCode.OK, (await demo.PostAsJsonAsync($"{Products}/{active}/schedule", new { listAt })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await acme.PostAsJsonAsync($"{Products}/{suspended}/schedule", new { listAt })).StatusCode);

        var platform = app.ClientFor("");
        await platform.PostAsJsonAsync("/api/v1/platform/login", new { email = "admin@storefront.local", password = "storefront-demo" });
        Assert.Equal(HttpStatusCode.OK, (await platform.PostAsJsonAsync("/api/v1/platform/stores/acme/suspend", new { reason = "unpaid fees" })).StatusCode);
        try
        {
            app.Clock.Advance(TimeSpan.FromMinutes(6));
            await Job.RunOnceAsync();
            Assert.Equal("Listed", (await GetAsync(demo, active)).GetProperty("status").GetString());
            Assert.Equal(ProductStatus.Draft, await StatusAsync("acme", suspended));
        }
        finally
        {
            Assert.Equal(HttpStatusCode.OK, (await platform.PostAsync("/api/v1/platform/stores/acme/reactivate", null)).StatusCode);
        }

        await Job.RunOnceAsync();
        Assert.Equal(ProductStatus.Listed, await StatusAsync("acme", suspended));   // kept, applied once the store is open again
    }

    private Task<ProductStatus> StatusAsync(string store, Guid id) =>
        app.InStoreAsync(store, db => db.Products.AsNoTracking().Where(p => p.Id == id).Select(p => p.Status).SingleAsync());

    private async Task<HttpClient> MerchantAsync()
    {
        var client = app.ClientFor("demo");
        await client.SignInStaffAsync("merchant@demo.local");
        return client;
    }

    private static async Task<(Guid Id, string Name)> DraftAsync(HttpClient client)
    {
        var name = "定时商品-" + Guid.NewGuid().ToString("N")[..8];
        var response = await client.PostAsJsonAsync(Products, new { name, price = 10m, list = false });
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return ((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("productId").GetGuid(), name);
    }

    private static async Task<JsonElement> GetAsync(HttpClient client, Guid id) =>
        await client.GetFromJsonAsync<JsonElement>($"{Products}/{id}");

    private async Task<bool> OnStorefrontAsync(string name)
    {
        var listed = (await app.ClientFor("demo").GetFromJsonAsync<JsonElement>($"/api/v1/catalog/products?q={Uri.EscapeDataString(name)}&pageSize=60"))
            .GetProperty("items");
        return listed.EnumerateArray().Any(p => p.GetProperty("name").GetString() == name);
    }

    private Task<List<(string Action, Guid? ActorId)>> AuditAsync(Guid id) =>
        app.InStoreAsync("demo", async db => (await db.AuditLog.AsNoTracking()
            .Where(a => a.EntityId == id.ToString() && a.Action != "product.created")
            .OrderBy(a => a.At).ThenBy(a => a.Id)
            .Select(a => new { a.Action, a.ActorId }).ToListAsync())
            .Select(a => (a.Action, a.ActorId)).ToList());
}
