using Storefront.Domain.AfterSales;
using Storefront.Domain.Ordering;
using Storefront.Domain.Pricing;

namespace Storefront.Domain.Tests.AfterSales;

/// <summary>Orders to open cases on, in each state, and cases driven to each state.</summary>
internal static class AfterSalesExamples
{
    public static readonly DateTimeOffset Now = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);
    public static readonly Guid Tenant = Guid.CreateVersion7();
    public static readonly Guid ShopperId = Guid.CreateVersion7();
    public static readonly OrderActor Shopper = OrderActor.Shopper(ShopperId);
    public static readonly OrderActor Staff = OrderActor.Staff(Guid.CreateVersion7());
    public static readonly AfterSalesPolicy Policy = AfterSalesPolicy.Default;

    /// <summary>When the example orders complete (确认收货).</summary>
    public static readonly DateTimeOffset CompletedAt = Now.AddDays(2);

    /// <summary>The coupon of <see cref="Discounted"/> is valid until then.</summary>
    public static readonly DateTimeOffset CouponValidUntil = Now.AddDays(30);

    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(30);
    private static readonly TimeSpan AutoConfirm = TimeSpan.FromDays(10);

    /// <summary>Two lines, 2 × 50.00 (T 恤) and 1 × 30.00 (袜子), no discounts, flat shipping 10.00: total 140.00.</summary>
    public static Order Plain(OrderStatus status = OrderStatus.Completed) =>
        Drive(Place([(50m, 2, "T 恤"), (30m, 1, "袜子")], PricingContext.None), status);

    /// <summary>
    /// 3 × 33.33 and 1 × 120.00 (subtotal 219.99) with 满200减50, a ¥10 coupon (满100) and 777 points (¥7.77), flat shipping 10.00.
    /// By hand (largest remainder at each step): 满减 22.73 / 27.27 → 77.26 / 92.73; coupon 4.54 / 5.46 → 72.72 / 87.27;
    /// points 3.53 / 4.24 → paid 69.19 / 83.03; goods 152.22, total 162.22; points spent per line 353 / 424.
    /// </summary>
    public static Order Discounted(OrderStatus status = OrderStatus.Completed)
    {
        var promotion = new OrderPromotionRule(Guid.CreateVersion7(), "满200减50", OrderPromotionKind.AmountOff, ThresholdKind.Amount,
            [new PromotionTier(200m, 50m)], PromotionScope.WholeStore, true, Now.AddDays(-1), Now.AddDays(1));
        var shopperCoupon = Guid.CreateVersion7();
        var coupon = new CouponOffer(shopperCoupon, Guid.CreateVersion7(), "满100减10", CouponKind.Amount, 10m, null, 100m,
            PromotionScope.WholeStore, true, Now.AddDays(-1), CouponValidUntil);
        var context = new PricingContext(null, [], [], [promotion], [coupon], CouponChoice.Of(shopperCoupon), new PointsRules(100, 20), 1000, 777);
        return Drive(Place([(33.33m, 3, "马克杯"), (120m, 1, "保温壶")], context), status);
    }

    private static Order Place((decimal Price, int Quantity, string Name)[] lines, PricingContext context)
    {
        var address = ShippingAddress.Create("张三", "13800138000", "上海市", "上海市", "浦东新区", "世纪大道 100 号");
        var shipping = ShippingTemplate.Create(Tenant, new ShippingTemplateDraft("快递", ShippingFeeKind.Flat, 10m), Now);
        var ids = lines.Select(_ => (Sku: Guid.CreateVersion7(), Product: Guid.CreateVersion7())).ToArray();
        var items = lines.Select((l, i) => new OrderItem(ids[i].Product, ids[i].Sku, l.Name, $"p{i}", $"SKU-{i}", "红色", null, 100, l.Quantity)).ToList();
        var quote = PricingEngine.Price(new PricingRequest(
            [.. lines.Select((l, i) => new PricingLine(ids[i].Sku, ids[i].Product, null, l.Price, l.Quantity, 100))], shipping, Now, context));
        return Order.Place(Tenant, "20261123000001", ShopperId, address, shipping, items, quote, null, null, Timeout, Now);
    }

    private static Order Drive(Order order, OrderStatus status)
    {
        if (status == OrderStatus.Cancelled)
        {
            order.Cancel(Shopper, "不想要了", Now.AddMinutes(1));
            return order;
        }

        if (status == OrderStatus.PendingPayment)
        {
            return order;
        }

        order.MarkPaid(order.Total, "pay-1", Now.AddMinutes(1));
        if (status == OrderStatus.Paid)
        {
            return order;
        }

        order.Ship("顺丰速运", "SF1000001", [], Staff, AutoConfirm, Now.AddDays(1));
        if (status == OrderStatus.Shipped)
        {
            return order;
        }

        order.ConfirmReceipt(Shopper, CompletedAt);
        return order;
    }

    public static AfterSalesRequest Request(Order order, AfterSalesKind kind, int quantity = 1, int line = 0, AfterSalesReason? reason = null) =>
        new(order.Lines[line].Id, kind,
            reason ?? (kind == AfterSalesKind.RefundOnly && order.Status == OrderStatus.Shipped ? AfterSalesReason.NotReceived : AfterSalesReason.NoReason),
            quantity, "不合适", ["photos/a.jpg"],
            kind == AfterSalesKind.Exchange ? new ExchangeTarget(order.Lines[line].ProductId, Guid.CreateVersion7(), "蓝色") : null);

    /// <summary>A case opened on the order's first line (a paid order for refund only, a completed one otherwise), a day after completion.</summary>
    public static AfterSalesCase Open(AfterSalesKind kind, int quantity = 1)
    {
        var order = Plain(kind == AfterSalesKind.RefundOnly ? OrderStatus.Paid : OrderStatus.Completed);
        return AfterSalesCase.Open(order, Request(order, kind, quantity), [], Policy, null, CompletedAt.AddDays(1));
    }

    public static DateTimeOffset T(int hours) => CompletedAt.AddDays(1).AddHours(hours);

    /// <summary>A case of <paramref name="kind"/> driven along its legal path to <paramref name="status"/>.</summary>
    public static AfterSalesCase InStatus(AfterSalesKind kind, AfterSalesStatus status)
    {
        var c = Open(kind);
        switch (status)
        {
            case AfterSalesStatus.Requested:
                return c;
            case AfterSalesStatus.Rejected:
                c.Reject(Staff, "商品已使用，不支持退货", T(1));
                return c;
            case AfterSalesStatus.Closed:
                c.Withdraw(Shopper, T(1));
                return c;
        }

        c.Approve(Staff, "浙江省杭州市余杭区仓库 1 号", T(1));
        if (status is AfterSalesStatus.Approved or AfterSalesStatus.AwaitingReturn)
        {
            return c;
        }

        if (kind != AfterSalesKind.RefundOnly)
        {
            c.EnterReturnShipment(Shopper, "中通快递", "ZT12345678", T(2));
            c.ConfirmReceived(Staff, true, T(50));
            if (status == AfterSalesStatus.Received)
            {
                return c;
            }
        }

        if (kind == AfterSalesKind.Exchange)
        {
            c.ShipExchange(Staff, "顺丰速运", "SF2000002", T(51));
        }
        else
        {
            c.MarkRefunded("refund-1", OrderActor.Gateway, T(51));
        }

        return c;
    }
}
