using System.Globalization;
using Storefront.Domain.Members;
using Storefront.Domain.Pricing;

namespace Storefront.Domain.Tests.Members;

public sealed class MemberPriceTests
{
    [Theory]
    [InlineData("100.00", "0.95", "95.00")]
    [InlineData("19.99", "0.95", "18.99")]   // 18.9905 → 18.99
    [InlineData("0.10", "0.95", "0.10")]     // 0.095 rounds back up to the list price: nothing off, no member price
    [InlineData("59.90", "0.88", "52.71")]   // 52.712
    public void A_member_price_is_the_rate_on_the_list_price_to_the_cent(string list, string rate, string expected)
    {
        var price = MemberPrice.Of(decimal.Parse(list, CultureInfo.InvariantCulture), decimal.Parse(rate, CultureInfo.InvariantCulture));
        var want = decimal.Parse(expected, CultureInfo.InvariantCulture);
        Assert.Equal(want == decimal.Parse(list, CultureInfo.InvariantCulture) ? null : want, price);
    }

    [Fact]
    public void A_tier_without_a_discount_shows_no_member_price()
    {
        Assert.Null(MemberPrice.Of(100m, 1m));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(7)]
    public void The_price_shown_is_what_the_engine_charges_a_member_for_one_unit(int seed)
    {
        var random = new Random(seed);
        for (var i = 0; i < 200; i++)
        {
            var list = random.Next(1, 1_000_000) / 100m;
            var rate = random.Next(50, 100) / 100m;
            var tier = new MemberBenefits(Guid.NewGuid(), "黄金", rate, false, 1m);
            var context = PricingContext.None with { Member = tier };
            var line = new PricingLine(Guid.NewGuid(), Guid.NewGuid(), null, list, 1);
            var charged = PricingEngine.Price(new PricingRequest([line], null, DateTimeOffset.UnixEpoch, context)).Lines[0].Paid;
            Assert.Equal(charged, MemberPrice.Of(list, rate) ?? list);
        }
    }
}
