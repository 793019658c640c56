using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Storefront.Domain.Ordering;
using Storefront.Web.Features.PaymentSandbox;
using Storefront.Web.Tests.Infrastructure;

namespace Storefront.Web.Tests.Ordering;

/// <summary>
/// The sandbox gateway end to end over the real HTTP pipeline: pay → hosted page → signed callback → order paid; and
/// every way a callback can be wrong (no or bad signature, tampered body, replay, wrong amount, an order cancelled
/// meanwhile), each changing nothing it must not.
/// </summary>
public sealed class PaymentsTests(PaymentsApp app) : IClassFixture<PaymentsApp>
{
    private const string Shopper = "shopper@demo.local";

    private async Task<(HttpClient Client, string Number, Guid Sku)> PendingOrderAsync(string code, int quantity = 1)
    {
        var sku = await app.SeedSkuAsync("demo", code, stock: 20, price: 25m);
        var number = await app.PlacePendingOrderAsync("demo", Shopper, sku, quantity);
        var client = app.ClientFor("demo");
        await client.SignInShopperAsync(Shopper);
        return (client, number, sku);
    }

    [Fact]
    public async Task Paying_on_the_hosted_page_pays_the_order_once_and_returns_the_shopper_to_it()
    {
        var (client, number, _) = await PendingOrderAsync("PAY-OK", 2);

        var started = await client.StartPaymentAsync(number);
        Assert.Equal(60m, started.Amount);   // 2 × 25.00 + 10.00 shipping
        Assert.Equal($"http://demo.localhost/pay/sandbox/{started.PaymentId}", started.GatewayUrl);

        var page = await client.GetPageAsync(new Uri(started.GatewayUrl).PathAndQuery);
        Assert.Equal("示例商店", page.QuerySelector("[data-testid=sandbox-store]")!.TextContent.Trim());
        Assert.Equal(number, page.QuerySelector("[data-testid=sandbox-order]")!.TextContent.Trim());
        Assert.Contains("60.00", page.QuerySelector("[data-testid=sandbox-amount]")!.TextContent);
        Assert.NotNull(page.QuerySelector("[data-testid=sandbox-pay]"));
        Assert.NotNull(page.QuerySelector("[data-testid=sandbox-fail]"));

        var chosen = await client.ChooseOnGatewayAsync(started.PaymentId, "pay");
        Assert.Equal(HttpStatusCode.Redirect, chosen.StatusCode);
        Assert.Equal($"http://demo.localhost/orders/{number}", chosen.Headers.Location!.ToString());

        var order = await app.StoredOrderAsync("demo", number);
        Assert.Equal(OrderStatus.Paid, order.Status);
        Assert.Single(order.Events, e => e.Kind == "paid");
        var payment = Assert.Single(await app.PaymentsAsync("demo", number));
        Assert.Equal(PaymentStatus.Succeeded, payment.Status);
        Assert.Equal(order.PaymentReference, payment.ProviderReference);
        Assert.Equal(1, await app.OutboxCountAsync("demo", "order.paid", number));
        var charge = (await app.ChargeAsync("demo", started.PaymentId))!;
        Assert.Equal("Succeeded", charge.Status);
        Assert.NotNull(charge.CallbackDeliveredAt);
        Assert.Equal(1, charge.CallbackAttempts);

        // The hosted page now says it was handled and offers the way back, not the buttons.
        var again = await client.GetPageAsync($"/pay/sandbox/{started.PaymentId}");
        Assert.Null(again.QuerySelector("[data-testid=sandbox-form]"));
        Assert.NotNull(again.QuerySelector("[data-testid=sandbox-decided]"));

        // The order page shows 待发货 and the payment.
        var detail = await client.GetPageAsync($"/orders/{number}");
        Assert.Equal("待发货", detail.QuerySelector("[data-testid=order-status]")!.TextContent.Trim());
        Assert.Contains(payment.ProviderReference!, detail.QuerySelector("[data-testid=order-payments]")!.TextContent);
        Assert.Null(detail.QuerySelector("[data-testid=pay]"));
        Assert.Equal("实付款", detail.QuerySelector("[data-testid=order-total-label]")?.TextContent.Trim());
    }

