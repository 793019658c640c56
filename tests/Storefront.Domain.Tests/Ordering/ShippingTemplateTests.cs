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

    [Fact]
    public void A_method_with_regions_delivers_only_to_addresses_in_those_provinces_or_cities_and_one_without_everywhere()
    {
        var jiangzhehu = Template(new("江浙沪包邮", ShippingFeeKind.Flat, 0m, RegionCodes: ["33", "32", "3101"]));
        var everywhere = Template(new("全国", ShippingFeeKind.Flat, 12m));
        var hangzhou = AdministrativeDivisions.Official.CreateAddress("张三", "13800138000", "33", "3301", "330106", "", "", "", "文三路 1 号");
        var shenzhen = AdministrativeDivisions.Official.CreateAddress("张三", "13800138000", "44", "4403", "440305", "", "", "", "科技园 1 号");
        var shanghaiByName = ShippingAddress.Create("张三", "13800138000", "上海市", "上海市", "浦东新区", "世纪大道 100 号");   // a row from before codes

        Assert.Equal(["3101", "32", "33"], jiangzhehu.RegionCodes);
        Assert.True(jiangzhehu.DeliversTo(hangzhou));
        Assert.True(jiangzhehu.DeliversTo(shanghaiByName));
        Assert.False(jiangzhehu.DeliversTo(shenzhen));
        Assert.True(everywhere.DeliversTo(shenzhen));
        Assert.Empty(everywhere.RegionCodes);
    }

    [Theory]
    [InlineData("99")]
    [InlineData("330106")]   // a district: regions are provinces or cities
    [InlineData("")]
    public void A_region_that_is_not_a_province_or_city_code_is_refused(string code) =>
        Assert.Equal("shipping.region",
            Assert.Throws<DomainException>(() => Template(new("快递", ShippingFeeKind.Flat, 10m, RegionCodes: [code]))).Code);
}
