using Storefront.Domain.AfterSales;
using Storefront.Domain.Ordering;

namespace Storefront.Web.Features.AfterSales;

/// <summary>An after-sales case as the shopper and the staff see it: what was asked, where it is, the money, the parcels and the timeline.</summary>
public sealed record CaseView(
    Guid Id, string OrderNumber, Guid OrderLineId, string ProductName, string SpecText, AfterSalesKind Kind, AfterSalesReason Reason,
    string Description, IReadOnlyList<string> Photos, int Quantity, AfterSalesStatus Status, DateTimeOffset RequestedAt, DateTimeOffset AnswerDueAt,
    bool Overdue, DateTimeOffset? AnsweredAt, bool AutoApproved, string? RejectReason, string? ReturnAddress, string? ReturnCarrier,
    string? ReturnTrackingNumber, DateTimeOffset? ReturnShippedAt, DateTimeOffset? ReceivedAt, bool? Restock, Guid? ExchangeSkuId,
    string? ExchangeSpecText, string? ExchangeCarrier, string? ExchangeTrackingNumber, DateTimeOffset? ExchangeShippedAt,
    decimal RefundGoods, decimal RefundShipping, decimal RefundClawBack, decimal RefundAmount, int PointsToReturn, int PointsToReverse,
    bool ReturnsCoupon, DateTimeOffset? RefundedAt, string? RefundReference, DateTimeOffset? ClosedAt, int Version,
    IReadOnlyList<CaseEventView> Timeline)
{
    public bool IsOpen => AfterSalesCase.IsOpenStatus(Status);

    public bool CanWithdraw => Status == AfterSalesStatus.Requested;

    public bool CanEnterReturn => Status == AfterSalesStatus.AwaitingReturn;

    public bool CanApprove => Status == AfterSalesStatus.Requested;

    public bool CanReceive => Status == AfterSalesStatus.AwaitingReturn;

    public bool CanRefund => (Kind == AfterSalesKind.RefundOnly && Status == AfterSalesStatus.Approved)
        || (Kind == AfterSalesKind.ReturnAndRefund && Status == AfterSalesStatus.Received);

    public bool CanShipExchange => Kind == AfterSalesKind.Exchange && Status == AfterSalesStatus.Received;

    public bool CanClose => Status is AfterSalesStatus.Rejected or AfterSalesStatus.Refunded or AfterSalesStatus.Exchanged;

    /// <summary>Entries of the same instant in the order they happen in a case's life.</summary>
    private static int Rank(string kind) => kind switch
    {
        "requested" => 0,
        "approved" or "auto-approved" or "rejected" or "withdrawn" => 1,
        "return-shipped" => 2,
        "received" => 3,
        "requoted" => 4,
        "refunded" or "exchange-shipped" => 5,
        _ => 6,
    };

    public static CaseView From(AfterSalesCase c, DateTimeOffset now) => new(
        c.Id, c.OrderNumber, c.OrderLineId, c.ProductName, c.SpecText, c.Kind, c.Reason, c.Description, [.. c.Photos], c.Quantity, c.Status,
        c.RequestedAt, c.AnswerDueAt, c.IsOverdue(now), c.AnsweredAt, c.AutoApproved, c.RejectReason, c.ReturnAddress, c.ReturnCarrier,
        c.ReturnTrackingNumber, c.ReturnShippedAt, c.ReceivedAt, c.Restock, c.ExchangeSkuId, c.ExchangeSpecText, c.ExchangeCarrier,
        c.ExchangeTrackingNumber, c.ExchangeShippedAt, c.RefundGoods, c.RefundShipping, c.RefundClawBack, c.RefundAmount, c.PointsToReturn,
        c.PointsToReverse, c.ReturnsCoupon, c.RefundedAt, c.RefundReference, c.ClosedAt, c.Version,
        [.. c.Events.OrderBy(e => e.At)
            .ThenBy(e => Rank(e.Kind))
            .ThenBy(e => e.Id)
            .Select(e => new CaseEventView(e.At, e.Kind, e.FromStatus, e.ToStatus, e.ActorKind, e.Reason))]);
}

public sealed record CaseEventView(DateTimeOffset At, string Kind, AfterSalesStatus? From, AfterSalesStatus? To, ActorKind ActorKind, string Reason);

/// <summary>One line of a case list (mine, or the staff queue).</summary>
public sealed record CaseSummary(
    Guid Id, string OrderNumber, Guid OrderLineId, string ProductName, string SpecText, AfterSalesKind Kind, AfterSalesReason Reason, int Quantity,
    AfterSalesStatus Status, DateTimeOffset RequestedAt, DateTimeOffset AnswerDueAt, bool Overdue, decimal RefundAmount, DateTimeOffset? RefundedAt)
{
    public bool IsOpen => AfterSalesCase.IsOpenStatus(Status);

    public static CaseSummary From(AfterSalesCase c, DateTimeOffset now) => new(
        c.Id, c.OrderNumber, c.OrderLineId, c.ProductName, c.SpecText, c.Kind, c.Reason, c.Quantity, c.Status, c.RequestedAt, c.AnswerDueAt,
        c.IsOverdue(now), c.RefundAmount, c.RefundedAt);
}
