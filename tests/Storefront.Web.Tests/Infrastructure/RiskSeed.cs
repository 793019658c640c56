using Microsoft.EntityFrameworkCore;
using Storefront.Domain.Ordering.Risk;

namespace Storefront.Web.Tests.Infrastructure;

/// <summary>Orders held by 风控 (待审核), for the review queue's tests.</summary>
public static class RiskSeed
{
    /// <summary>A paid order of one unit of a SKU of its own, held for review with a score of 90 (nine orders to one phone); its number.</summary>
    public static async Task<string> HeldPaidOrderAsync(this StorefrontApp app, string store)
    {
        var sku = await app.SeedSkuAsync(store, "RISK-" + Guid.NewGuid().ToString("N")[..6], stock: 10);
        var number = await app.PlaceOrderAsync(store, paid: true, (sku, 1));
        await app.InStoreAsync(store, async db =>
        {
            var order = await db.Orders.SingleAsync(o => o.Number == number);
            order.AssessRisk(new RiskAssessment(90, [new RiskReason(RiskRules.PhoneOrders, 90, "9")], true), app.Clock.GetUtcNow());
            return await db.SaveChangesAsync();
        });
        return number;
    }
}
