namespace Storefront.Domain.Ordering;

/// <summary>
/// Order numbers: the date in Beijing time (yyyyMMdd) and a sequence number, zero-padded to at least six digits:
/// 20261130000042, and 202611301234567 once the sequence passes 999,999. The sequence is the store's own in the
/// database, never restarting, so a number is unique within its store (two stores may both have 20261130000001) and
/// tells nothing of other stores' volume; it has gaps (a rolled-back order uses one up).
/// </summary>
public static class OrderNumber
{
    public static readonly TimeSpan BeijingOffset = TimeSpan.FromHours(8);

    public static DateOnly DayOf(DateTimeOffset now) => DateOnly.FromDateTime(now.ToOffset(BeijingOffset).DateTime);

    public static string Format(DateOnly day, long sequence)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sequence, 1);
        return $"{day:yyyyMMdd}{sequence:000000}";
    }
}
