using Storefront.Domain.AfterSales;

namespace Storefront.Web.Features.AfterSales;

/// <summary>
/// Words for a case's kind, reason, status and timeline entries, from AfterSalesText.resx by a key built from the value
/// (Kind_RefundOnly, Event_auto_approved): the class the SDK generates has no property that takes a value.
/// LabelsTests checks that every value has its key in both languages.
/// </summary>
public static class AfterSalesLabels
{
    public static string Kind(AfterSalesKind kind) => Get("Kind_" + kind);

    public static string Reason(AfterSalesReason reason) => Get("Reason_" + reason);

    public static string Status(AfterSalesStatus status) => Get("Status_" + status);

    /// <summary>A timeline entry's kind (requested, auto-approved …) in words; the kind itself when it has none.</summary>
    public static string Event(string kind) => Find("Event_" + kind.Replace('-', '_')) ?? kind;

    private static string Get(string key) => Find(key) ?? key;

    private static string? Find(string key) => AfterSalesText.ResourceManager.GetString(key, AfterSalesText.Culture);
}
