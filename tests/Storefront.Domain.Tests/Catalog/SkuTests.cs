using Storefront.Domain.Catalog;
using Storefront.Domain.Common;
using static Storefront.Domain.Tests.Catalog.CatalogExamples;

namespace Storefront.Domain.Tests.Catalog;

public sealed class SkuTests
{
    public static TheoryData<decimal> ValidPrices => [0.01m, 1m, 1.5m, 19.90m, 1.500m, Money.MaxAmount];

    public static TheoryData<decimal> InvalidPrices => [0m, -0.01m, -1m, 0.001m, 1.005m, 19.999m, 100_000_000m, decimal.MaxValue];

    private static string Refusal(SkuDraft draft) => Assert.Throws<DomainException>(() => SingleSku(draft)).Code;

    [Fact]
    public void A_new_sku_holds_what_the_merchant_entered()
    {
        var sku = SingleSku(new SkuDraft([], "  TS-1 ", 79m, 99m, Stock: 12, LowStockThreshold: 3, WeightGrams: 250, Image: "a.webp"));

        Assert.Equal("TS-1", sku.Code);
        Assert.Equal(79m, sku.Price);
        Assert.Equal(99m, sku.MarketPrice);
        Assert.Equal(12, sku.OnHand);
        Assert.Equal(0, sku.Reserved);
        Assert.Equal(3, sku.LowStockThreshold);
        Assert.Equal(250, sku.WeightGrams);
        Assert.Equal("a.webp", sku.Image);
        Assert.NotEqual(Guid.Empty, sku.Id);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void A_blank_code_is_refused(string code)
    {
        Assert.Equal("sku.code", Refusal(Plain(code: code)));
    }

    [Fact]
    public void A_code_of_64_characters_is_accepted_and_65_refused()
    {
        Assert.Equal(Sku.CodeMaxLength, SingleSku(Plain(code: new string('C', Sku.CodeMaxLength))).Code.Length);

        Assert.Equal("sku.code", Refusal(Plain(code: new string('C', Sku.CodeMaxLength + 1))));
    }

    [Theory]
    [MemberData(nameof(ValidPrices))]
    public void A_positive_price_with_at_most_two_decimals_up_to_the_maximum_is_accepted(decimal price)
    {
        Assert.Equal(price, SingleSku(Plain(price: price)).Price);
    }

    [Theory]
    [MemberData(nameof(InvalidPrices))]
    public void A_price_that_is_not_positive_has_more_than_two_decimals_or_exceeds_the_maximum_is_refused(decimal price)
    {
        var refused = Assert.Throws<DomainException>(() => SingleSku(Plain(price: price)));

        Assert.Equal("sku.price", refused.Code);
        Assert.False(refused.IsConflict);
    }

    [Fact]
    public void The_market_price_is_optional()
    {
        Assert.Null(SingleSku(Plain()).MarketPrice);
    }

    [Theory]
    [MemberData(nameof(ValidPrices))]
    public void A_market_price_follows_the_same_rules_as_a_price(decimal marketPrice)
    {
        Assert.Equal(marketPrice, SingleSku(Plain() with { Price = marketPrice, MarketPrice = marketPrice }).MarketPrice);
    }

    [Fact]
    public void A_market_price_below_the_selling_price_is_refused()
    {
        Assert.Equal("sku.market-price", Refusal(Plain() with { Price = 100m, MarketPrice = 99.99m }));
        Assert.Equal(129m, SingleSku(Plain() with { Price = 99m, MarketPrice = 129m }).MarketPrice);
    }

    [Theory]
    [MemberData(nameof(InvalidPrices))]
    public void An_invalid_market_price_is_refused(decimal marketPrice)
    {
        Assert.Equal("sku.market-price", Refusal(Plain() with { MarketPrice = marketPrice }));
    }

    [Fact]
    public void A_negative_low_stock_threshold_is_refused()
    {
        Assert.Equal("sku.threshold", Refusal(Plain() with { LowStockThreshold = -1 }));
    }

    [Fact]
    public void A_negative_weight_is_refused()
    {
        Assert.Equal("sku.threshold", Refusal(Plain() with { WeightGrams = -1 }));
    }

    [Fact]
    public void Negative_opening_stock_is_refused()
    {
        Assert.Equal("sku.stock", Refusal(Plain(stock: -1)));
    }

    [Fact]
    public void A_blank_image_means_no_image()
    {
        Assert.Null(SingleSku(Plain() with { Image = " " }).Image);
    }

    [Fact]
    public void Available_is_on_hand_minus_reserved()
    {
        var sku = SingleSku(Plain(stock: 10)).WithReserved(3);

        Assert.Equal(7, sku.Available);
    }

    [Theory]
    [InlineData(10, 0, 5, false)]
    [InlineData(6, 0, 5, false)]
    [InlineData(5, 0, 5, true)]
    [InlineData(4, 0, 5, true)]
    [InlineData(10, 5, 5, true)]
    [InlineData(10, 4, 5, false)]
    [InlineData(0, 0, 0, true)]
    [InlineData(1, 0, 0, false)]
    public void A_sku_is_low_on_stock_when_what_is_available_is_at_or_below_the_threshold(int onHand, int reserved, int threshold, bool low)
    {
        var sku = SingleSku(Plain(stock: onHand) with { LowStockThreshold = threshold }).WithReserved(reserved);

        Assert.Equal(low, sku.IsLowStock);
    }

    [Theory]
    [InlineData(10, 0, 5, 15)]
    [InlineData(10, 0, -10, 0)]
    [InlineData(10, 4, -6, 4)]
    [InlineData(0, 0, 1, 1)]
    public void The_stock_after_an_adjustment_adds_the_change(int onHand, int reserved, int delta, int after)
    {
        var sku = SingleSku(Plain(stock: onHand)).WithReserved(reserved);

        Assert.Equal(after, sku.OnHandAfter(delta));
        Assert.Equal(onHand, sku.OnHand);
    }

    [Fact]
    public void An_adjustment_of_zero_is_refused()
    {
        var refused = Assert.Throws<DomainException>(() => SingleSku(Plain()).OnHandAfter(0));

        Assert.Equal("stock.zero", refused.Code);
    }

    [Theory]
    [InlineData(10, 0, -11)]
    [InlineData(10, 4, -7)]
    [InlineData(3, 3, -1)]
    [InlineData(0, 0, int.MinValue)]
    public void An_adjustment_that_would_leave_less_than_what_is_reserved_is_refused(int onHand, int reserved, int delta)
    {
        var sku = SingleSku(Plain(stock: onHand)).WithReserved(reserved);

        var refused = Assert.Throws<DomainException>(() => sku.OnHandAfter(delta));

        Assert.Equal("stock.negative", refused.Code);
        Assert.Equal(onHand, sku.OnHand);
    }

    [Fact]
    public void An_adjustment_beyond_the_largest_count_is_refused()
    {
        var sku = SingleSku(Plain(stock: 10));

        Assert.Throws<DomainException>(() => sku.OnHandAfter(int.MaxValue));
    }

    [Fact]
    public void A_stock_adjustment_records_who_when_why_and_the_result()
    {
        var sku = SingleSku(Plain(stock: 10));
        var actor = Guid.NewGuid();

        var adjustment = StockAdjustment.Record(Tenant, sku.Id, -2, sku.OnHandAfter(-2), StockReason.Damage, "  破损 ", actor, Now);

        Assert.Equal((Tenant, sku.Id, -2, 8, StockReason.Damage, "破损", (Guid?)actor, Now),
            (adjustment.TenantId, adjustment.SkuId, adjustment.Delta, adjustment.OnHandAfter,
                adjustment.Reason, adjustment.Note, adjustment.ActorId, adjustment.At));
        Assert.NotEqual(Guid.Empty, adjustment.Id);
    }
}
