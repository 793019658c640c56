namespace Storefront.Domain.AfterSales;

/// <summary>What the shopper asks for: 仅退款 refund only, 退货退款 return and refund, 换货 exchange.</summary>
public enum AfterSalesKind
{
    RefundOnly,
    ReturnAndRefund,
    Exchange,
}

/// <summary>
/// Where a case is (docs/design.md): Requested → Approved / Rejected → (AwaitingReturn → Received) → Refunded / Exchanged → Closed.
/// A refund-only case goes Requested → Approved → Refunded; a return or an exchange goes Requested → AwaitingReturn
/// (approving it asks the shopper to send the goods back) → Received → Refunded / Exchanged. A withdrawn case is Closed.
/// </summary>
public enum AfterSalesStatus
{
    Requested,
    Approved,
    Rejected,
    AwaitingReturn,
    Received,
    Refunded,
    Exchanged,
    Closed,
}

/// <summary>Why the shopper asks (a fixed list; see <see cref="AfterSalesReasons"/> for labels and which are quality problems).</summary>
public enum AfterSalesReason
{
    NoReason,
    QualityProblem,
    MissingItems,
    NotReceived,
    WrongItem,
    Other,
}

public static class AfterSalesReasons
{
    public static string Label(this AfterSalesReason reason) => reason switch
    {
        AfterSalesReason.NoReason => "七天无理由",
        AfterSalesReason.QualityProblem => "质量问题",
        AfterSalesReason.MissingItems => "少件/漏发",
        AfterSalesReason.NotReceived => "未收到货",
        AfterSalesReason.WrongItem => "发错货",
        _ => "其他",
    };

    /// <summary>
    /// The merchant's fault, with the longer quality window (default 15 days): 质量问题, 少件/漏发 and 发错货. 七天无理由 and
    /// 其他 take the no-reason window (default 7 days); 未收到货 only opens a refund-only case before receipt.
    /// </summary>
    public static bool IsQualityProblem(this AfterSalesReason reason) =>
        reason is AfterSalesReason.QualityProblem or AfterSalesReason.MissingItems or AfterSalesReason.WrongItem;

    public static string Label(this AfterSalesKind kind) => kind switch
    {
        AfterSalesKind.RefundOnly => "仅退款",
        AfterSalesKind.ReturnAndRefund => "退货退款",
        _ => "换货",
    };

    public static string Label(this AfterSalesStatus status) => status switch
    {
        AfterSalesStatus.Requested => "待商家处理",
        AfterSalesStatus.Approved => "商家已同意",
        AfterSalesStatus.Rejected => "商家已拒绝",
        AfterSalesStatus.AwaitingReturn => "待买家退货",
        AfterSalesStatus.Received => "商家已收货",
        AfterSalesStatus.Refunded => "已退款",
        AfterSalesStatus.Exchanged => "换货已发出",
        _ => "已关闭",
    };
}
