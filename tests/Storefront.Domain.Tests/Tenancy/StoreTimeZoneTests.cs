using Storefront.Domain.Common;
using Storefront.Domain.Tenancy;

namespace Storefront.Domain.Tests.Tenancy;

public sealed class StoreTimeZoneTests
{
    private static readonly TimeZoneInfo Shanghai = StoreTimeZone.Find("Asia/Shanghai");
    private static readonly TimeZoneInfo NewYork = StoreTimeZone.Find("America/New_York");

    [Fact]
    public void A_new_store_keeps_Shanghai_time_and_may_take_another_zone()
    {
        var store = Store.Create("tz", "时区店", "zh-CN", "CNY", DateTimeOffset.UnixEpoch);
        Assert.Equal("Asia/Shanghai", store.TimeZoneId);

        store.ConfigureTimeZone(" Europe/London ");

        Assert.Equal("Europe/London", store.TimeZoneId);
    }

    [Fact]
    public void The_stores_zone_goes_with_its_points_rules_and_after_sales_policy()
    {
        var store = Store.Create("tz", "时区店", "zh-CN", "CNY", DateTimeOffset.UnixEpoch);
        store.ConfigureTimeZone("America/New_York");

        Assert.Equal("America/New_York", store.MemberProgramme.TimeZoneId);
        Assert.Equal("America/New_York", store.AfterSalesPolicy.TimeZoneId);
    }

    [Theory]
    [InlineData("Mars/Olympus_Mons")]
    [InlineData("")]
    [InlineData("China Standard Time")]   // a Windows id: .NET knows it, PostgreSQL (which cuts the figures' days) does not
    public void An_unknown_zone_is_refused(string id)
    {
        var store = Store.Create("tz", "时区店", "zh-CN", "CNY", DateTimeOffset.UnixEpoch);

        var refused = Assert.Throws<DomainException>(() => store.ConfigureTimeZone(id));

        Assert.Equal("store.time-zone", refused.Code);
        Assert.Equal("Asia/Shanghai", store.TimeZoneId);
    }

    [Fact]
    public void The_day_of_an_instant_is_the_stores_day_not_the_UTC_day()
    {
        var beforeMidnight = new DateTimeOffset(2030, 3, 9, 15, 59, 59, TimeSpan.Zero);   // 23:59:59 in Shanghai

        Assert.Equal(new DateOnly(2030, 3, 9), StoreTimeZone.DayOf(beforeMidnight, Shanghai));
        Assert.Equal(new DateOnly(2030, 3, 10), StoreTimeZone.DayOf(beforeMidnight.AddSeconds(1), Shanghai));
        Assert.Equal(new DateOnly(2030, 3, 9), StoreTimeZone.DayOf(beforeMidnight.AddSeconds(1), NewYork));
    }

    [Fact]
    public void A_day_starts_at_the_stores_midnight_across_daylight_saving()
    {
        Assert.Equal(new DateTimeOffset(2030, 3, 9, 16, 0, 0, TimeSpan.Zero), StoreTimeZone.StartOfDay(new DateOnly(2030, 3, 10), Shanghai));
        Assert.Equal(new DateTimeOffset(2030, 3, 10, 5, 0, 0, TimeSpan.Zero), StoreTimeZone.StartOfDay(new DateOnly(2030, 3, 10), NewYork));   // EST
        Assert.Equal(new DateTimeOffset(2030, 3, 11, 4, 0, 0, TimeSpan.Zero), StoreTimeZone.StartOfDay(new DateOnly(2030, 3, 11), NewYork));   // EDT
    }

    [Fact]
    public void A_wall_clock_time_skipped_by_the_spring_jump_reads_as_the_first_time_after_it()
    {
        var skipped = new DateTime(2030, 3, 10, 2, 30, 0);   // New York jumps from 02:00 to 03:00 that night

        Assert.Equal(new DateTimeOffset(2030, 3, 10, 7, 0, 0, TimeSpan.Zero), StoreTimeZone.FromLocal(skipped, NewYork));
    }

    [Fact]
    public void Every_offered_zone_is_valid_here()
    {
        Assert.All(StoreTimeZone.Offered, id => Assert.True(StoreTimeZone.IsValid(id), id));
    }
}
