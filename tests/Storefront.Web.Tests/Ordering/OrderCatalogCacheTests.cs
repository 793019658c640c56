using System.Net;
using Storefront.Web.Features.Ordering;
using Storefront.Web.Tests.Infrastructure;

namespace Storefront.Web.Tests.Ordering;

/// <summary>
/// Orders and the catalog page cache (SkuStock): an order that leaves stock available does not evict the cached product
/// page (it shows the old count until its lifetime ends); an order that sells a SKU out does, and so does the release
/// that makes it available again (here: the payment timeout).
/// </summary>
public sealed class OrderCatalogCacheTests(StorefrontApp app) : IClassFixture<StorefrontApp>
{
    private const string SoldOut = "data-sold-out=\"true\"";

    [Fact]
    public async Task Only_selling_a_sku_out_or_back_in_evicts_its_cached_product_page()
    {
        var slug = "rush-cache-" + Guid.NewGuid().ToString("N")[..8];
        await app.ProductAsync("demo", "缓存秒杀杯", 30m, stock: 3, slug: slug);
        var skuId = await app.InStoreAsync("demo", db => Task.FromResult(db.Skus.Single(s => db.Products.Any(p => p.Slug == slug && p.Id == s.ProductId)).Id));
        var cached = await PageAsync(slug);
        Assert.DoesNotContain(SoldOut, cached);

        // One of three: still available, the cached page is served as it was (the old count), not rendered anew.
        await BuyAsync(skuId, 1);
        Assert.Equal((3, 1), await app.StockAsync("demo", skuId));
        Assert.Equal(cached, await PageAsync(slug));

        // The last two: sold out, shown on the very next request.
        await BuyAsync(skuId, 2);
        Assert.Equal((3, 3), await app.StockAsync("demo", skuId));
        var soldOut = await PageAsync(slug);
        Assert.Contains(SoldOut, soldOut);
        Assert.Contains("disabled", soldOut[soldOut.IndexOf("data-testid=\"add-to-cart\"", StringComparison.Ordinal)..]);

        // Both orders go unpaid past their due time (the payment-timeout job, woken by the clock, or this command cancels
        // them): the release makes the SKU available again, and the page shows it on the next request after that commit.
        app.Clock.Advance(TimeSpan.FromHours(2));
        await app.SendAsync("demo", new ExpireUnpaidOrders.Command());
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (await app.StockAsync("demo", skuId) != (3, 0) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.Equal((3, 0), await app.StockAsync("demo", skuId));
        // (The eviction follows the commit by a moment when the job, not this test, committed it.)
        var page = await PageAsync(slug);
        while (page.Contains(SoldOut, StringComparison.Ordinal) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
            page = await PageAsync(slug);
        }

        Assert.DoesNotContain(SoldOut, page);
    }

    private Task<string> PageAsync(string slug) => app.ClientFor("demo").GetStringAsync($"/p/{slug}");

    private async Task BuyAsync(Guid skuId, int quantity)
    {
        var (client, shopper) = await app.NewShopperAsync();
        await app.AddToCartAsync("demo", shopper, skuId, quantity);
        var placed = await client.PlaceOrderAsync(Guid.NewGuid().ToString("N"), new { address = CheckoutSeed.InlineAddress });
        Assert.True(placed.StatusCode == HttpStatusCode.Created, await placed.Content.ReadAsStringAsync());
    }
}
