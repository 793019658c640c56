using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Storefront.Web.Features.Ordering;
using Storefront.Web.Tests.Infrastructure;

namespace Storefront.Web.Tests.Ordering;

/// <summary>
/// The app process is killed (SIGKILL, by fault injection inside PlaceOrder) after it reserved the stock and before the
/// transaction committed: once after the reserving UPDATEs, once with the order, its lines, the outbox message and the
/// order number taken, all written but not committed. What this proves: every write of placing an order is in the one
/// transaction, so a process death at those points leaves stock, orders and cart as they were (PostgreSQL
/// rolls back the dead connection's transaction), and the shopper's retry with the same Idempotency-Key, on a new process,
/// places the order exactly once. (The order number comes from a sequence, which is not rolled back: a dead order
/// leaves a gap in the numbers, by design.) It does not cover a death after COMMIT was sent but before the answer arrived: that
/// case is the idempotent retry, tested in CheckoutTests.
/// </summary>
public sealed class PlaceOrderCrashTests(StorefrontApp app) : IClassFixture<StorefrontApp>
{
    [Theory]
    [InlineData("AfterReserve")]
    [InlineData("BeforeCommit")]
    public async Task The_app_killed_between_reserving_stock_and_committing_loses_nothing_and_counts_nothing_twice(string stage)
    {
        var code = "CRASH-" + Guid.NewGuid().ToString("N")[..8];
        var skuId = (await app.SeedProductAsync("demo", "崩溃测试商品", 60m, categoryId: null, list: true, (code, 5, 0)))[code];
        var email = $"crash-{Guid.NewGuid():N}@example.com";
        var shopper = (await (await app.ClientFor("demo")
            .PostAsJsonAsync("/api/v1/account/register", new { email, password = "Crash1234-long", displayName = "崩溃" }))
            .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("shopperId").GetGuid();
        await app.AddToCartAsync("demo", shopper, skuId, 2);
        var key = "crash-" + Guid.NewGuid();
        var body = new { address = CheckoutSeed.InlineAddress };

        await using (var doomed = await AppProcess.StartAsync(app.Database.AppConnectionString,
            new Dictionary<string, string> { [PlaceOrder.FaultSetting] = stage }))
        {
            var client = doomed.ClientFor("demo");
            await client.SignInShopperAsync(email, "Crash1234-long");
            await Assert.ThrowsAnyAsync<HttpRequestException>(() => client.PlaceOrderAsync(key, body));
            Assert.True(await doomed.WaitForExitAsync(TimeSpan.FromSeconds(30)), "the app should have died");
            Assert.NotEqual(0, doomed.ExitCode);
            Assert.Contains($"killing the process at {stage}", doomed.Output);
        }

        // Nothing of the dead transaction survives: no reservation, no order, the cart as it was.
        Assert.Equal((5, 0), await app.StockAsync("demo", skuId));
        Assert.Equal(0, await app.CountAsync("demo", $"from orders where shopper_id = '{shopper}'"));
        Assert.Equal(0, await app.CountAsync("demo", $"from outbox_messages where \"to\" = '{email}'"));
        Assert.Equal(1, await app.CountAsync("demo", $"from cart_lines where owner_id = '{shopper}' and quantity = 2"));

        // Restarted, the shopper's retry with the same key places the order once; a further retry gets it back.
        await using var restarted = await AppProcess.StartAsync(app.Database.AppConnectionString);
        var retry = restarted.ClientFor("demo");
        await retry.SignInShopperAsync(email, "Crash1234-long");
        var placed = await retry.PlaceOrderAsync(key, body);
        Assert.True(placed.StatusCode == HttpStatusCode.Created, $"{(int)placed.StatusCode} {await placed.Content.ReadAsStringAsync()}\n{restarted.Output}");
        var number = (await placed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("number").GetString();
        var again = await retry.PlaceOrderAsync(key, body);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(number, (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("number").GetString());

        Assert.Equal((5, 2), await app.StockAsync("demo", skuId));
        Assert.Equal(1, await app.CountAsync("demo", $"from orders where shopper_id = '{shopper}'"));
        Assert.Equal(1, await app.CountAsync("demo", $"from outbox_messages where \"to\" = '{email}' and kind = 'order.placed'"));
        Assert.Equal(0, await app.CountAsync("demo", $"from cart_lines where owner_id = '{shopper}'"));
    }
}
