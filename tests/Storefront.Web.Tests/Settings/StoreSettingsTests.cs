using System.Net;
using System.Net.Http.Json;
using Storefront.Web.Tests.Infrastructure;
using static Storefront.Web.Tests.Infrastructure.ApiAssert;

namespace Storefront.Web.Tests.Settings;

/// <summary>The store's time zone: the owner sets it, and the times shoppers read (and the CSV staff export) follow it.</summary>
public sealed class StoreSettingsTests(StorefrontApp app) : IClassFixture<StorefrontApp>
{
    private const string Api = "/api/v1/admin/settings/store";

    [Fact]
    public async Task A_shoppers_order_time_is_shown_in_the_stores_zone_and_follows_a_change()
    {
        var owner = app.ClientFor("demo");
        await owner.SignInStaffAsync("owner@demo.local");
        var shopper = app.ClientFor("demo");
        await shopper.SignInShopperAsync("shopper@demo.local");
        var sku = await app.SeedSkuAsync("demo", "TZ-1");
        var number = await app.PlaceOrderAsync("demo", paid: false, (sku, 1));   // placed 2026-11-23 08:00 UTC

        Assert.Equal("Asia/Shanghai", (await JsonAsync(await owner.GetAsync(Api))).GetProperty("timeZone").GetString());
        var page = (await shopper.GetPageAsync($"/orders/{number}")).Body!.TextContent;
        Assert.Contains("2026-11-23 16:00", page);
        Assert.DoesNotContain("2026-11-23 08:00", page);
        var csv = await owner.GetStringAsync($"/api/v1/admin/orders.csv?number={number}");
        Assert.Contains("2026-11-23 16:00:00", csv);

        try
        {
            var saved = await JsonAsync(await owner.PutAsJsonAsync(Api, new { timeZone = "America/New_York" }));
            Assert.Equal("America/New_York", saved.GetProperty("timeZone").GetString());

            page = (await shopper.GetPageAsync($"/orders/{number}")).Body!.TextContent;
            Assert.Contains("2026-11-23 03:00", page);   // EST, UTC−5
            Assert.DoesNotContain("2026-11-23 16:00", page);
            Assert.Contains("2026-11-23 03:00:00", await owner.GetStringAsync($"/api/v1/admin/orders.csv?number={number}"));
            Assert.Equal(1, await app.CountAsync("demo", "from audit_log where action = 'settings.store' and details like '%New_York%'"));
        }
        finally
        {
            await JsonAsync(await owner.PutAsJsonAsync(Api, new { timeZone = "Asia/Shanghai" }));
        }

        Assert.Contains("2026-11-23 16:00", (await shopper.GetPageAsync($"/orders/{number}")).Body!.TextContent);
    }

    [Theory]
    [InlineData("Mars/Olympus_Mons")]
    [InlineData("China Standard Time")]
    [InlineData("")]
    public async Task An_unknown_zone_is_a_field_error(string zone)
    {
        var owner = app.ClientFor("demo");
        await owner.SignInStaffAsync("owner@demo.local");

        var problem = await ProblemAsync(await owner.PutAsJsonAsync(Api, new { timeZone = zone }));

        Assert.NotEmpty(Errors(problem, "timeZone"));
        Assert.Equal("Asia/Shanghai", (await JsonAsync(await owner.GetAsync(Api))).GetProperty("timeZone").GetString());
    }

    [Fact]
    public async Task Only_the_owner_changes_the_zone()
    {
        foreach (var email in new[] { "merchant@demo.local", "operator@demo.local" })
        {
            var staff = app.ClientFor("demo");
            await staff.SignInStaffAsync(email);
            Assert.Equal(HttpStatusCode.Forbidden, (await staff.PutAsJsonAsync(Api, new { timeZone = "Europe/London" })).StatusCode);
        }
    }
}
