using Storefront.Domain.Pricing;
using Storefront.Web.Infrastructure.Tenancy;

namespace Storefront.Web.Features.Promotions.Admin;

/// <summary>How the promotion pages show kinds, scopes, periods and states.</summary>
internal static class PromotionTexts
{
    /// <summary>How the admin forms write a time (in the store's zone, <see cref="StoreTime"/>): as text, so any browser and a test can fill it in.</summary>
    public const string TimeFormat = "yyyy-MM-dd HH:mm";

    public static string Scope(ScopeKind scope) => scope switch
    {
        ScopeKind.Categories => PromotionsText.ScopeCategories,
        ScopeKind.Products => PromotionsText.ScopeProducts,
        _ => PromotionsText.ScopeStore,
    };

    public static string Period(StoreInfo? store, DateTimeOffset start, DateTimeOffset end) =>
        $"{StoreTime.Format(store, start)} – {StoreTime.Format(store, end)}";

    public static string State(bool enabled, DateTimeOffset start, DateTimeOffset end, DateTimeOffset now) =>
        !enabled ? PromotionsText.StateOff : now < start ? PromotionsText.StateScheduled : now < end ? PromotionsText.StateLive : PromotionsText.StateEnded;

    /// <summary>The start of the current minute: a new promotion starts there by default, so it is live as soon as it is saved.</summary>
    public static DateTimeOffset ThisMinute(DateTimeOffset now) =>
        new(now.Ticks - (now.Ticks % TimeSpan.TicksPerMinute), now.Offset);
}
