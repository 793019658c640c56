using Storefront.Domain.Ordering;

namespace Storefront.Web;

// The words of the admin order pages (grid, detail, ship, cancel and refund, notes) and the order settings. Keys live in
// Resources/Text.resx (zh-CN) and Resources/Text.en.resx under "ordering: admin orders, settings, timers, outbox"; they
// start with Ao (admin orders) so they cannot clash with the keys of the other ordering slices.
public static partial class Text
{
    public static string AoAddNote => Get();

    public static string AoAutoConfirmDays => Get();

    public static string AoAutoConfirmRange => Get();

    public static string AoBuyerNote => Get();

    public static string AoCancelAndRefund => Get();

    public static string AoCancelOrder => Get();

    public static string AoCancelReason => Get();

    public static string AoCancelReasonRequired => Get();

    public static string AoCancelReasonTooLong => Get();

    public static string AoCancelRefundFailed => Get();

    public static string AoCancelRefundHint => Get();

    public static string AoCancelRefundNoGateway => Get();

    public static string AoCancelRefundNoPayment => Get();

    public static string AoCarrier => Get();

    public static string AoCarrierRequired => Get();

    public static string AoCarrierUnknown => Get();

    public static string AoInternalNote => Get();

    public static string AoInternalOnly => Get();

    public static string AoItemsSubtotal => Get();

    public static string AoNoOrders => Get();

    public static string AoNoShipments => Get();

    public static string AoNotFound => Get();

    public static string AoNoteAdded => Get();

    public static string AoNoteRequired => Get();

    public static string AoNoteTooLong => Get();

    public static string AoOrderAmounts => Get();

    public static string AoOrderCancelledByStaff => Get();

    public static string AoOrderCancelledRefunded => Get();

    public static string AoOrderChangedReload => Get();

    public static string AoOrderDateRangeInvalid => Get();

    public static string AoOrderDetail => Get();

    public static string AoOrderDiscount => Get();

    public static string AoOrderLines => Get();

    public static string AoOrderNumber => Get();

    public static string AoOrderNumberFilterDigits => Get();

    public static string AoOrderTotal => Get();

    public static string AoOrderingSettings => Get();

    public static string AoOrderingSettingsHint => Get();

    public static string AoOrders => Get();

    public static string AoOrdersFound => Get();

    public static string AoPaidAmount => Get();

    public static string AoParcelRequired => Get();

    public static string AoParcelShipped => Get();

    public static string AoPayment => Get();

    public static string AoPaymentTimeoutMinutes => Get();

    public static string AoPaymentTimeoutRange => Get();

    public static string AoPaymentsAndRefunds => Get();

    public static string AoPhoneFilterInvalid => Get();

    public static string AoPlacedAt => Get();

    public static string AoPlacedFrom => Get();

    public static string AoPlacedTo => Get();

    public static string AoRecipient => Get();

    public static string AoRecipientPhone => Get();

    public static string AoRefund => Get();

    public static string AoRefunded => Get();

    public static string AoSettingsSaved => Get();

    public static string AoShip => Get();

    public static string AoShipChooseUnits => Get();

    public static string AoShipHint => Get();

    public static string AoShipNow => Get();

    public static string AoShipParcel => Get();

    public static string AoShipQuantityInvalid => Get();

    public static string AoShipments => Get();

    public static string AoShippedUnits => Get();

    public static string AoShippingFeeLabel => Get();

    public static string AoShopper => Get();

    public static string AoTimeline => Get();

    public static string AoTooManyParcels => Get();

    public static string AoTrackingInvalid => Get();

    public static string AoTrackingNumber => Get();

    public static string AoTrackingRequired => Get();

    public static string AoUnitPrice => Get();

    public static string AoUnits => Get();

    /// <summary>The status as merchants call it (待付款, 待发货, 已发货, 已完成, 已取消).</summary>
    public static string AoStatus(OrderStatus status) => Get("AoStatus_" + status);

    /// <summary>What a timeline entry is (placed, paid, parcel, shipped, completed, cancelled, refunded, note).</summary>
    public static string AoOrderEventKind(string kind) => Resources.GetString("AoEvent_" + kind, System.Globalization.CultureInfo.CurrentUICulture) ?? kind;

    public static string AoActorKindLabel(ActorKind kind) => Get("AoActor_" + kind);
}
