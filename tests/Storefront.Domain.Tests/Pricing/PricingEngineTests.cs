using Storefront.Domain.Common;
using Storefront.Domain.Ordering;
using Storefront.Domain.Pricing;

namespace Storefront.Domain.Tests.Pricing;

public sealed class PricingEngineTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);

    private static readonly ShippingTemplate FreeFrom99 =
        ShippingTemplate.Create(Guid.NewGuid(), new("快递", ShippingFeeKind.FreeAbove, 10m, FreeAbove: 99m), Now);

    private static readonly ShippingTemplate ByWeight =
        ShippingTemplate.Create(Guid.NewGuid(), new("顺丰", ShippingFeeKind.ByWeight, 18m, null, 1000, 1000, 8m), Now);

    private static PricingLine Line(decimal price, int quantity, int grams = 0) => new(Guid.NewGuid(), Guid.NewGuid(), null, price, quantity, grams);

    [Fact]
    public void Lines_are_priced_at_list_price_times_quantity_and_the_totals_add_up()
    {
        var quote = PricingEngine.Price(new([Line(19.9m, 3), Line(0.33m, 7)], FreeFrom99, Now));

        Assert.Equal([59.70m, 2.31m], quote.Lines.Select(l => l.Subtotal));
        Assert.Equal(quote.Lines.Select(l => l.Subtotal), quote.Lines.Select(l => l.Paid));
        Assert.Equal(62.01m, quote.Subtotal);
        Assert.Equal(0m, quote.Discount);
        Assert.Equal(10m, quote.ShippingFee);
        Assert.Equal(72.01m, quote.Total);
        Assert.Equal(quote.Subtotal - quote.Discount + quote.ShippingFee, quote.Total);
        Assert.Equal(quote.Total - quote.ShippingFee, quote.Lines.Sum(l => l.Paid));
    }

    [Fact]
    public void Shipping_is_free_from_the_threshold_on_the_goods_amount()
    {
        Assert.Equal(0m, PricingEngine.Price(new([Line(33m, 3)], FreeFrom99, Now)).ShippingFee);
        Assert.Equal(10m, PricingEngine.Price(new([Line(32.99m, 3)], FreeFrom99, Now)).ShippingFee);
    }

    [Fact]
    public void Weight_is_the_sum_of_unit_weight_times_quantity_and_prices_by_weight_shipping()
    {
        var quote = PricingEngine.Price(new([Line(10m, 2, 400), Line(5m, 1, 300)], ByWeight, Now));
        Assert.Equal(1100, quote.WeightGrams);
        Assert.Equal(26m, quote.ShippingFee);
        Assert.Equal(51m, quote.Total);
    }

    [Fact]
    public void No_lines_or_no_shipping_method_costs_no_shipping()
    {
        Assert.Equal(0m, PricingEngine.Price(new([], FreeFrom99, Now)).Total);
        Assert.Equal(20m, PricingEngine.Price(new([Line(10m, 2)], null, Now)).Total);
    }

    [Fact]
    public void A_line_of_zero_or_negative_quantity_is_refused() =>
        Assert.Equal("pricing.quantity", Assert.Throws<DomainException>(() => PricingEngine.Price(new([Line(10m, 0)], null, Now))).Code);
}
