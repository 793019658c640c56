using Storefront.Domain.Common;
using Storefront.Domain.Ordering;

namespace Storefront.Domain.Tests.Ordering;

public sealed class ShippingAddressTests
{
    [Theory]
    [InlineData("13800138000", "13800138000")]
    [InlineData("19912345678", "19912345678")]
    [InlineData(" 138 0013 8000 ", "13800138000")]
    [InlineData("138-0013-8000", "13800138000")]
    [InlineData("+8613800138000", "13800138000")]
    [InlineData("+86 138 0013 8000", "13800138000")]
    [InlineData("008613800138000", "13800138000")]
    public void A_mainland_mobile_number_is_kept_as_its_eleven_digits(string written, string digits)
    {
        Assert.True(ShippingAddress.IsMainlandMobile(written));
        Assert.Equal(digits, ShippingAddress.NormalizePhone(written));
        Assert.Equal(digits, ShippingAddress.Create("张三", written, "上海市", "上海市", "浦东新区", "世纪大道 100 号").Phone);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("1380013800")]
    [InlineData("138001380000")]
    [InlineData("12800138000")]
    [InlineData("23800138000")]
    [InlineData("021-12345678")]
    [InlineData("+1 415 555 0100")]
    [InlineData("1380013800a")]
    public void Anything_else_is_not_a_mainland_mobile_number(string? written)
    {
        Assert.False(ShippingAddress.IsMainlandMobile(written));
        var refused = Assert.Throws<DomainException>(() => ShippingAddress.Create("张三", written!, "上海市", "上海市", "浦东新区", "世纪大道 100 号"));
        Assert.Equal("address.phone", refused.Code);
    }

    [Theory]
    [InlineData("", "13800138000", "上海市", "上海市", "浦东新区", "世纪大道 100 号", "address.name")]
    [InlineData("张三", "13800138000", " ", "上海市", "浦东新区", "世纪大道 100 号", "address.region")]
    [InlineData("张三", "13800138000", "上海市", "", "浦东新区", "世纪大道 100 号", "address.region")]
    [InlineData("张三", "13800138000", "上海市", "上海市", "", "世纪大道 100 号", "address.region")]
    [InlineData("张三", "13800138000", "上海市", "上海市", "浦东新区", "号", "address.street")]
    public void Each_field_is_required_and_a_refusal_names_the_field(
        string name, string phone, string province, string city, string district, string street, string code)
    {
        Assert.Equal(code, Assert.Throws<DomainException>(() => ShippingAddress.Create(name, phone, province, city, district, street)).Code);
    }

    [Fact]
    public void Over_long_fields_are_refused_and_values_are_trimmed()
    {
        Assert.Equal("address.name",
            Assert.Throws<DomainException>(() => ShippingAddress.Create(new string('名', 41), "13800138000", "上海市", "上海市", "浦东新区", "世纪大道")).Code);
        Assert.Equal("address.street",
            Assert.Throws<DomainException>(() => ShippingAddress.Create("张三", "13800138000", "上海市", "上海市", "浦东新区", new string('路', 201))).Code);

        var address = ShippingAddress.Create(" 张三 ", "13800138000", " 上海市 ", " 上海市", "浦东新区 ", "  世纪大道 100 号 ");
        Assert.Equal(new ShippingAddress("张三", "13800138000", "上海市", "上海市", "浦东新区", "世纪大道 100 号"), address);
        Assert.Equal("上海市 上海市 浦东新区 世纪大道 100 号", address.OneLine);
    }
}
