using Microsoft.EntityFrameworkCore;
using Storefront.Domain.AfterSales;
using Storefront.Domain.Ordering;
using Storefront.Domain.Pricing;
using Storefront.Web.Infrastructure;
using Storefront.Web.Infrastructure.Data;

namespace Storefront.Web.Features.AfterSales;

/// <summary>
/// What every case command shares: the order row locked first (<c>FOR UPDATE</c>), so two requests on the same order's
/// cases (two applications for the last unit, two refunds, the job and a merchant) run one after the other and the second
/// sees what the first did; then the order, its cases, the store's policy and the coupon's validity.
/// </summary>
internal static class CaseOrders
{
    /// <summary>Locks the order by number (and shopper, when given); not found when it is not there or not theirs.</summary>
    public static async Task<Order> LockByNumberAsync(StorefrontDb db, Guid tenantId, string number, Guid? shopperId, CancellationToken ct)
    {
        number = (number ?? "").Trim();
        var ids = await db.Database.SqlQuery<Guid>($"""
            select id as "Value" from orders where tenant_id = {tenantId} and number = {number} for update
            """).ToListAsync(ct);
        var order = ids.Count == 0 ? null : await LoadAsync(db, ids[0], ct);
        return order is not null && (shopperId is null || order.ShopperId == shopperId)
            ? order
            : throw new NotFoundException("order", OrderingText.OrderNotFound);
    }

    /// <summary>Locks the order of a case, then loads the case (tracked); not found when the case is not there or not the shopper's.</summary>
    public static async Task<(Order Order, AfterSalesCase Case)> LockCaseAsync(
        StorefrontDb db, Guid tenantId, Guid caseId, Guid? shopperId, CancellationToken ct)
    {
        var orderIds = await db.AfterSalesCases.AsNoTracking().Where(c => c.Id == caseId && (shopperId == null || c.ShopperId == shopperId))
            .Select(c => c.OrderId).ToListAsync(ct);
        if (orderIds.Count == 0)
        {
            throw new NotFoundException("aftersales", AfterSalesText.NotFound);
        }

        await db.Database.SqlQuery<Guid>($"""
            select id as "Value" from orders where tenant_id = {tenantId} and id = {orderIds[0]} for update
            """).ToListAsync(ct);
        var order = await LoadAsync(db, orderIds[0], ct) ?? throw new NotFoundException("aftersales", AfterSalesText.NotFound);
        var @case = await db.AfterSalesCases.Include(c => c.Events).SingleAsync(c => c.Id == caseId, ct);
        return (order, @case);
    }

    public static Task<Order?> LoadAsync(StorefrontDb db, Guid orderId, CancellationToken ct) =>
        db.Orders.Include(o => o.Lines).Include(o => o.Shipments).AsSplitQuery().SingleOrDefaultAsync(o => o.Id == orderId, ct);

    public static Task<List<AfterSalesCase>> CasesAsync(StorefrontDb db, Guid orderId, CancellationToken ct) =>
        db.AfterSalesCases.Where(c => c.OrderId == orderId).ToListAsync(ct);

    public static async Task<AfterSalesPolicy> PolicyAsync(StorefrontDb db, Guid tenantId, CancellationToken ct) =>
        (await db.Stores.AsNoTracking().SingleAsync(s => s.Id == tenantId, ct)).AfterSalesPolicy;

    /// <summary>
    /// Under the claw-back policy, the order promotions (满减/满折) the order got, as their rules are stored now (the refund
    /// works out what the kept units no longer earn, <see cref="RefundCalculator.ClawBackDue"/>); none otherwise, or when
    /// a promotion was deleted since (its 满减 is then not clawed back).
    /// </summary>
    public static async Task<IReadOnlyList<OrderPromotionRule>> PromotionsAsync(StorefrontDb db, Order order, AfterSalesPolicy policy, CancellationToken ct)
    {
        var ids = order.Lines.SelectMany(l => l.Adjustments)
            .Where(a => a.Kind == AdjustmentKinds.OrderPromotion && a.SourceId is not null).Select(a => a.SourceId!.Value).Distinct().ToList();
        if (policy.Threshold != ThresholdPolicy.ClawBack || ids.Count == 0)
        {
            return [];
        }

        var promotions = await db.OrderPromotions.AsNoTracking().Where(p => ids.Contains(p.Id)).ToListAsync(ct);
        return [.. promotions.Select(p => p.ToRule())];
    }

    /// <summary>
    /// Units per line of the order in open 仅退款 cases (requested or approved, not refunded yet): while the order is 待发货
    /// they wait for the case and do not ship (<see cref="Order.Ship"/>).
    /// </summary>
    public static async Task<Dictionary<Guid, int>> HeldForRefundAsync(StorefrontDb db, Guid orderId, CancellationToken ct) =>
        await db.AfterSalesCases.AsNoTracking()
            .Where(c => c.OrderId == orderId && c.Kind == AfterSalesKind.RefundOnly
                && (c.Status == AfterSalesStatus.Requested || c.Status == AfterSalesStatus.Approved))
            .GroupBy(c => c.OrderLineId).Select(g => new { LineId = g.Key, Units = g.Sum(c => c.Quantity) })
            .ToDictionaryAsync(g => g.LineId, g => g.Units, ct);

    public static async Task<string> ReturnAddressAsync(StorefrontDb db, Guid tenantId, CancellationToken ct) =>
        await db.Stores.AsNoTracking().Where(s => s.Id == tenantId).Select(s => s.ReturnAddress).SingleAsync(ct);

    public static async Task<DateTimeOffset?> CouponValidUntilAsync(StorefrontDb db, Order order, CancellationToken ct) =>
        order.ShopperCouponId is { } id
            ? await db.ShopperCoupons.AsNoTracking().Where(c => c.Id == id).Select(c => (DateTimeOffset?)c.ValidUntil).SingleOrDefaultAsync(ct)
            : null;

    /// <summary>The case with its timeline, for the answer.</summary>
    public static async Task<CaseView> ViewAsync(StorefrontDb db, Guid caseId, DateTimeOffset now, CancellationToken ct)
    {
        var @case = await db.AfterSalesCases.AsNoTracking().Include(c => c.Events).SingleAsync(c => c.Id == caseId, ct);
        return CaseView.From(@case, now);
    }
}
