using Storefront.Domain.Catalog;

namespace Storefront.Domain.Tests.Catalog;

/// <summary>The product page's selector per spec attribute: which values can still be chosen, and where a value leads.</summary>
public sealed class VariantChoiceTests
{
    // 颜色 × 尺码: 红/M and 蓝/S are sold out, 黑 is sold out in every size.
    private static readonly IReadOnlyList<VariantStock> Tees =
    [
        new("RS", ["红", "S"], true), new("RM", ["红", "M"], false), new("RL", ["红", "L"], true),
        new("BS", ["蓝", "S"], false), new("BM", ["蓝", "M"], true), new("BL", ["蓝", "L"], true),
        new("KS", ["黑", "S"], false), new("KM", ["黑", "M"], false), new("KL", ["黑", "L"], false),
    ];

    [Fact]
    public void With_nothing_chosen_every_value_with_some_stock_is_available()
    {
        var available = Variants.AvailableValues(Tees, [null, null]);

        Assert.Equal(["红", "蓝"], available[0].Order());
        Assert.Equal(["L", "M", "S"], available[1].Order());
    }

    [Fact]
    public void A_chosen_colour_disables_the_sizes_sold_out_in_that_colour()
    {
        var available = Variants.AvailableValues(Tees, ["红", null]);

        Assert.Equal(["L", "S"], available[1].Order());
        Assert.Equal(["红", "蓝"], available[0].Order());   // the colour's own choice does not narrow the colours
    }

    [Fact]
    public void A_full_choice_narrows_each_attribute_by_the_other()
    {
        var available = Variants.AvailableValues(Tees, ["蓝", "M"]);

        Assert.Equal(["M", "L"], available[1].OrderByDescending(v => v == "M"));
        Assert.DoesNotContain("S", available[1]);
        Assert.Equal(["蓝"], available[0]);   // 红/M is sold out: with M chosen only 蓝 is left
    }

    [Fact]
    public void A_product_without_spec_attributes_has_nothing_to_choose()
    {
        Assert.Empty(Variants.AvailableValues([new VariantStock("ONE", [], true)], []));
    }

    [Fact]
    public void A_value_leads_to_the_sku_in_stock_that_keeps_most_of_the_choice()
    {
        Assert.Equal("RL", Variants.Nearest(Tees, ["蓝", "L"], 0, "红")?.Code);
        Assert.Equal("RS", Variants.Nearest(Tees, ["蓝", "M"], 0, "红")?.Code);   // 红/M sold out: the first 红 in stock
        Assert.Equal("BM", Variants.Nearest(Tees, ["红", "S"], 1, "M")?.Code);
        Assert.Null(Variants.Nearest(Tees, ["红", "S"], 0, "黑"));
    }
}
