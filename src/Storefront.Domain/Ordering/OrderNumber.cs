namespace Storefront.Domain.Ordering;

/// <summary>Order numbers: the store's date in Beijing time (yyyyMMdd) and the day's sequence, six digits: 20261130000042.</summary>
public static class OrderNumber
{
    public static readonly TimeSpan BeijingOffset = TimeSpan.FromHours(8);

    public static DateOnly DayOf(DateTimeOffset now) => DateOnly.FromDateTime(now.ToOffset(BeijingOffset).DateTime);

    public static string Format(DateOnly day, long sequence) => $"{day:yyyyMMdd}{sequence:000000}";
}
