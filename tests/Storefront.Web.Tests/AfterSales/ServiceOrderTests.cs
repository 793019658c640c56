using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Storefront.Domain.Tenancy;
using Storefront.Web.Tests.Infrastructure;

namespace Storefront.Web.Tests.AfterSales;

/// <summary>Customer service reads the order behind a complaint or case, and only that: no action on the page, and the order's commands refuse them.</summary>
public sealed class ServiceOrderTests(StorefrontApp app) : IClassFixture<StorefrontApp>
{
    [Fact]
    public async Task Customer_service_reads_the_order_behind_a_complaint_without_any_action_and_the_orders_commands_answer_403()
    {
        var sku = await app.SeedSkuAsync("demo", "SVC-" + Guid.NewGuid().ToString("N")[..6], price: 39.90m);
        var complained = await app.ShippedOrderAsync("demo", "shopper@demo.local", sku);
        var untouched = await app.ShippedOrderAsync("demo", "shopper@demo.local", sku);
        var shopper = app.ClientFor("demo");
        await shopper.SignInShopperAsync("shopper@demo.local");
        var complaint = new { orderNumber = complained, kind = "Delay", text = "物流太慢了" };
        Assert.Equal(HttpStatusCode.Created, (await shopper.PostAsJsonAsync("/api/v1/after-sales/complaints", complaint)).StatusCode);
        await app.GrantStaffAsync("demo", "service-reader@example.com", StoreRole.CustomerService);
        var cs = app.ClientFor("demo");
        await cs.SignInStaffAsync("service-reader@example.com");

        var order = await cs.GetFromJsonAsync<JsonElement>($"/api/v1/admin/after-sales/orders/{complained}");
        Assert.Equal("Shipped", order.GetProperty("status").GetString());
        var line = Assert.Single(order.GetProperty("lines").EnumerateArray());
        Assert.Equal(39.90m, line.GetProperty("unitPrice").GetDecimal());
        Assert.Single(order.GetProperty("shipments").EnumerateArray());
        Assert.Equal(HttpStatusCode.NotFound, (await cs.GetAsync($"/api/v1/admin/after-sales/orders/{untouched}")).StatusCode);

        var page = await cs.GetPageAsync($"/admin/aftersales/orders/{complained}");
        Assert.Equal(complained, page.QuerySelector("[data-testid=order-number]")?.TextContent);
        Assert.Equal("已发货", page.QuerySelector("[data-testid=order-status]")?.TextContent);
        Assert.Contains("39.90", page.QuerySelector("[data-testid=order-lines]")!.TextContent);
        Assert.Contains("SF" + complained[^8..], page.QuerySelector("[data-testid=order-shipments]")!.TextContent);
        Assert.Empty(page.QuerySelector("main.admin-main")!.QuerySelectorAll("button, form, input, select, textarea"));
        Assert.NotNull((await cs.GetPageAsync($"/admin/aftersales/orders/{untouched}")).QuerySelector("[data-testid=service-order-missing]"));

        // The order screen and every command on the order stay with Orders staff.
        Assert.True(await cs.IsDeniedAsync($"/admin/orders/{complained}"));
        Assert.Equal(HttpStatusCode.Forbidden, (await cs.GetAsync($"/api/v1/admin/orders/{complained}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await cs.PostAsJsonAsync($"/api/v1/admin/orders/{complained}/notes", new { text = "看一下" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden,
            (await cs.PostAsJsonAsync($"/api/v1/admin/orders/{complained}/cancel", new { reason = "不要了" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden,
            (await cs.PostAsJsonAsync($"/api/v1/admin/orders/{complained}/ship", new { parcels = Array.Empty<object>() })).StatusCode);

        // A merchant opens the full order screen, and another store's staff do not see the order at all.
        var merchant = app.ClientFor("demo");
        await merchant.SignInStaffAsync("merchant@demo.local");
        Assert.True(await merchant.OpensAsync($"/admin/orders/{complained}"));
        var acme = app.ClientFor("acme");
        await acme.SignInStaffAsync("owner@acme.local");
        Assert.Equal(HttpStatusCode.NotFound, (await acme.GetAsync($"/api/v1/admin/after-sales/orders/{complained}")).StatusCode);
    }
}
