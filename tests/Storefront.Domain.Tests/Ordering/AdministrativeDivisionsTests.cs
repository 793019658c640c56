using Storefront.Domain.Common;
using Storefront.Domain.Ordering;

namespace Storefront.Domain.Tests.Ordering;

/// <summary>The official 省/市/区 codes (Ordering/divisions.csv): they nest, and an address's names follow from them.</summary>
public sealed class AdministrativeDivisionsTests
{
    private static readonly AdministrativeDivisions Divisions = AdministrativeDivisions.Official;

    [Fact]
    public void The_data_has_the_31_mainland_provinces_and_every_child_code_starts_with_its_parents()
    {
        Assert.Equal(31, Divisions.Provinces.Count);
        Assert.Contains(Divisions.Provinces, p => p is { Code: "33", Name: "浙江省" });
        Assert.True(Divisions.Count > 3000);
        foreach (var province in Divisions.Provinces)
        {
            var cities = Divisions.ChildrenOf(province.Code);
            Assert.NotEmpty(cities);
            foreach (var city in cities)
            {
                Assert.StartsWith(province.Code, city.Code, StringComparison.Ordinal);
                Assert.All(Divisions.ChildrenOf(city.Code), d => Assert.StartsWith(city.Code, d.Code, StringComparison.Ordinal));
            }
        }
    }

    [Fact]
    public void Nested_codes_resolve_to_their_official_names()
    {
        var region = Divisions.Resolve("33", "3301", "330106");
        Assert.Equal(new RegionChoice("33", "浙江省", "3301", "杭州市", "330106", "西湖区"), region);

        var address = ShippingAddress.Create("张三", "+86 139 1234 5678", region, "文三路 90 号");
        Assert.Equal(("浙江省", "杭州市", "西湖区"), (address.Province, address.City, address.District));
        Assert.Equal(("33", "3301", "330106"), (address.ProvinceCode, address.CityCode, address.DistrictCode));
        Assert.Equal("13912345678", address.Phone);
    }

    [Theory]
    [InlineData(null, "3301", "330106", "address.region.province")]
    [InlineData("99", "3301", "330106", "address.region.province")]
    [InlineData("3301", "3301", "330106", "address.region.province")]   // a city is not a province
    [InlineData("33", "4403", "440305", "address.region.city")]         // 深圳市 is not in 浙江省
    [InlineData("33", "", "330106", "address.region.city")]
    [InlineData("33", "3301", "330212", "address.region.district")]     // 宁波's 鄞州区 is not in 杭州市
    [InlineData("33", "3301", "3301", "address.region.district")]
    public void Codes_that_do_not_exist_or_do_not_nest_are_refused_naming_the_level(
        string? province, string? city, string? district, string code)
    {
        Assert.Equal(code, Assert.Throws<DomainException>(() => Divisions.Resolve(province, city, district)).Code);
    }

    [Theory]
    [InlineData("浙江省", "杭州市", "西湖区", "33", "3301", "330106")]
    [InlineData("浙江", "杭州", "西湖区", "33", "3301", "330106")]
    [InlineData("上海市", "上海市", "浦东新区", "31", "3101", "310115")]   // a 直辖市 naming itself as its city
    [InlineData("广东省", "深圳市", "南山区", "44", "4403", "440305")]
    public void Names_typed_as_before_codes_are_placed_by_them(string province, string city, string district, string p, string c, string d)
    {
        var region = Divisions.FromNames(province, city, district);
        Assert.Equal((p, c, d), (region?.ProvinceCode, region?.CityCode, region?.DistrictCode));
    }

    [Fact]
    public void Names_that_are_not_one_nested_region_have_no_codes_and_the_address_keeps_its_names()
    {
        Assert.Null(Divisions.FromNames("浙江省", "深圳市", "南山区"));
        var address = Divisions.CreateAddress("张三", "13800138000", null, null, null, "浙江省", "深圳市", "南山区", "科技园 1 号");
        Assert.Equal(("浙江省", "深圳市", "南山区", null), (address.Province, address.City, address.District, address.ProvinceCode));
    }

    [Fact]
    public void Given_codes_win_over_names_and_bad_codes_are_refused()
    {
        var address = Divisions.CreateAddress("张三", "13800138000", "44", "4403", "440305", "", "", "", "科技园 1 号");
        Assert.Equal(("广东省", "深圳市", "南山区"), (address.Province, address.City, address.District));
        Assert.Throws<DomainException>(() => Divisions.CreateAddress("张三", "13800138000", "44", "3301", "330106", "广东省", "杭州市", "西湖区", "路 1 号"));
    }
}
