using System.Net;
using Microsoft.AspNetCore.Hosting;
using Storefront.Domain.Ordering;
using Storefront.Web.Tests.Infrastructure;

namespace Storefront.Web.Tests.Ordering;

/// <summary>The store fails the first callback (500 from a fault injected after MarkPaid, before commit); the gateway retries with backoff.</summary>
public sealed class PaymentRetryTests(PaymentRetryTests.FailingOnceApp app) : IClassFixture<PaymentRetryTests.FailingOnceApp>
{
    public sealed class FailingOnceApp : PaymentsApp
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Storefront:Faults:SettlePayment", "throw");
            builder.UseSetting("Storefront:Faults:SettlePaymentTimes", "2");
        }
    }

    [Fact]
    public async Task A_callback_that_fails_is_retried_with_exponential_backoff_until_the_store_answers_2xx_and_pays_once()
    {
        var sku = await app.SeedSkuAsync("demo", "RETRY-1", stock: 5, price: 30m);
        var number = await app.PlacePendingOrderAsync("demo", "shopper@demo.local", sku);
        var client = app.ClientFor("demo");
        await client.SignInShopperAsync("shopper@demo.local");
        var started = await client.StartPaymentAsync(number);

        // Attempt 1 (at once, from the hosted page): the store's settle step fails before commit → 500.
        Assert.Equal(HttpStatusCode.Redirect, (await client.ChooseOnGatewayAsync(started.PaymentId, "pay")).StatusCode);
        var charge = (await app.ChargeAsync("demo", started.PaymentId))!;
        Assert.Null(charge.CallbackDeliveredAt);
        Assert.Equal(1, charge.CallbackAttempts);
        Assert.Equal(OrderStatus.PendingPayment, (await app.StoredOrderAsync("demo", number)).Status);
        Assert.Equal(PaymentStatus.Pending, Assert.Single(await app.PaymentsAsync("demo", number)).Status);
        Assert.Equal(0, await app.OutboxCountAsync("demo", "order.paid", number));

        // Not due before the first backoff (10 s) has passed.
        app.Clock.Advance(TimeSpan.FromSeconds(9));
        await app.Callbacks.RunOnceAsync();
        Assert.Equal(1, (await app.ChargeAsync("demo", started.PaymentId))!.CallbackAttempts);

        // Attempt 2 at 10 s fails again; the next wait doubles to 20 s.
        app.Clock.Advance(TimeSpan.FromSeconds(1));
        await app.Callbacks.RunOnceAsync();
        Assert.Equal(2, (await app.ChargeAsync("demo", started.PaymentId))!.CallbackAttempts);
        app.Clock.Advance(TimeSpan.FromSeconds(19));
        await app.Callbacks.RunOnceAsync();
        Assert.Equal(2, (await app.ChargeAsync("demo", started.PaymentId))!.CallbackAttempts);
        Assert.Equal(OrderStatus.PendingPayment, (await app.StoredOrderAsync("demo", number)).Status);

        // Attempt 3 at 30 s: delivered, paid once.
        app.Clock.Advance(TimeSpan.FromSeconds(1));
        await app.Callbacks.RunOnceAsync();
        charge = (await app.ChargeAsync("demo", started.PaymentId))!;
        Assert.NotNull(charge.CallbackDeliveredAt);
        Assert.Equal(3, charge.CallbackAttempts);
        var order = await app.StoredOrderAsync("demo", number);
        Assert.Equal(OrderStatus.Paid, order.Status);
        Assert.Single(order.Events, e => e.Kind == "paid");
        Assert.Equal(PaymentStatus.Succeeded, Assert.Single(await app.PaymentsAsync("demo", number)).Status);
        Assert.Equal(1, await app.OutboxCountAsync("demo", "order.paid", number));

        // Delivered callbacks are never sent again.
        app.Clock.Advance(TimeSpan.FromHours(2));
        await app.Callbacks.RunOnceAsync();
        Assert.Equal(3, (await app.ChargeAsync("demo", started.PaymentId))!.CallbackAttempts);
    }
}
