using Storefront.Domain.Common;
using Storefront.Domain.Ordering;
using Storefront.Domain.Pricing;

namespace Storefront.Domain.Tests.Ordering;

public sealed class OrderPlaceTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);
    private static readonly Guid Tenant = Guid.NewGuid();
    private static readonly Guid Shopper = Guid.NewGuid();
    private static readonly ShippingAddress Address = ShippingAddress.Create("张三", "138 0013 8000", "上海市", "上海市", "浦东新区", "世纪大道 100 号");
    private static readonly ShippingTemplate Express = ShippingTemplate.Create(Tenant, new("快递", ShippingFeeKind.FreeAbove, 10m, FreeAbove: 99m), Now);

    private static OrderItem Item(int quantity, int grams = 100) =>
        new(Guid.NewGuid(), Guid.NewGuid(), "纯棉T恤", "t-shirt", "TS-1", "白色 / L", null, grams, quantity);

    private static Order Place(IReadOnlyList<OrderItem> items, decimal[] prices, string? note = "", string? key = "k-1")
    {
        var lines = items.Select((item, i) => new PricingLine(item.SkuId, item.ProductId, null, prices[i], item.Quantity, item.WeightGrams));
        var quote = PricingEngine.Price(new([.. lines], Express, Now));
        return Order.Place(Tenant, "20261123000001", Shopper, Address, Express, items, quote, note, key, TimeSpan.FromMinutes(30), Now);
    }

    [Fact]
    public void A_placed_order_awaits_payment_with_its_lines_prices_and_payment_deadline()
    {
        var order = Place([Item(2), Item(1)], [19.9m, 29m], note: "  请尽快发货 ", key: " key-1 ");

        Assert.Equal(OrderStatus.PendingPayment, order.Status);
        Assert.Equal("20261123000001", order.Number);
        Assert.Equal(Shopper, order.ShopperId);
        Assert.Equal("13800138000", order.Address.Phone);
        Assert.Equal((Express.Id, "快递"), (order.ShippingTemplateId, order.ShippingMethod));
        Assert.Equal((68.8m, 0m, 10m, 78.8m), (order.Subtotal, order.Discount, order.ShippingFee, order.Total));
        Assert.Equal("请尽快发货", order.Note);
        Assert.Equal("key-1", order.IdempotencyKey);
        Assert.Equal(Now, order.PlacedAt);
        Assert.Equal(Now.AddMinutes(30), order.PaymentDueAt);
        Assert.Equal([1, 2], order.Lines.Select(l => l.Position));
        Assert.Equal([39.8m, 29m], order.Lines.Select(l => l.PaidAmount));
        Assert.Equal([19.9m, 29m], order.Lines.Select(l => l.UnitPrice));
        Assert.All(order.Lines, l => Assert.Equal(0, l.ShippedQuantity));
        Assert.Equal(order.Total - order.ShippingFee, order.Lines.Sum(l => l.PaidAmount));
        var placed = Assert.Single(order.Events);
        Assert.Equal(("placed", OrderStatus.PendingPayment, ActorKind.Shopper), (placed.Kind, placed.ToStatus, placed.ActorKind));
    }

    [Fact]
    public void An_order_without_items_is_refused() =>
        Assert.Equal("order.empty", Assert.Throws<DomainException>(() => Place([], [])).Code);

    [Fact]
    public void An_order_of_more_lines_than_allowed_is_refused()
    {
        var items = Enumerable.Range(0, Order.MaxLines + 1).Select(_ => Item(1)).ToList();
        Assert.Equal("order.lines", Assert.Throws<DomainException>(() => Place(items, [.. items.Select(_ => 1m)])).Code);
    }

    [Fact]
    public void A_note_longer_than_allowed_is_refused() =>
        Assert.Equal("order.note", Assert.Throws<DomainException>(() => Place([Item(1)], [1m], note: new string('备', Order.NoteMaxLength + 1))).Code);

    [Fact]
    public void A_quantity_above_the_line_limit_is_refused()
    {
        var item = Item(Order.MaxQuantityPerLine + 1);
        var quote = PricingEngine.Price(new([new PricingLine(item.SkuId, item.ProductId, null, 1m, item.Quantity)], null, Now));
        Assert.Equal("order.quantity", Assert.Throws<DomainException>(() =>
            Order.Place(Tenant, "n", Shopper, Address, null, [item], quote, null, null, TimeSpan.FromMinutes(30), Now)).Code);
    }

    [Fact]
    public void A_quote_that_does_not_price_every_item_is_a_programming_error()
    {
        var quote = PricingEngine.Price(new([], null, Now));
        Assert.Throws<ArgumentException>(() => Order.Place(Tenant, "n", Shopper, Address, null, [Item(1)], quote, null, null, TimeSpan.FromMinutes(30), Now));
    }

    [Fact]
    public void A_blank_idempotency_key_is_stored_as_none() =>
        Assert.Null(Place([Item(1)], [1m], key: "  ").IdempotencyKey);
}
