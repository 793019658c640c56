using Storefront.Domain.Tenancy;

namespace Storefront.Domain.Ordering;

/// <summary>
/// Order numbers: the date in the store's time zone (yyyyMMdd) and a sequence number, zero-padded to at least six digits:
/// 20261130000042, and 202611301234567 once the sequence passes 999,999. The sequence is the store's own in the
/// database, never restarting, so a number is unique within its store (two stores may both have 20261130000001) and
/// tells nothing of other stores' volume; it has gaps (a rolled-back order uses one up).
/// </summary>
public static class OrderNumber
{
    /// <summary>The number of an order placed at <paramref name="now"/> by a store in <paramref name="zone"/>: that store's date.</summary>
    public static string For(DateTimeOffset now, TimeZoneInfo zone, long sequence) => Format(StoreTimeZone.DayOf(now, zone), sequence);

    public static string Format(DateOnly day, long sequence)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sequence, 1);
        return $"{day:yyyyMMdd}{sequence:000000}";
    }
}