    [Fact]
    public async Task A_failed_payment_leaves_the_order_awaiting_payment_and_it_can_be_paid_again()
    {
        var (client, number, _) = await PendingOrderAsync("PAY-FAIL");

        var first = await client.StartPaymentAsync(number);
        Assert.Equal(HttpStatusCode.Redirect, (await client.ChooseOnGatewayAsync(first.PaymentId, "fail")).StatusCode);
        Assert.Equal(OrderStatus.PendingPayment, (await app.StoredOrderAsync("demo", number)).Status);
        Assert.Equal(PaymentStatus.Failed, Assert.Single(await app.PaymentsAsync("demo", number)).Status);
        Assert.Equal(0, await app.OutboxCountAsync("demo", "order.paid", number));

        // Back on the order page the shopper is told the payment failed (not that a result may still be on its way),
        // and the total is what is still due.
        var failed = await client.GetPageAsync($"/orders/{number}");
        Assert.Contains("支付失败", failed.QuerySelector("[data-testid=payment-failed]")?.TextContent);
        Assert.Null(failed.QuerySelector("[data-testid=payment-processing]"));
        Assert.Equal("应付款", failed.QuerySelector("[data-testid=order-total-label]")?.TextContent.Trim());

        var second = await client.StartPaymentAsync(number);
        await client.ChooseOnGatewayAsync(second.PaymentId, "pay");
        Assert.Equal(OrderStatus.Paid, (await app.StoredOrderAsync("demo", number)).Status);
        Assert.Equal([PaymentStatus.Failed, PaymentStatus.Succeeded], (await app.PaymentsAsync("demo", number)).Select(p => p.Status));
    }

