using Storefront.Domain.Ordering;
using Storefront.Domain.Tenancy;

namespace Storefront.Domain.Tests.Ordering;

public sealed class OrderNumberTests
{
    [Fact]
    public void The_date_is_the_stores_day_in_its_time_zone()
    {
        var shanghai = StoreTimeZone.Find("Asia/Shanghai");
        var midnight = new DateTimeOffset(2026, 11, 29, 16, 0, 0, TimeSpan.Zero);   // 2026-11-30 00:00 in Shanghai
        Assert.Equal("20261130000001", OrderNumber.For(midnight, shanghai, 1));
        Assert.Equal("20261129000001", OrderNumber.For(midnight.AddSeconds(-1), shanghai, 1));
        // The same instant is 11:00 on the 29th in New York (EST): a store there numbers it by its own day.
        Assert.Equal("20261129000001", OrderNumber.For(midnight, StoreTimeZone.Find("America/New_York"), 1));
    }

    [Theory]
    [InlineData(1, "20261130000001")]
    [InlineData(42, "20261130000042")]
    [InlineData(999_999, "20261130999999")]
    [InlineData(1_234_567, "202611301234567")]
    public void The_number_is_the_date_and_the_sequence_padded_to_six_digits_at_least(long sequence, string expected) =>
        Assert.Equal(expected, OrderNumber.Format(new DateOnly(2026, 11, 30), sequence));

    [Fact]
    public void A_sequence_below_one_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => OrderNumber.Format(new DateOnly(2026, 11, 30), 0));
}
