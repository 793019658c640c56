using Storefront.Domain.Members;
using Storefront.Domain.Ordering;
using Storefront.Domain.Pricing;

namespace Storefront.Domain.Tests.Members;

/// <summary>
/// The growth rule (<see cref="MemberGrowth"/>) the database sums by: which orders count and how much each adds.
/// MembersTests (PostgreSQL) checks the same rule through the translated query.
/// </summary>
public sealed class MemberGrowthTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);
    private static readonly Guid Tenant = Guid.CreateVersion7();
    private static readonly Guid ShopperId = Guid.CreateVersion7();
    private static readonly MemberProgramme Programme = MemberProgramme.Default with { GrowthWindowDays = 30 };

    /// <summary>An order of 2 × 50.00 with a 10.00 shipping fee (total 110.00), placed at <paramref name="at"/>.</summary>
    private static Order Placed(DateTimeOffset at)
    {
        var address = ShippingAddress.Create("张三", "13800138000", "上海市", "上海市", "浦东新区", "世纪大道 100 号");
        var shipping = ShippingTemplate.Create(Tenant, new ShippingTemplateDraft("快递", ShippingFeeKind.Flat, 10m), at);
        var (sku, product) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        OrderItem[] items = [new(product, sku, "T 恤", "t-shirt", "TS-1", "红色", null, 200, 2)];
        var quote = PricingEngine.Price(new PricingRequest([new PricingLine(sku, product, null, 50m, 2, 200)], shipping, at));
        return Order.Place(Tenant, "20261123000001", ShopperId, address, shipping, items, quote, "", null, TimeSpan.FromMinutes(30), at);
    }

    private static Order Completed(DateTimeOffset at, decimal refunded = 0m)
    {
        var order = Placed(at.AddDays(-2));
        order.MarkPaid(order.Total, "pay-1", at.AddDays(-2));
        order.Ship("顺丰速运", "SF1000001", [], OrderActor.Staff(Guid.CreateVersion7()), TimeSpan.FromDays(10), at.AddDays(-1));
        order.ConfirmReceipt(OrderActor.Shopper(ShopperId), at);
        if (refunded > 0)
        {
            order.RecordRefund(refunded, "rf-1", OrderActor.Staff(Guid.CreateVersion7()), at);
        }

        return order;
    }

    [Fact]
    public void A_completed_order_adds_what_was_paid_for_goods_not_shipping()
    {
        var order = Completed(Now.AddDays(-1));

        Assert.Equal(110m, order.Total);
        Assert.Equal(100m, MemberGrowth.Of([order], Programme, Now));
    }

    [Theory]
    [InlineData(30, 70)]
    [InlineData(100, 0)]
    [InlineData(110, 0)]
    public void Refunds_come_off_and_an_order_never_adds_less_than_nothing(decimal refunded, decimal growth) =>
        Assert.Equal(growth, MemberGrowth.Of([Completed(Now.AddDays(-1), refunded), Completed(Now.AddDays(-1))], Programme, Now) - 100m);

    [Fact]
    public void Only_orders_completed_within_the_window_count()
    {
        var inside = Completed(Now.AddDays(-30));
        var outside = Completed(Now.AddDays(-30).AddSeconds(-1));

        Assert.Equal(100m, MemberGrowth.Of([inside, outside], Programme, Now));
    }

    [Fact]
    public void Orders_not_completed_do_not_count()
    {
        var paid = Placed(Now.AddDays(-3));
        paid.MarkPaid(paid.Total, "pay-1", Now.AddDays(-3));

        Assert.Equal(0m, MemberGrowth.Of([Placed(Now.AddDays(-1)), paid], Programme, Now));
    }
}
