using Storefront.Domain.Tenancy;

namespace Storefront.Web.Infrastructure.Tenancy;

/// <summary>
/// What a request needs to know about its store: a snapshot, cached by host. <see cref="Cluster"/>: the PostgreSQL cluster its
/// rows live on (null: the default one; docs/decisions/0052-store-moves.md).
/// </summary>
public sealed record StoreInfo(
    Guid Id, string Slug, string Name, StoreStatus Status, string DefaultLanguage, string Currency, string TimeZoneId = StoreTimeZone.Default,
    string? Cluster = null)
{
    /// <summary>The store's time zone: every time shown and every day of the figures (<see cref="StoreTime"/>).</summary>
    public TimeZoneInfo TimeZone => StoreTimeZone.Find(TimeZoneId);

    public static StoreInfo From(Store store) =>
        new(store.Id, store.Slug, store.Name, store.Status, store.DefaultLanguage, store.Currency, store.TimeZoneId);
}
