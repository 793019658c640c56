using System.Net;
using Storefront.Domain.Ordering;
using Storefront.Web.Tests.Infrastructure;

namespace Storefront.Web.Tests.Ordering;

/// <summary>
/// Crash test "killed between a payment callback and its commit", with a real process. The app runs as a child process
/// (the built Storefront.Web.dll on Kestrel, real time, real HTTP on loopback) against this test's database. With
/// Storefront:Faults:SettlePayment=exit, the settle step marks the order paid, writes everything inside its transaction,
/// and then the process SIGKILLs itself before COMMIT. A second process (no fault) is started on the same database; the
/// gateway's retried delivery (from the table, after the lease of the lost attempt runs out) completes the payment once.
/// What this proves: nothing of an uncommitted settle survives a kill (PostgreSQL drops the open transaction with the
/// connection), the callback is not lost (it waits in sandbox_charges, not in memory), and the retry books exactly one
/// payment, one paid event and one outbox message. What it does not: a kill at an arbitrary instruction (the point is
/// chosen), nor a kill of the database itself.
/// </summary>
public sealed class PaymentCrashTests(PaymentsApp app) : IClassFixture<PaymentsApp>
{
    [Fact]
    public async Task Killed_between_a_payment_callback_and_its_commit_the_retried_callback_pays_the_order_exactly_once()
    {
        // Real time in the child processes: give the order a due time in real time too.
        if (DateTimeOffset.UtcNow > app.Clock.GetUtcNow())
        {
            app.Clock.SetUtcNow(DateTimeOffset.UtcNow);
        }

        var sku = await app.SeedSkuAsync("demo", "CRASH-PAY", stock: 10, price: 88m);
        var number = await app.PlacePendingOrderAsync("demo", "shopper@demo.local", sku);
        var shopper = app.ClientFor("demo");
        await shopper.SignInShopperAsync("shopper@demo.local");
        var started = await shopper.StartPaymentAsync(number);

        // 1. The app with the fault: the shopper presses 支付 on its hosted page; the callback it sends at once kills it.
        await using (var faulty = await StartAppAsync(("Storefront:Faults:SettlePayment", "exit")))
        {
            var browser = faulty.ClientFor("demo");
            var form = await browser.GetPageAsync($"/pay/sandbox/{started.PaymentId}");
            Assert.NotNull(form.QuerySelector("[data-testid=sandbox-pay]"));
            try
            {
                await browser.ChooseOnGatewayAsync(started.PaymentId, "pay");
            }
            catch (HttpRequestException)
            {
                // The process died while answering.
            }

            Assert.True(await faulty.WaitForExitAsync(TimeSpan.FromSeconds(60)), "the app should have been killed:\n" + faulty.Output);
            var exit = faulty.ExitCode;
            Assert.True(exit is 137 or < 0 or > 0, $"the app should have been killed, exit code {exit}");
            Assert.Contains("Fault injection: killing the process", faulty.Output);
        }

        // Nothing of the settle step was committed; the callback waits to be retried.
        var charge = (await app.ChargeAsync("demo", started.PaymentId))!;
        Assert.Equal("Succeeded", charge.Status);
        Assert.Null(charge.CallbackDeliveredAt);
        var attemptsBeforeRestart = charge.CallbackAttempts;   // 1, or more if a slow cold start let an attempt time out
        Assert.True(attemptsBeforeRestart >= 1);
        Assert.Equal(PaymentStatus.Pending, Assert.Single(await app.PaymentsAsync("demo", number)).Status);
        var before = await app.StoredOrderAsync("demo", number);
        Assert.Equal(OrderStatus.PendingPayment, before.Status);
        Assert.DoesNotContain(before.Events, e => e.Kind == "paid");
        Assert.Equal(0, await app.OutboxCountAsync("demo", "order.paid", number));

        // 2. The app restarted without the fault: its delivery job retries the callback and the store answers 2xx.
        await using (var restarted = await StartAppAsync())
        {
            var deadline = DateTime.UtcNow.AddSeconds(90);
            while ((await app.ChargeAsync("demo", started.PaymentId))!.CallbackDeliveredAt is null)
            {
                Assert.True(DateTime.UtcNow < deadline, "the retried callback was not delivered in time:\n" + restarted.Output);
                await Task.Delay(250);
            }

            // The gateway sending it once more (a replay) changes nothing either.
            var (body, signature) = await app.CallbackAsync("demo", started.PaymentId);
            var replay = await restarted.ClientFor("demo").PostCallbackAsync(body, signature);
            Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        }

        charge = (await app.ChargeAsync("demo", started.PaymentId))!;
        Assert.True(charge.CallbackAttempts > attemptsBeforeRestart);
        var payment = Assert.Single(await app.PaymentsAsync("demo", number));
        Assert.Equal(PaymentStatus.Succeeded, payment.Status);
        var order = await app.StoredOrderAsync("demo", number);
        Assert.Equal(OrderStatus.Paid, order.Status);
        Assert.Equal(payment.ProviderReference, order.PaymentReference);
        Assert.Single(order.Events, e => e.Kind == "paid");
        Assert.Equal(1, await app.OutboxCountAsync("demo", "order.paid", number));
        Assert.Equal((10, 1), await app.StockAsync("demo", sku));
    }

    /// <summary>The child process's settings: quick callback retries, so the restarted app retries within seconds.</summary>
    private Task<AppProcess> StartAppAsync(params (string Name, string Value)[] settings)
    {
        var all = new Dictionary<string, string>
        {
            ["Storefront:Payments:CallbackIntervalSeconds"] = "1",
            ["Storefront:Payments:CallbackTimeoutSeconds"] = "10",
            ["Storefront:Payments:CallbackLeaseSeconds"] = "2",   // raised to timeout + 5 s
            ["Storefront:Payments:CallbackBackoffSeconds"] = "1",
        };
        foreach (var (name, value) in settings)
        {
            all[name] = value;
        }

        return AppProcess.StartAsync(app.Database.AppConnectionString, all);
    }
}
