using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Storefront.Domain.Ordering;
using Storefront.Web.Tests.Infrastructure;

namespace Storefront.Web.Tests.Ordering;

/// <summary>The shopper's order list (tabs, paging), order detail, cancel and confirm receipt, through the API and the pages.</summary>
public sealed class ShopperOrdersTests(PaymentsApp app) : IClassFixture<PaymentsApp>
{
    private const string Shopper = "shopper@demo.local";

    private async Task<HttpClient> ShopperAsync(string email = Shopper)
    {
        var client = app.ClientFor("demo");
        await client.SignInShopperAsync(email);
        return client;
    }

    private async Task<string> RegisterAsync(string email)
    {
        var client = app.ClientFor("demo");
        var response = await client.PostAsJsonAsync("/api/v1/account/register", new { email, password = "Passw0rd1-long", displayName = "新顾客" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return email;
    }

    [Fact]
    public async Task The_list_has_a_tab_per_status_pages_of_ten_and_only_the_shoppers_own_orders()
    {
        var email = await RegisterAsync("lister@example.com");
        var sku = await app.SeedSkuAsync("demo", "LIST-1", stock: 100);
        var numbers = new List<string>();
        for (var i = 0; i < 12; i++)
        {
            app.Clock.Advance(TimeSpan.FromMinutes(1));
            numbers.Add(await app.PlacePendingOrderAsync("demo", email, sku));
        }

        var client = app.ClientFor("demo");
        await client.SignInShopperAsync(email, "Passw0rd1-long");
        await client.PostAsync($"/api/v1/orders/{numbers[0]}/cancel", null);
        await client.PostAsync($"/api/v1/orders/{numbers[1]}/cancel", null);
        await client.ChooseOnGatewayAsync((await client.StartPaymentAsync(numbers[2])).PaymentId, "pay");
        await app.PlacePendingOrderAsync("demo", Shopper, sku);   // someone else's

        var all = await client.GetFromJsonAsync<JsonElement>("/api/v1/orders");
        Assert.Equal(12, all.GetProperty("totalCount").GetInt32());
        Assert.Equal(2, all.GetProperty("pageCount").GetInt32());
        var firstPage = all.GetProperty("items").EnumerateArray().Select(o => o.GetProperty("number").GetString()).ToList();
        Assert.Equal(numbers.AsEnumerable().Reverse().Take(10), firstPage);   // newest first
        var second = await client.GetFromJsonAsync<JsonElement>("/api/v1/orders?page=2");
        Assert.Equal([numbers[1], numbers[0]], second.GetProperty("items").EnumerateArray().Select(o => o.GetProperty("number").GetString()));

        var pending = await client.GetFromJsonAsync<JsonElement>("/api/v1/orders?status=PendingPayment");
        Assert.Equal(9, pending.GetProperty("totalCount").GetInt32());
        Assert.All(pending.GetProperty("items").EnumerateArray(), o => Assert.Equal("PendingPayment", o.GetProperty("status").GetString()));
        var cancelled = await client.GetFromJsonAsync<JsonElement>("/api/v1/orders?status=cancelled");
        Assert.Equal(2, cancelled.GetProperty("totalCount").GetInt32());
        var paid = await client.GetFromJsonAsync<JsonElement>("/api/v1/orders?status=Paid");
        Assert.Equal(numbers[2], Assert.Single(paid.GetProperty("items").EnumerateArray()).GetProperty("number").GetString());
        Assert.Equal(0, (await client.GetFromJsonAsync<JsonElement>("/api/v1/orders?status=Shipped")).GetProperty("totalCount").GetInt32());

        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/v1/orders?status=Lost")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/v1/orders?status=1")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/v1/orders?page=0")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.ClientFor("demo").GetAsync("/api/v1/orders")).StatusCode);

        // The page: six tabs, the 已取消 tab lists the two cancelled orders, paging links.
        var page = await client.GetPageAsync("/orders");
        var tabs = page.QuerySelectorAll("[data-testid=order-tabs] a").Select(a => a.TextContent.Trim()).ToList();
        Assert.Equal(["全部", "待付款 (9)", "待发货 (1)", "已发货", "已完成", "已取消 (2)"], tabs);
        Assert.Equal(10, page.QuerySelectorAll("[data-testid=order-card]").Length);
        Assert.NotNull(page.QuerySelector("[data-testid=orders-next]"));
        Assert.NotNull(page.QuerySelector("[data-testid=account-link]"));
        Assert.NotNull((await client.GetPageAsync("/account")).QuerySelector("a[data-testid=my-orders-link][href='/orders']"));
        var cancelledTab = await client.GetPageAsync("/orders?status=Cancelled");
        Assert.Equal([numbers[1], numbers[0]], cancelledTab.QuerySelectorAll("[data-testid=order-card]").Select(c => c.GetAttribute("data-number")));
        Assert.All(cancelledTab.QuerySelectorAll("[data-testid=order-status]"), s => Assert.Equal("已取消", s.TextContent.Trim()));
    }

    [Fact]
    public async Task The_detail_shows_lines_with_paid_amounts_the_public_timeline_and_parcels_with_tracking()
    {
        var number = await app.ShippedOrderAsync("demo", Shopper, await app.SeedSkuAsync("demo", "DETAIL-1", stock: 5));
        var tracking = "SF" + number[^8..];
        await app.InStoreAsync("demo", async db =>
        {
            var order = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(db.Orders, o => o.Number == number);
            order.AddNote(OrderActor.Staff(null), "内部备注：客户要求加急", app.Clock.GetUtcNow());
            return await db.SaveChangesAsync();
        });
        var client = await ShopperAsync();

        var detail = await client.GetFromJsonAsync<JsonElement>($"/api/v1/orders/{number}");
        Assert.Equal("Shipped", detail.GetProperty("status").GetString());
        var line = Assert.Single(detail.GetProperty("lines").EnumerateArray());
        Assert.True(line.GetProperty("paidAmount").GetDecimal() > 0);
        var kinds = detail.GetProperty("timeline").EnumerateArray().Select(e => e.GetProperty("kind").GetString()).ToList();
        Assert.Equal(["placed", "paid", "shipped"], kinds);
        var parcel = Assert.Single(detail.GetProperty("shipments").EnumerateArray());
        Assert.Equal("顺丰速运", parcel.GetProperty("carrier").GetString());
        Assert.Equal(tracking, parcel.GetProperty("trackingNumber").GetString());
        Assert.True(detail.GetProperty("canConfirmReceipt").GetBoolean());
        Assert.False(detail.GetProperty("canCancel").GetBoolean());

        var page = await client.GetPageAsync($"/orders/{number}");
        Assert.Equal("已发货", page.QuerySelector("[data-testid=order-status]")!.TextContent.Trim());
        Assert.Equal(tracking, page.QuerySelector("[data-testid=tracking-number]")!.TextContent.Trim());
        Assert.Equal("顺丰速运", page.QuerySelector("[data-testid=carrier]")!.TextContent.Trim());
        Assert.DoesNotContain("内部备注", page.Body!.TextContent);
        Assert.NotNull(page.QuerySelector("[data-testid=confirm-receipt]"));
        // 确认收货 asks first: the page has no confirming form until the shopper opens the question (works without script).
        Assert.Null(page.QuerySelector("[data-testid=confirm-form]"));
        var asking = await client.GetPageAsync(page.QuerySelector("[data-testid=confirm-receipt]")!.GetAttribute("href")!);
        Assert.Contains("确认已收到全部商品", asking.QuerySelector("[data-testid=confirm-receipt-step]")?.TextContent);
        Assert.NotNull(asking.QuerySelector("[data-testid=confirm-form] [data-testid=confirm-receipt-yes]"));
        Assert.Equal($"/orders/{number}", asking.QuerySelector("[data-testid=confirm-receipt-no]")?.GetAttribute("href"));
        Assert.Null(page.QuerySelector("[data-testid=cancel]"));
        Assert.Null(page.QuerySelector("[data-testid=pay]"));

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/v1/orders/20990101000001")).StatusCode);
    }

    [Fact]
    public async Task Cancelling_an_unpaid_order_releases_its_stock_once_and_other_states_refuse()
    {
        var sku = await app.SeedSkuAsync("demo", "CANCEL-1", stock: 10);
        var number = await app.PlacePendingOrderAsync("demo", Shopper, sku, 3);
        Assert.Equal((10, 3), await app.StockAsync("demo", sku));
        var client = await ShopperAsync();

        var tooLong = await client.PostAsJsonAsync($"/api/v1/orders/{number}/cancel", new { reason = new string('x', 201) });
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.True((await tooLong.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("reason", out _));

        var cancelled = await client.PostAsJsonAsync($"/api/v1/orders/{number}/cancel", new { reason = "不想要了" });
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        Assert.Equal((10, 0), await app.StockAsync("demo", sku));
        var order = await app.StoredOrderAsync("demo", number);
        Assert.Equal(OrderStatus.Cancelled, order.Status);
        Assert.Equal("不想要了", order.CancelReason);
        Assert.Equal(1, await app.OutboxCountAsync("demo", "order.cancelled", number));

        var again = await client.PostAsync($"/api/v1/orders/{number}/cancel", null);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal((10, 0), await app.StockAsync("demo", sku));

        // A paid order is the merchant's to cancel (with a refund), not the shopper's.
        var paid = await app.PlacePendingOrderAsync("demo", Shopper, sku, 1);
        await client.ChooseOnGatewayAsync((await client.StartPaymentAsync(paid)).PaymentId, "pay");
        var refused = await client.PostAsync($"/api/v1/orders/{paid}/cancel", null);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("联系商家", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());
        Assert.Equal((10, 1), await app.StockAsync("demo", sku));
    }

    [Fact]
    public async Task Cancelling_from_the_order_page_posts_the_form_and_shows_the_cancelled_order()
    {
        var sku = await app.SeedSkuAsync("demo", "CANCEL-PAGE", stock: 5);
        var number = await app.PlacePendingOrderAsync("demo", Shopper, sku, 2);
        var client = await ShopperAsync();

        var page = await client.GetPageAsync($"/orders/{number}");
        Assert.Equal("待付款", page.QuerySelector("[data-testid=order-status]")!.TextContent.Trim());
        Assert.NotNull(page.QuerySelector("[data-testid=pay]"));

        var response = await client.SubmitAsync($"/orders/{number}", "form[data-testid=cancel-form]", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var after = await client.GetPageAsync($"/orders/{number}");
        Assert.Equal("已取消", after.QuerySelector("[data-testid=order-status]")!.TextContent.Trim());
        Assert.Contains("订单取消", after.QuerySelector("[data-testid=timeline]")!.TextContent);
        Assert.Null(after.QuerySelector("[data-testid=cancel]"));
        Assert.Equal((5, 0), await app.StockAsync("demo", sku));
    }

    [Fact]
    public async Task Paying_from_the_order_page_goes_to_the_gateway()
    {
        var sku = await app.SeedSkuAsync("demo", "PAY-PAGE", stock: 5);
        var number = await app.PlacePendingOrderAsync("demo", Shopper, sku);
        var client = await ShopperAsync();

        var response = await client.SubmitAsync($"/orders/{number}", "form[data-testid=pay-form]", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var gateway = response.Headers.Location!;
        Assert.StartsWith("http://demo.localhost/pay/sandbox/", gateway.ToString());
        var pay = await client.GetPageAsync(gateway.PathAndQuery);
        Assert.Equal(number, pay.QuerySelector("[data-testid=sandbox-order]")!.TextContent.Trim());
    }

    [Fact]
    public async Task Confirming_receipt_completes_a_shipped_order_and_is_refused_before_shipping()
    {
        var sku = await app.SeedSkuAsync("demo", "CONFIRM-1", stock: 5);
        var shipped = await app.ShippedOrderAsync("demo", Shopper, sku);
        var pending = await app.PlacePendingOrderAsync("demo", Shopper, sku);
        var client = await ShopperAsync();

        Assert.Equal(HttpStatusCode.Conflict, (await client.PostAsync($"/api/v1/orders/{pending}/confirm-receipt", null)).StatusCode);

        var stranger = app.ClientFor("demo");
        await RegisterAsync("nosy@example.com");
        await stranger.SignInShopperAsync("nosy@example.com", "Passw0rd1-long");
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.PostAsync($"/api/v1/orders/{shipped}/confirm-receipt", null)).StatusCode);

        var confirmed = await client.PostAsync($"/api/v1/orders/{shipped}/confirm-receipt", null);
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        var order = await app.StoredOrderAsync("demo", shipped);
        Assert.Equal(OrderStatus.Completed, order.Status);
        Assert.Contains(order.Events, e => e.Kind == "completed" && e.ActorKind == ActorKind.Shopper);

        var twice = await client.PostAsync($"/api/v1/orders/{shipped}/confirm-receipt", null);
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        Assert.Contains("已确认收货", (await twice.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());
    }
}
