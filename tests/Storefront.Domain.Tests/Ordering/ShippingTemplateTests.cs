using Storefront.Domain.Common;
using Storefront.Domain.Ordering;

namespace Storefront.Domain.Tests.Ordering;

public sealed class ShippingTemplateTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);

    private static ShippingTemplate Template(ShippingTemplateDraft draft) => ShippingTemplate.Create(Guid.NewGuid(), draft, Now);

    [Theory]
    [InlineData(0, 0, 10)]
    [InlineData(500, 10_000, 10)]
    public void A_flat_fee_is_the_same_whatever_the_goods_or_weight(decimal goods, int grams, decimal fee) =>
        Assert.Equal(fee, Template(new("快递", ShippingFeeKind.Flat, 10m)).FeeFor(goods, grams));

    [Theory]
    [InlineData(98.99, 10)]
    [InlineData(99, 0)]
    [InlineData(99.01, 0)]
    [InlineData(0.01, 10)]
    public void Free_above_charges_the_fee_below_the_threshold_and_nothing_from_it(decimal goods, decimal fee) =>
        Assert.Equal(fee, Template(new("快递", ShippingFeeKind.FreeAbove, 10m, FreeAbove: 99m)).FeeFor(goods, 0));

    [Theory]
    [InlineData(0, 18)]
    [InlineData(1000, 18)]
    [InlineData(1001, 26)]
    [InlineData(2000, 26)]
    [InlineData(2001, 34)]
    [InlineData(10_500, 98)]
    public void By_weight_charges_the_first_step_and_each_started_further_step(int grams, decimal fee) =>
        Assert.Equal(fee, Template(new("顺丰", ShippingFeeKind.ByWeight, 18m, null, 1000, 1000, 8m)).FeeFor(50m, grams));

    [Fact]
    public void By_weight_can_also_be_free_above_an_amount()
    {
        var template = Template(new("顺丰", ShippingFeeKind.ByWeight, 18m, 299m, 1000, 500, 5.5m));
        Assert.Equal(29m, template.FeeFor(298.99m, 2000));
        Assert.Equal(0m, template.FeeFor(299m, 20_000));
    }

    [Fact]
    public void A_template_that_is_not_by_weight_keeps_no_weight_steps()
    {
        var template = Template(new("快递", ShippingFeeKind.Flat, 6m, null, 1000, 1000, 8m));
        Assert.Equal((0, 0, 0m), (template.FirstWeightGrams, template.AdditionalWeightGrams, template.AdditionalFee));
    }

    public static TheoryData<ShippingTemplateDraft, string> Refused => new()
    {
        { new("", ShippingFeeKind.Flat, 10m), "shipping.name" },
        { new(new string('快', ShippingTemplate.NameMaxLength + 1), ShippingFeeKind.Flat, 10m), "shipping.name" },
        { new("快递", ShippingFeeKind.Flat, -1m), "shipping.fee" },
        { new("快递", ShippingFeeKind.Flat, 1.001m), "shipping.fee" },
        { new("快递", ShippingFeeKind.FreeAbove, 10m), "shipping.free-above" },
        { new("快递", ShippingFeeKind.FreeAbove, 10m, FreeAbove: -5m), "shipping.free-above" },
        { new("顺丰", ShippingFeeKind.ByWeight, 18m, null, 0, 1000, 8m), "shipping.weight" },
        { new("顺丰", ShippingFeeKind.ByWeight, 18m, null, 1000, 0, 8m), "shipping.weight" },
        { new("顺丰", ShippingFeeKind.ByWeight, 18m, null, 1000, 1000, -8m), "shipping.fee" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void Bad_drafts_are_refused_naming_the_rule(ShippingTemplateDraft draft, string code) =>
        Assert.Equal(code, Assert.Throws<DomainException>(() => Template(draft)).Code);
}
