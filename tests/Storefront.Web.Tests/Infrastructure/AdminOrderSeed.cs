using Microsoft.EntityFrameworkCore;
using Storefront.Domain.Ordering;
using Storefront.Domain.Pricing;
using Storefront.Web.Infrastructure.Data;

namespace Storefront.Web.Tests.Infrastructure;

/// <summary>
/// Orders placed straight through the domain, as PlaceOrder will: the store's demo shopper, stock reserved with
/// <see cref="SkuStock.ReserveAsync"/> in the same transaction, the store's payment timeout; optionally paid (a settled
/// sandbox payment and <see cref="Order.MarkPaid"/>).
/// </summary>
public static class AdminOrderSeed
{
    public static Task<string> PlaceOrderAsync(this StorefrontApp app, string store, bool paid, params (Guid SkuId, int Quantity)[] items) =>
        app.PlaceOrderAsync(store, paid, OrderSeed.Address, items);

    public static Task<string> PlaceOrderAsync(this StorefrontApp app, string store, bool paid, ShippingAddress address,
        params (Guid SkuId, int Quantity)[] items) =>
        app.InStoreAsync(store, async db =>
        {
            var tenant = db.TenantId!.Value;
            var now = app.Clock.GetUtcNow();
            var timeout = await db.Stores.Where(s => s.Id == tenant).Select(s => s.PaymentTimeoutMinutes).SingleAsync();
            var shopper = await db.Shoppers.SingleAsync(s => s.Email == $"shopper@{store}.local");
            var ids = items.Select(i => i.SkuId).ToList();
            var skus = await db.Skus.AsNoTracking().Where(s => ids.Contains(s.Id)).ToDictionaryAsync(s => s.Id);
            var productIds = skus.Values.Select(s => s.ProductId).ToList();
            var products = await db.Products.AsNoTracking().Where(p => productIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id);

            await using var tx = await db.Database.BeginTransactionAsync();
            var shortOf = await SkuStock.ReserveAsync(db, tenant, items, default);
            if (shortOf.Count > 0)
            {
                throw new InvalidOperationException("not enough stock to seed the order");
            }

            var number = await OrderNumbers.NextAsync(db, now, Storefront.Domain.Tenancy.StoreTimeZone.Find(null), default);
            var orderItems = items.Select(i =>
            {
                var sku = skus[i.SkuId];
                var product = products[sku.ProductId];
                return new OrderItem(product.Id, sku.Id, product.Name, product.Slug, sku.Code, sku.SpecText, sku.Image, sku.WeightGrams, i.Quantity);
            }).ToList();
            var quote = PricingEngine.Price(new PricingRequest(
                [.. items.Select(i => new PricingLine(i.SkuId, skus[i.SkuId].ProductId, null, skus[i.SkuId].Price, i.Quantity, skus[i.SkuId].WeightGrams))],
                    null, now));
            var order = Order.Place(tenant, number, shopper.Id, address, null, orderItems, quote, "", null, TimeSpan.FromMinutes(timeout), now);
            db.Orders.Add(order);
            if (paid)
            {
                var payment = Payment.Start(tenant, order.Id, "sandbox", order.Total, now);
                payment.Complete(true, "sbx-" + number, now);
                order.MarkPaid(order.Total, "sbx-" + number, now);
                await db.SaveChangesAsync();
                db.Payments.Add(payment);
            }

            await db.SaveChangesAsync();
            await tx.CommitAsync();
            return number;
        });

    public static Task<Order> OrderAsync(this StorefrontApp app, string store, string number) =>
        app.InStoreAsync(store, db => db.Orders.AsNoTracking().AsSplitQuery().Include(o => o.Lines).Include(o => o.Events).Include(o => o.Shipments)
            .SingleAsync(o => o.Number == number));
}
