using System.Collections.Concurrent;
using Storefront.Domain.Common;

namespace Storefront.Domain.Tenancy;

/// <summary>
/// A store's time zone (IANA id, default Asia/Shanghai): every time shown to staff and shoppers and every day boundary
/// of the store's figures is read in it. Zones are looked up once and kept; a host without tz data still knows Shanghai.
/// </summary>
public static class StoreTimeZone
{
    public const string Default = "Asia/Shanghai";

    private static readonly ConcurrentDictionary<string, TimeZoneInfo> Zones = new(StringComparer.Ordinal);

    /// <summary>The zones offered in the settings (a store may keep any other valid IANA id).</summary>
    public static readonly IReadOnlyList<string> Offered =
    [
        "Asia/Shanghai", "Asia/Hong_Kong", "Asia/Taipei", "Asia/Singapore", "Asia/Tokyo", "Asia/Seoul", "Asia/Bangkok", "Asia/Kolkata",
        "Asia/Dubai", "Europe/London", "Europe/Paris", "Europe/Berlin", "Europe/Moscow", "America/New_York", "America/Chicago",
        "America/Los_Angeles", "America/Sao_Paulo", "Australia/Sydney", "Pacific/Auckland", "Etc/UTC",
    ];

    /// <summary>The zone of an id, or null when the id names no zone this host knows.</summary>
    public static TimeZoneInfo? TryFind(string? id)
    {
        if (string.IsNullOrWhiteSpace(id) || id.Length > 64)
        {
            return null;
        }

        if (Zones.TryGetValue(id, out var known))
        {
            return known;
        }

        TimeZoneInfo? zone = null;
        try
        {
            zone = TimeZoneInfo.TryFindSystemTimeZoneById(id, out var found) ? found : null;
        }
        catch (Exception e) when (e is ArgumentException or InvalidTimeZoneException or IOException or UnauthorizedAccessException)
        {
            // a malformed id (a path, say): no zone
        }

        // Without tz data (a slim container) Shanghai is still UTC+8 all year: China keeps no daylight saving.
        zone ??= id == Default ? TimeZoneInfo.CreateCustomTimeZone(Default, TimeSpan.FromHours(8), "China Standard Time", "China Standard Time") : null;
        return zone is null ? null : Zones.GetOrAdd(id, zone);   // only zones that exist are kept
    }

    /// <summary>The zone of a store's id; an unknown id (never stored, but old rows may hold one) falls back to Shanghai.</summary>
    public static TimeZoneInfo Find(string? id) => TryFind(id) ?? TryFind(Default)!;

    /// <summary>
    /// Whether an id names an IANA zone this host knows (PostgreSQL reads the same ids when it cuts days; a Windows id such
    /// as "China Standard Time", which .NET also accepts, it would not).
    /// </summary>
    public static bool IsValid(string? id) => id == Default || TryFind(id) is { HasIanaId: true };

    /// <summary>Refuses an id that names no known zone (its message is looked up by the domain error's code).</summary>
    public static string Validate(string? id)
    {
        var trimmed = (id ?? "").Trim();
        return !IsValid(trimmed) ? throw new DomainException("store.time-zone", "未知的时区，请选择列表中的时区。") : trimmed;
    }

    /// <summary>The instant as the store's wall clock shows it (with that moment's offset).</summary>
    public static DateTimeOffset ToLocal(DateTimeOffset at, TimeZoneInfo zone) => TimeZoneInfo.ConvertTime(at, zone);

    /// <summary>The store's calendar day the instant falls on.</summary>
    public static DateOnly DayOf(DateTimeOffset at, TimeZoneInfo zone) => DateOnly.FromDateTime(ToLocal(at, zone).DateTime);

    /// <summary>
    /// The instant a wall-clock time of the store stands for. A time skipped by a daylight-saving jump is read as the
    /// first valid time after it; an ambiguous one (the hour repeated) as its first occurrence.
    /// </summary>
    public static DateTimeOffset FromLocal(DateTime local, TimeZoneInfo zone)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(30);
        }

        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToUniversalTime();
    }

    /// <summary>The instant the store's day starts (its local midnight, or the first valid time after it).</summary>
    public static DateTimeOffset StartOfDay(DateOnly day, TimeZoneInfo zone) => FromLocal(day.ToDateTime(TimeOnly.MinValue), zone);
}
