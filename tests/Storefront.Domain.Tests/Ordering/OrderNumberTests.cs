using Storefront.Domain.Ordering;

namespace Storefront.Domain.Tests.Ordering;

public sealed class OrderNumberTests
{
    [Fact]
    public void The_day_is_the_date_in_Beijing()
    {
        Assert.Equal(new DateOnly(2026, 11, 30), OrderNumber.DayOf(new DateTimeOffset(2026, 11, 29, 16, 0, 0, TimeSpan.Zero)));
        Assert.Equal(new DateOnly(2026, 11, 29), OrderNumber.DayOf(new DateTimeOffset(2026, 11, 29, 15, 59, 59, TimeSpan.Zero)));
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
