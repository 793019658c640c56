using System.Globalization;
using Storefront.Domain.Tenancy;

namespace Storefront.Web.Infrastructure.Tenancy;

/// <summary>
/// The one way a time reaches staff or shoppers: read in the store's time zone (<see cref="StoreInfo.TimeZone"/>, default
/// Asia/Shanghai) and written with invariant digits. Without a store (the platform host) times read in Shanghai.
/// </summary>
public static class StoreTime
{
    public const string Minutes = "yyyy-MM-dd HH:mm";

    public const string Seconds = "yyyy-MM-dd HH:mm:ss";

    public static TimeZoneInfo Zone(StoreInfo? store) => store?.TimeZone ?? StoreTimeZone.Find(null);

    /// <summary>The instant as the store's clock shows it, e.g. 2026-11-23 16:00; an absent time is "".</summary>
    public static string Format(StoreInfo? store, DateTimeOffset? at, string format = Minutes) =>
        at is { } t ? StoreTimeZone.ToLocal(t, Zone(store)).ToString(format, CultureInfo.InvariantCulture) : "";

    /// <summary>The store's wall-clock time of an instant, for date pickers.</summary>
    public static DateTime ToLocal(StoreInfo? store, DateTimeOffset at) => StoreTimeZone.ToLocal(at, Zone(store)).DateTime;

    /// <summary>The instant a date picker's wall-clock time of the store stands for.</summary>
    public static DateTimeOffset FromLocal(StoreInfo? store, DateTime local) => StoreTimeZone.FromLocal(local, Zone(store));

    /// <summary>The store's calendar day of an instant (today: <c>DayOf(store, clock.GetUtcNow())</c>).</summary>
    public static DateOnly DayOf(StoreInfo? store, DateTimeOffset at) => StoreTimeZone.DayOf(at, Zone(store));

    /// <summary>The instant the store's day starts.</summary>
    public static DateTimeOffset StartOfDay(StoreInfo? store, DateOnly day) => StoreTimeZone.StartOfDay(day, Zone(store));
}
