using Microsoft.EntityFrameworkCore;
using Storefront.Domain.Ordering;
using Storefront.Web.Features.PaymentSandbox;

namespace Storefront.Web.Tests.Infrastructure;

/// <summary>Paid orders at the test clock's instant, for the analysis figures (the rollup triggers count them as a payment does).</summary>
public static class InsightSeed
{
    /// <summary>Places the shopper's order and pays it now (<see cref="PayAsync"/>). Returns its number.</summary>
    public static async Task<string> PaidOrderAsync(this StorefrontApp app, string store, string shopperEmail, Guid skuId, int quantity = 1)
    {
        var number = await app.PlacePendingOrderAsync(store, shopperEmail, skuId, quantity);
        await app.PayAsync(store, number);
        return number;
    }

    /// <summary>Pays the order now through the sandbox: a completed payment and Order.MarkPaid, as SettlePayment does.</summary>
    public static Task<int> PayAsync(this StorefrontApp app, string store, string number) => app.InStoreAsync(store, async db =>
    {
        var now = app.Clock.GetUtcNow();
        var order = await db.Orders.SingleAsync(o => o.Number == number);
        var payment = Payment.Start(db.TenantId!.Value, order.Id, SandboxGateway.ProviderName, order.Total, now);
        payment.Complete(true, "ins-" + number, now);
        db.Payments.Add(payment);
        order.MarkPaid(order.Total, "ins-" + number, now);
        return await db.SaveChangesAsync();
    });

    /// <summary>Puts an address with this phone in the shopper's address book, as their default.</summary>
    public static Task<int> AddressAsync(this StorefrontApp app, string store, Guid shopperId, string phone) => app.InStoreAsync(store, db =>
    {
        db.Addresses.Add(ShopperAddress.Create(db.TenantId!.Value, shopperId, OrderSeed.Address with { Phone = phone }, isDefault: true,
            app.Clock.GetUtcNow()));
        return db.SaveChangesAsync();
    });
}