    [Fact]
    public async Task A_callback_without_or_with_a_wrong_signature_is_refused_logged_and_changes_nothing()
    {
        var (client, number, _) = await PendingOrderAsync("PAY-SIG");
        var started = await client.StartPaymentAsync(number);
        var body = JsonSerializer.Serialize(new SandboxCallback(started.PaymentId, number, started.Amount, "succeeded", "sbx_forged", app.Clock.GetUtcNow()),
            SandboxCallback.Json);
        var gateway = app.ClientFor("demo");

        var missing = await gateway.PostCallbackAsync(body, null);
        var wrongKey = await gateway.PostCallbackAsync(body, SandboxCharges.Sign("not-the-store-secret", System.Text.Encoding.UTF8.GetBytes(body)));
        var garbage = await gateway.PostCallbackAsync(body, "zz-not-hex");
        var otherStore = await gateway.PostCallbackAsync(body,
            SandboxCharges.Sign(await app.PaymentSecretAsync("acme"), System.Text.Encoding.UTF8.GetBytes(body)));

        Assert.All([missing, wrongKey, garbage, otherStore], r => Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode));
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType!.MediaType);
        Assert.Equal(OrderStatus.PendingPayment, (await app.StoredOrderAsync("demo", number)).Status);
        Assert.Equal(PaymentStatus.Pending, Assert.Single(await app.PaymentsAsync("demo", number)).Status);
        Assert.Contains(app.Logs, l => l.Level == LogLevel.Warning && l.Message.Contains("Sandbox callback refused: missing signature"));
        Assert.True(app.Logs.Count(l => l.Level == LogLevel.Warning && l.Message.Contains("Sandbox callback refused: bad signature")) >= 3);
    }

    [Fact]
    public async Task A_tampered_callback_body_is_refused_and_the_genuine_one_still_pays()
    {
        var (client, number, _) = await PendingOrderAsync("PAY-TAMPER");
        var started = await client.StartPaymentAsync(number);
        // Decide on the gateway without delivering, to get the genuine signed body.
        await app.InStoreAsync("demo", async db =>
        {
            var charge = (await SandboxCharges.FindAsync(db, started.PaymentId, default))!;
            return await SandboxCharges.DecideAsync(db, charge, succeeded: true, await app.PaymentSecretAsync("demo"), app.Clock.GetUtcNow(), default);
        });
        var (body, signature) = await app.CallbackAsync("demo", started.PaymentId);
        var gateway = app.ClientFor("demo");

        var cheaper = body.Replace($"\"amount\":{started.Amount:0.00}", "\"amount\":0.01", StringComparison.Ordinal);
        Assert.NotEqual(body, cheaper);
        Assert.Equal(HttpStatusCode.Unauthorized, (await gateway.PostCallbackAsync(cheaper, signature)).StatusCode);
        var failedInstead = body.Replace("\"succeeded\"", "\"failed\"", StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await gateway.PostCallbackAsync(failedInstead, signature)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await gateway.PostCallbackAsync(body + " ", signature)).StatusCode);
        Assert.Equal(OrderStatus.PendingPayment, (await app.StoredOrderAsync("demo", number)).Status);

        var genuine = await gateway.PostCallbackAsync(body, signature);
        Assert.Equal(HttpStatusCode.OK, genuine.StatusCode);
        Assert.Equal(OrderStatus.Paid, (await app.StoredOrderAsync("demo", number)).Status);
    }

    [Fact]
    public async Task A_replayed_callback_answers_ok_and_changes_nothing()
    {
        var (client, number, _) = await PendingOrderAsync("PAY-REPLAY");
        var started = await client.StartPaymentAsync(number);
        await client.ChooseOnGatewayAsync(started.PaymentId, "pay");
        var (body, signature) = await app.CallbackAsync("demo", started.PaymentId);
        var before = await app.StoredOrderAsync("demo", number);

        var gateway = app.ClientFor("demo");
        var replies = new List<HttpResponseMessage>();
        for (var i = 0; i < 3; i++)
        {
            replies.Add(await gateway.PostCallbackAsync(body, signature));
        }

        Assert.All(replies, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal("duplicate", (await replies[0].Content.ReadFromJsonAsync<JsonElement>()).GetProperty("outcome").GetString());
        var after = await app.StoredOrderAsync("demo", number);
        Assert.Equal(before.Version, after.Version);
        Assert.Single(after.Events, e => e.Kind == "paid");
        Assert.Equal(1, await app.OutboxCountAsync("demo", "order.paid", number));
        Assert.Single(await app.PaymentsAsync("demo", number), p => p.Status == PaymentStatus.Succeeded);
    }

    [Fact]
    public async Task A_signed_callback_for_another_amount_is_refused_and_changes_nothing()
    {
        var (client, number, _) = await PendingOrderAsync("PAY-AMOUNT");
        var started = await client.StartPaymentAsync(number);
        var body = JsonSerializer.Serialize(new SandboxCallback(started.PaymentId, number, started.Amount - 1m, "succeeded", "sbx_short",
            app.Clock.GetUtcNow()), SandboxCallback.Json);

        var response = await app.ClientFor("demo")
            .PostCallbackAsync(body, SandboxCharges.Sign(await app.PaymentSecretAsync("demo"), System.Text.Encoding.UTF8.GetBytes(body)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("不符", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());
        Assert.Equal(OrderStatus.PendingPayment, (await app.StoredOrderAsync("demo", number)).Status);
        Assert.Equal(PaymentStatus.Pending, Assert.Single(await app.PaymentsAsync("demo", number)).Status);
    }

    [Fact]
    public async Task A_signed_callback_for_an_unknown_payment_is_not_found()
    {
        var body = JsonSerializer.Serialize(new SandboxCallback(Guid.CreateVersion7(), "x", 1m, "succeeded", "sbx_nobody", app.Clock.GetUtcNow()),
            SandboxCallback.Json);
        var response = await app.ClientFor("demo")
            .PostCallbackAsync(body, SandboxCharges.Sign(await app.PaymentSecretAsync("demo"), System.Text.Encoding.UTF8.GetBytes(body)));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task A_payment_arriving_after_the_order_was_cancelled_does_not_revive_it_and_is_refunded()
    {
        var (client, number, sku) = await PendingOrderAsync("PAY-LATE");
        var started = await client.StartPaymentAsync(number);
        // The shopper (or the payment timeout) cancels while the hosted page is still open; stock goes back.
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"/api/v1/orders/{number}/cancel", null)).StatusCode);
        Assert.Equal((20, 0), await app.StockAsync("demo", sku));

        await client.ChooseOnGatewayAsync(started.PaymentId, "pay");

        var order = await app.StoredOrderAsync("demo", number);
        Assert.Equal(OrderStatus.Cancelled, order.Status);
        Assert.Null(order.PaidAt);
        Assert.Single(order.Events, e => e.Kind == "payment-returned");
        Assert.Equal(PaymentStatus.Succeeded, Assert.Single(await app.PaymentsAsync("demo", number)).Status);
        var refund = await app.InStoreAsync("demo", db => db.Refunds.AsNoTracking().SingleAsync(r => r.PaymentId == started.PaymentId));
        Assert.Equal(RefundStatus.Succeeded, refund.Status);
        Assert.Equal(started.Amount, refund.Amount);
        Assert.Equal(0, await app.OutboxCountAsync("demo", "order.paid", number));
        Assert.Equal((20, 0), await app.StockAsync("demo", sku));
        Assert.NotNull((await app.ChargeAsync("demo", started.PaymentId))!.CallbackDeliveredAt);

        // Its replay refunds nothing more.
        var (body, signature) = await app.CallbackAsync("demo", started.PaymentId);
        Assert.Equal(HttpStatusCode.OK, (await app.ClientFor("demo").PostCallbackAsync(body, signature)).StatusCode);
        Assert.Equal(1, await app.InStoreAsync("demo", db => db.Refunds.CountAsync(r => r.PaymentId == started.PaymentId)));
    }

    [Fact]
    public async Task Paying_someone_elses_order_is_not_found_and_starts_nothing()
    {
        var (_, number, _) = await PendingOrderAsync("PAY-OTHER");
        var stranger = app.ClientFor("demo");
        var registered = await stranger.PostAsJsonAsync("/api/v1/account/register",
            new { email = "stranger@example.com", password = "Passw0rd1-long", displayName = "路人" });
        Assert.Equal(HttpStatusCode.OK, registered.StatusCode);
        await stranger.SignInShopperAsync("stranger@example.com", "Passw0rd1-long");

        Assert.Equal(HttpStatusCode.NotFound, (await stranger.PostAsync($"/api/v1/orders/{number}/pay", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/v1/orders/{number}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.PostAsync($"/api/v1/orders/{number}/cancel", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/orders/{number}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.ClientFor("demo").PostAsync($"/api/v1/orders/{number}/pay", null)).StatusCode);
        Assert.Empty(await app.PaymentsAsync("demo", number));
        Assert.Equal(OrderStatus.PendingPayment, (await app.StoredOrderAsync("demo", number)).Status);
    }

    [Fact]
    public async Task Paying_a_cancelled_or_paid_order_is_a_conflict()
    {
        var (client, number, _) = await PendingOrderAsync("PAY-409");
        await client.PostAsync($"/api/v1/orders/{number}/cancel", null);
        var cancelled = await client.PostAsync($"/api/v1/orders/{number}/pay", null);
        Assert.Equal(HttpStatusCode.Conflict, cancelled.StatusCode);
        Assert.Contains("已取消", (await cancelled.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());

        var (client2, paid, _) = await PendingOrderAsync("PAY-409B");
        await client2.ChooseOnGatewayAsync((await client2.StartPaymentAsync(paid)).PaymentId, "pay");
        Assert.Equal(HttpStatusCode.Conflict, (await client2.PostAsync($"/api/v1/orders/{paid}/pay", null)).StatusCode);
    }

    [Fact]
    public async Task An_unknown_payment_on_the_gateway_is_a_404_page()
    {
        var response = await app.ClientFor("demo").GetAsync($"/pay/sandbox/{Guid.CreateVersion7()}");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
