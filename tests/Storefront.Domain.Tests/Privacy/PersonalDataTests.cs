using Storefront.Domain.Accounts;
using Storefront.Domain.Common;
using Storefront.Domain.Ordering;
using Storefront.Domain.Privacy;

namespace Storefront.Domain.Tests.Privacy;

public sealed class PersonalDataTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_phone_shows_its_first_three_and_last_four_digits()
    {
        Assert.Equal("138****5678", PersonalData.MaskPhone("13812345678"));
        Assert.Equal("****", PersonalData.MaskPhone("123"));
        Assert.Equal("****", PersonalData.MaskPhone(null));
    }

    [Fact]
    public void An_address_shows_its_region_and_hides_its_street()
    {
        Assert.Equal("浙江省杭州市西湖区****", PersonalData.MaskAddress("浙江省", "杭州市", "西湖区"));
        var masked = PersonalData.Mask(ShippingAddress.Create("张三", "13812345678", "浙江省", "杭州市", "西湖区", "文三路 90 号"));
        Assert.Equal(("张三", "138****5678", "浙江省", "****"), (masked.Name, masked.Phone, masked.Province, masked.Street));
    }

    [Fact]
    public void Mobile_numbers_in_a_text_are_masked_but_longer_digit_runs_are_not()
    {
        Assert.Equal("请打 139****5678 或 +86 138****0000，订单 202612010000123",
            PersonalData.MaskPhonesIn("请打 13912345678 或 +86 13800000000，订单 202612010000123"));
    }

    [Fact]
    public void An_account_with_an_open_order_or_case_cannot_be_erased_and_says_why()
    {
        var orders = Assert.Throws<DomainException>(() => PersonalData.EnsureErasable(openOrders: 2, openCases: 1));
        Assert.Equal(("account.open-orders", true), (orders.Code, orders.IsConflict));
        Assert.Contains("2 个订单", orders.Message);
        var cases = Assert.Throws<DomainException>(() => PersonalData.EnsureErasable(openOrders: 0, openCases: 1));
        Assert.Equal("account.open-cases", cases.Code);
        PersonalData.EnsureErasable(0, 0);
    }

    [Fact]
    public void Erasing_replaces_every_personal_field_for_good()
    {
        var shopper = Shopper.Create(Guid.NewGuid(), "li.si@example.com", "李四", Now);
        shopper.NormalizedEmail = "LI.SI@EXAMPLE.COM";
        shopper.PasswordHash = "hash";
        shopper.SecurityStamp = "stamp";
        shopper.MarketingOptIn = true;

        shopper.Erase(Now.AddDays(1));

        Assert.DoesNotContain("li.si", shopper.Email, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(PersonalData.ErasedEmail(shopper.Id), shopper.Email);
        Assert.Equal(shopper.Email.ToUpperInvariant(), shopper.NormalizedEmail);
        Assert.Equal(PersonalData.ErasedName, shopper.DisplayName);
        Assert.Null(shopper.PasswordHash);
        Assert.NotEqual("stamp", shopper.SecurityStamp);
        Assert.Equal(DateTimeOffset.MaxValue, shopper.LockoutEnd);
        Assert.False(shopper.MarketingOptIn);
        Assert.Equal(Now.AddDays(1), shopper.ErasedAt);
    }
}
