using System.Net.Http.Headers;
using Microsoft.EntityFrameworkCore;
using Storefront.Domain.Ordering;
using Storefront.Web.Tests.Infrastructure;

namespace Storefront.Web.Tests.AfterSales;

/// <summary>Completed orders of the store's demo shopper, and the bits the review and complaint tests share.</summary>
public static class ReviewSeed
{
    /// <summary>A product with one SKU per suffix (spec 款式 款1, 款2 … when several); answers its slug and SKU ids by suffix.</summary>
    public static async Task<(string Slug, Dictionary<string, Guid> Skus)> ProductAsync(this StorefrontApp app, string store, string name,
        params string[] suffixes)
    {
        var tag = Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        var seeded = await app.SeedProductAsync(store, $"{name} {tag}", [.. suffixes.Select(s => ($"{tag}-{s}", 50, 0))]);
        var skus = suffixes.ToDictionary(s => s, s => seeded[$"{tag}-{s}"]);
        var first = skus.Values.First();
        var slug = await app.InStoreAsync(store, db =>
            db.Skus.Where(s => s.Id == first).Join(db.Products, s => s.ProductId, p => p.Id, (s, p) => p.Slug).SingleAsync());
        return (slug, skus);
    }

    /// <summary>An order of the demo shopper, paid, shipped and received (已完成).</summary>
    public static async Task<string> CompletedOrderAsync(this StorefrontApp app, string store, params (Guid SkuId, int Quantity)[] items)
    {
        var number = await app.DispatchedOrderAsync(store, items);
        await app.InStoreAsync(store, async db =>
        {
            var order = await db.Orders.SingleAsync(o => o.Number == number);
            order.ConfirmReceipt(OrderActor.Shopper(order.ShopperId), app.Clock.GetUtcNow());
            await db.SaveChangesAsync();
            return 0;
        });
        return number;
    }

    /// <summary>An order of the demo shopper, paid and shipped, not yet received.</summary>
    public static async Task<string> DispatchedOrderAsync(this StorefrontApp app, string store, params (Guid SkuId, int Quantity)[] items)
    {
        var number = await app.PlaceOrderAsync(store, paid: true, items);
        await app.InStoreAsync(store, async db =>
        {
            var order = await db.Orders.Include(o => o.Lines).Include(o => o.Shipments).SingleAsync(o => o.Number == number);
            order.Ship("顺丰速运", "SF" + Random.Shared.NextInt64(1_000_000_000, 9_999_999_999), [], OrderActor.Staff(null), TimeSpan.FromDays(10),
                app.Clock.GetUtcNow());
            await db.SaveChangesAsync();
            return 0;
        });
        return number;
    }

    public static Task<Dictionary<Guid, Guid>> LinesBySkuAsync(this StorefrontApp app, string store, string number) =>
        app.InStoreAsync(store, db =>
            db.OrderLines.Where(l => db.Orders.Any(o => o.Id == l.OrderId && o.Number == number)).ToDictionaryAsync(l => l.SkuId, l => l.Id));

    /// <summary>A small PNG-looking file (the store checks the signature only).</summary>
    public static byte[] Png()
    {
        var bytes = new byte[600];
        Random.Shared.NextBytes(bytes);
        new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }.CopyTo(bytes, 0);
        return bytes;
    }

    public static ByteArrayContent PngContent()
    {
        var file = new ByteArrayContent(Png());
        file.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        return file;
    }

    public static async Task<HttpClient> ShopperAsync(this StorefrontApp app, string store, string? email = null)
    {
        var client = app.ClientFor(store);
        await client.SignInShopperAsync(email ?? $"shopper@{store}.local");
        return client;
    }

    public static async Task<HttpClient> StaffAsync(this StorefrontApp app, string store, string email)
    {
        var client = app.ClientFor(store);
        await client.SignInStaffAsync(email);
        return client;
    }
}
