using Microsoft.EntityFrameworkCore;
using Storefront.Domain.AfterSales;
using Storefront.Domain.Ordering;
using Storefront.Domain.Reviews;

namespace Storefront.Web.Tests.Infrastructure;

/// <summary>Rows for every after-sales table of a store, written through the domain (the isolation tests look at them from another store).</summary>
public static class AfterSalesSeed
{
    /// <summary>Needs the shipped order of <see cref="OrderSeed.EveryOrderingTableAsync"/>: a refund-only case (not received) with its timeline, then, once
    /// completed, a complaint and a review.</summary>
    public static Task EveryAfterSalesTableAsync(this StorefrontApp app, string store, string orderNumber) => app.InStoreAsync(store, async db =>
    {
        var now = app.Clock.GetUtcNow();
        var order = await db.Orders.Include(o => o.Lines).SingleAsync(o => o.Number == orderNumber);
        var policy = AfterSalesPolicy.Default;
        var line = order.Lines[0];
        db.AfterSalesCases.Add(AfterSalesCase.Open(order,
            new AfterSalesRequest(line.Id, AfterSalesKind.RefundOnly, AfterSalesReason.NotReceived, 1, "还没收到", null), [], policy, null, now));
        await db.SaveChangesAsync();
        order.ConfirmReceipt(OrderActor.Shopper(order.ShopperId), now);
        db.Complaints.Add(Complaint.File(order, ComplaintKind.Delay, "发货太慢", policy, now));
        db.Reviews.Add(Review.Write(order, line.Id, order.ShopperId, 5, "很好", null, false, now));
        await db.SaveChangesAsync();
        return 0;
    });
}
