using Storefront.Domain.AfterSales;

namespace Storefront.Web;

// The words of the after-sales case pages (shopper: apply, my cases, a case; staff: queue, case, settings). Keys live in
// Resources/Text.resx (zh-CN) and Resources/Text.en.resx under "aftersales: cases"; they start with As.
public static partial class Text
{
    public static string AsAfterSales => Get();

    public static string AsAnswerDue => Get();

    public static string AsApply => Get();

    public static string AsBoughtFree => Get();

    public static string AsCarrier => Get();

    public static string AsCarrierRequired => Get();

    public static string AsCase => Get();

    public static string AsDescription => Get();

    public static string AsDescriptionTooLong => Get();

    public static string AsExchangeOutOfStock => Get();

    public static string AsExchangeParcel => Get();

    public static string AsExchangeSku => Get();

    public static string AsExchangeSkuNone => Get();

    public static string AsExchangeSkuRequired => Get();

    public static string AsExchangeSkuUnknown => Get();

    public static string AsKind => Get();

    public static string AsKindRequired => Get();

    public static string AsLineRequired => Get();

    public static string AsOrderRequired => Get();

    public static string AsMyCases => Get();

    public static string AsNoCases => Get();

    public static string AsNotFound => Get();

    public static string AsOrderDone => Get();

    public static string AsOrderOpen => Get();

    public static string AsPhotoInvalid => Get();

    public static string AsPhotos => Get();

    public static string AsPointsReturned => Get();

    public static string AsPointsReversed => Get();

    public static string AsQuantity => Get();

    public static string AsQuantityPositive => Get();

    public static string AsReason => Get();

    public static string AsReasonRequired => Get();

    public static string AsRefundExchange => Get();

    public static string AsRefundExpected => Get();

    public static string AsRefundFailed => Get();

    public static string AsRefundNotApproved => Get();

    public static string AsRefundNotReceived => Get();

    public static string AsRefundPaid => Get();

    public static string AsRefundedAt => Get();

    public static string AsRejectReason => Get();

    public static string AsRejectReasonRequired => Get();

    public static string AsReturnAddress => Get();

    public static string AsReturnParcel => Get();

    public static string AsSaveReturnParcel => Get();

    public static string AsSoldOut => Get();

    public static string AsSubmit => Get();

    public static string AsTooManyPhotos => Get();

    public static string AsTrackingInvalid => Get();

    public static string AsTrackingNumber => Get();

    public static string AsWithdraw => Get();

    public static string AsQueue => Get();

    public static string AsAll => Get();

    public static string AsOverdueOnly => Get();

    public static string AsOverdue => Get();

    public static string AsDeadline => Get();

    public static string AsRequestedAt => Get();

    public static string AsOrder => Get();

    public static string AsProduct => Get();

    public static string AsStatus => Get();

    public static string AsAmount => Get();

    public static string AsOpen => Get();

    public static string AsApprove => Get();

    public static string AsReject => Get();

    public static string AsReceive => Get();

    public static string AsRestock => Get();

    public static string AsRefund => Get();

    public static string AsShipExchange => Get();

    public static string AsShopper => Get();

    public static string AsOrderTotal => Get();

    public static string AsOrderRefunded => Get();

    public static string AsDone => Get();

    public static string AsAutoApproved => Get();

    public static string AsSettings => Get();

    public static string AsNoReasonDays => Get();

    public static string AsQualityDays => Get();

    public static string AsAnswerHours => Get();

    public static string AsComplaintHours => Get();

    public static string AsThreshold => Get();

    public static string AsThresholdAllocated => Get();

    public static string AsThresholdClawBack => Get();

    public static string AsSave => Get();

    public static string AsSaved => Get();

    public static string AsUnitsRefunded => Get();

    public static string AsUnitsHeld => Get();

    public static string AsRefundShipping => Get();

    public static string AsClawBack => Get();

    public static string AsClawBackLine => Get();

    public static string AsClawBackReturned => Get();

    public static string AsClose => Get();

    public static string AsCloseReason => Get();

    public static string AsCloseReasonTooLong => Get();

    public static string AsKindLabel(AfterSalesKind kind) => Get("AsKind_" + kind);

    public static string AsReasonLabel(AfterSalesReason reason) => Get("AsReason_" + reason);

    public static string AsStatusLabel(AfterSalesStatus status) => Get("AsStatus_" + status);

    public static string AsEventLabel(string kind) =>
        Resources.GetString("AsEvent_" + kind.Replace('-', '_'), System.Globalization.CultureInfo.CurrentUICulture) ?? kind;
}
