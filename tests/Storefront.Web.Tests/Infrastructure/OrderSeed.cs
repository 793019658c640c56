using Microsoft.EntityFrameworkCore;
using Storefront.Domain.Notifications;
using Storefront.Domain.Ordering;
using Storefront.Domain.Pricing;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Features.PaymentSandbox;
using Storefront.Web.Infrastructure.Payments;

namespace Storefront.Web.Tests.Infrastructure;

/// <summary>Ordering rows written straight through the domain and the store's DbContext, for tests that need them to exist.</summary>
public static class OrderSeed
{
    public static readonly ShippingAddress Address = ShippingAddress.Create("张三", "13800138000", "上海市", "上海市", "浦东新区", "世纪大道 100 号");

    /// <summary>A shipped, paid order of the store's first shopper for one unit of its first SKU, plus a row in every other ordering table.</summary>
    public static Task<string> EveryOrderingTableAsync(this StorefrontApp app, string store) => app.InStoreAsync(store, async db =>
    {
        var tenant = db.TenantId!.Value;
        var now = app.Clock.GetUtcNow();
        var shopper = await db.Shoppers.OrderBy(s => s.CreatedAt).FirstAsync();
        var sku = await db.Skus.OrderBy(s => s.Id).FirstAsync();
        var product = await db.Products.SingleAsync(p => p.Id == sku.ProductId);
        db.Addresses.Add(ShopperAddress.Create(tenant, shopper.Id, Address, isDefault: false, now));
        db.CartLines.Add(CartLine.Create(tenant, Guid.CreateVersion7(), sku.Id, 1, sku.Price, now));
        var template = ShippingTemplate.Create(tenant, new ShippingTemplateDraft("快递", ShippingFeeKind.Flat, 10m), now);
        db.ShippingTemplates.Add(template);
        var number = await OrderNumbers.NextAsync(db, now, Storefront.Domain.Tenancy.StoreTimeZone.Find(null), default);
        OrderItem[] items = [new(product.Id, sku.Id, product.Name, product.Slug, sku.Code, sku.SpecText, sku.Image, sku.WeightGrams, 1)];
        var quote = PricingEngine.Price(new PricingRequest([new PricingLine(sku.Id, product.Id, product.CategoryId, sku.Price, 1, sku.WeightGrams)], template,
            now));
        var order = Order.Place(tenant, number, shopper.Id, Address, template, items, quote, "", null, TimeSpan.FromMinutes(30), now);
        var payment = Payment.Start(tenant, order.Id, "sandbox", order.Total, now);
        payment.Complete(true, "seed-" + number, now);
        order.MarkPaid(order.Total, "seed-" + number, now);
        order.Ship("顺丰速运", "SF1234567890", [], OrderActor.Staff(null), TimeSpan.FromDays(10), now);
        db.Orders.Add(order);
        db.Outbox.Add(OutboxMessage.Create(tenant, "order.placed", shopper.Email, "订单已提交", number, now));
        await db.SaveChangesAsync();
        db.Payments.Add(payment);
        await db.SaveChangesAsync();
        db.Refunds.Add(Refund.Request(tenant, order.Id, payment.Id, 1m, "seed", "seed-" + number, now));
        await db.SaveChangesAsync();
        await new SandboxGateway(db, app.Clock)
            .StartAsync(new GatewayPayment(tenant, "", payment.Id, number, order.Total, new Uri($"http://seed.localhost/orders/{number}")), default);
        return number;
    });
}
