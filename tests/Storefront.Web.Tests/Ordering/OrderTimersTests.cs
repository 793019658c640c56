using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Storefront.Domain.Ordering;
using Storefront.Web.Features.Ordering;
using Storefront.Web.Tests.Infrastructure;

namespace Storefront.Web.Tests.Ordering;

/// <summary>The payment timeout and auto-confirm, driven by the app's fake clock and one job pass at a time.</summary>
public sealed class OrderTimersTests(StorefrontApp app) : IClassFixture<StorefrontApp>
{
    private const string Store = "demo";

    private OrderTimersJob Job => app.Services.GetRequiredService<OrderTimersJob>();

    private async Task<Guid> SkuAsync(int stock)
    {
        var code = "TM-" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        return (await app.SeedProductAsync(Store, "计时商品 " + code, (code, stock, 0)))[code];
    }

    [Fact]
    public async Task An_unpaid_order_is_cancelled_and_its_stock_released_once_the_timeout_passes_and_not_a_minute_before()
    {
        var sku = await SkuAsync(10);
        var number = await app.PlaceOrderAsync(Store, paid: false, (sku, 2));
        Assert.Equal((10, 2), await app.StockAsync(Store, sku));

        app.Clock.Advance(TimeSpan.FromMinutes(29));
        await Job.RunOnceAsync();
        Assert.Equal(OrderStatus.PendingPayment, (await app.OrderAsync(Store, number)).Status);
        Assert.Equal((10, 2), await app.StockAsync(Store, sku));

        app.Clock.Advance(TimeSpan.FromMinutes(1));
        await Job.RunOnceAsync();
        var order = await app.OrderAsync(Store, number);
        Assert.Equal(OrderStatus.Cancelled, order.Status);
        Assert.Equal((10, 0), await app.StockAsync(Store, sku));
        var cancelled = Assert.Single(order.Events, e => e.Kind == "cancelled");
        Assert.Equal(ActorKind.System, cancelled.ActorKind);
        Assert.Equal(1, await app.CountAsync(Store, $"from outbox_messages where kind = 'order.cancelled' and body like '%{number}%'"));

        await Job.RunOnceAsync();
        Assert.Single((await app.OrderAsync(Store, number)).Events, e => e.Kind == "cancelled");
        Assert.Equal((10, 0), await app.StockAsync(Store, sku));
    }

    [Fact]
    public async Task A_paid_order_is_not_touched_by_the_payment_timeout()
    {
        var sku = await SkuAsync(5);
        var number = await app.PlaceOrderAsync(Store, paid: true, (sku, 1));

        app.Clock.Advance(TimeSpan.FromHours(2));
        await Job.RunOnceAsync();

        Assert.Equal(OrderStatus.Paid, (await app.OrderAsync(Store, number)).Status);
        Assert.Equal((5, 1), await app.StockAsync(Store, sku));
    }

    [Fact]
    public async Task A_shipped_order_completes_by_itself_after_the_auto_confirm_period()
    {
        var sku = await SkuAsync(5);
        var number = await app.PlaceOrderAsync(Store, paid: true, (sku, 1));
        var client = app.ClientFor(Store);
        await client.SignInStaffAsync("merchant@demo.local");
        var ship = await client.PostAsJsonAsync($"/api/v1/admin/orders/{number}/ship",
            new { parcels = new[] { new { carrier = "顺丰速运", trackingNumber = "SF20261123001" } } });
        Assert.True(ship.IsSuccessStatusCode, await ship.Content.ReadAsStringAsync());
        var shipped = await app.OrderAsync(Store, number);
        Assert.Equal(OrderStatus.Shipped, shipped.Status);
        Assert.Equal(shipped.ShippedAt!.Value + TimeSpan.FromDays(10), shipped.AutoConfirmAt);

        app.Clock.Advance(TimeSpan.FromDays(10) - TimeSpan.FromMinutes(1));
        await Job.RunOnceAsync();
        Assert.Equal(OrderStatus.Shipped, (await app.OrderAsync(Store, number)).Status);

        app.Clock.Advance(TimeSpan.FromMinutes(1));
        await Job.RunOnceAsync();
        var completed = await app.OrderAsync(Store, number);
        Assert.Equal(OrderStatus.Completed, completed.Status);
        Assert.Equal(ActorKind.System, completed.Events.Single(e => e.Kind == "completed").ActorKind);
    }

    [Fact]
    public async Task Two_instances_running_the_timers_at_once_cancel_each_order_once_and_release_its_stock_once()
    {
        var sku = await SkuAsync(20);
        var due = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            due.Add(await app.PlaceOrderAsync(Store, paid: false, (sku, 1)));
        }

        app.Clock.Advance(TimeSpan.FromMinutes(15));
        var later = await app.PlaceOrderAsync(Store, paid: false, (sku, 3));   // due 15 minutes after the others
        Assert.Equal((20, 9), await app.StockAsync(Store, sku));
        app.Clock.Advance(TimeSpan.FromMinutes(15));

        // A second instance of the job (another app process): its own pass, its own lock, the same database.
        var other = ActivatorUtilities.CreateInstance<OrderTimersJob>(app.Services);
        var results = await Task.WhenAll(Job.RunOnceAsync(), other.RunOnceAsync(), Job.RunOnceAsync(), other.RunOnceAsync());

        foreach (var number in due)
        {
            var order = await app.OrderAsync(Store, number);
            Assert.Equal(OrderStatus.Cancelled, order.Status);
            Assert.Single(order.Events, e => e.Kind == "cancelled");
            Assert.Equal(1, await app.CountAsync(Store, $"from outbox_messages where kind = 'order.cancelled' and body like '%{number}%'"));
        }

        Assert.Equal(OrderStatus.PendingPayment, (await app.OrderAsync(Store, later)).Status);
        Assert.Equal((20, 3), await app.StockAsync(Store, sku));   // released once per order: only the later order's 3 stay reserved
        Assert.True(results.Sum(r => r.Expired) <= due.Count);
    }
}
