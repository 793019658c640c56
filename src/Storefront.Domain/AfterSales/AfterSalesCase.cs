using Storefront.Domain.Common;
using Storefront.Domain.Ordering;

namespace Storefront.Domain.AfterSales;

/// <summary>The exchange the shopper wants: another SKU (or the same one again) of the line's product.</summary>
public sealed record ExchangeTarget(Guid ProductId, Guid SkuId, string SpecText);

/// <summary>What the shopper fills in to open a case on one order line.</summary>
public sealed record AfterSalesRequest(
    Guid LineId,
    AfterSalesKind Kind,
    AfterSalesReason Reason,
    int Quantity,
    string? Description,
    IReadOnlyList<string>? Photos,
    ExchangeTarget? Exchange = null);

/// <summary>
/// An after-sales case (售后单) on some units of one order line. Its life (docs/design.md, "After-sales"):
/// <code>
/// 仅退款   Requested --approve / auto-approve--> Approved --refund--> Refunded --close--> Closed
/// 退货退款 Requested --approve (return address)--> AwaitingReturn --receive (restock?)--> Received --refund--> Refunded --close--> Closed
/// 换货     Requested --approve (new SKU reserved)--> AwaitingReturn --receive--> Received --ship exchange--> Exchanged --close--> Closed
/// Requested --reject (reason)--> Rejected --close--> Closed;  Requested --withdraw (shopper)--> Closed
/// </code>
/// Every move is a method that refuses an illegal one (a conflict) and records itself in the timeline with time, actor and
/// reason; <see cref="Version"/> goes up with every change. The merchant must answer by <see cref="AnswerDueAt"/>; a
/// refund-only case not answered by then is approved by the system (<see cref="AutoApproveIfDue"/>).
/// The refund amount and points are quoted when the case opens (<see cref="RefundCalculator"/>), quoted again just before
/// paying (<see cref="Requote"/>), and paid once, under <see cref="RefundIdempotencyKey"/>.
/// </summary>
public sealed class AfterSalesCase : ITenantOwned
{
    public const int DescriptionMaxLength = 500;
    public const int MaxPhotos = 6;
    public const int PhotoKeyMaxLength = 200;
    public const int ReasonMaxLength = 200;
    public const int AddressMaxLength = 200;

    private AfterSalesCase()
    {
    }

    public Guid TenantId { get; private set; }

    public Guid Id { get; private set; }

    public Guid OrderId { get; private set; }

    public string OrderNumber { get; private set; } = "";

    public Guid OrderLineId { get; private set; }

    public Guid ShopperId { get; private set; }

    public Guid ProductId { get; private set; }

    public Guid SkuId { get; private set; }

    public string ProductName { get; private set; } = "";

    public string SpecText { get; private set; } = "";

    public AfterSalesKind Kind { get; private set; }

    public AfterSalesReason Reason { get; private set; }

    public string Description { get; private set; } = "";

    public List<string> Photos { get; private set; } = [];

    public int Quantity { get; private set; }

    public AfterSalesStatus Status { get; private set; }

    public DateTimeOffset RequestedAt { get; private set; }

    /// <summary>When the merchant must have answered (approved or rejected).</summary>
    public DateTimeOffset AnswerDueAt { get; private set; }

    public DateTimeOffset? AnsweredAt { get; private set; }

    public bool AutoApproved { get; private set; }

    public string? RejectReason { get; private set; }

    public DateTimeOffset? WithdrawnAt { get; private set; }

    /// <summary>Where the shopper sends the goods back (returns and exchanges).</summary>
    public string? ReturnAddress { get; private set; }

    public string? ReturnCarrier { get; private set; }

    public string? ReturnTrackingNumber { get; private set; }

    public DateTimeOffset? ReturnShippedAt { get; private set; }

    public DateTimeOffset? ReceivedAt { get; private set; }

    /// <summary>Whether the merchant found the returned goods resellable; only then does stock come back.</summary>
    public bool? Restock { get; private set; }

    public Guid? ExchangeProductId { get; private set; }

    public Guid? ExchangeSkuId { get; private set; }

    public string? ExchangeSpecText { get; private set; }

    /// <summary>When the new SKU was reserved (on approval): the caller reserves one unit per case unit.</summary>
    public DateTimeOffset? ExchangeReservedAt { get; private set; }

    public string? ExchangeCarrier { get; private set; }

    public string? ExchangeTrackingNumber { get; private set; }

    public DateTimeOffset? ExchangeShippedAt { get; private set; }

    /// <summary>The goods part of the refund (after any claw-back).</summary>
    public decimal RefundGoods { get; private set; }

    public decimal RefundShipping { get; private set; }

    /// <summary>
    /// The 满减 the kept units no longer earn, taken off this refund under <see cref="ThresholdPolicy.ClawBack"/>
    /// (<see cref="RefundCalculator"/>); negative when this case gives back what an earlier case clawed back.
    /// </summary>
    public decimal RefundClawBack { get; private set; }

    /// <summary>What is paid back through the gateway: goods + shipping.</summary>
    public decimal RefundAmount { get; private set; }

    public int PointsToReturn { get; private set; }

    public int PointsToReverse { get; private set; }

    /// <summary>This case completes the refund of every unit of the order.</summary>
    public bool WholeOrder { get; private set; }

    /// <summary>The order's coupon comes back when this case is refunded.</summary>
    public bool ReturnsCoupon { get; private set; }

    public DateTimeOffset? RefundedAt { get; private set; }

    public string? RefundReference { get; private set; }

    public DateTimeOffset? ClosedAt { get; private set; }

    public int Version { get; private set; }

    public List<AfterSalesEvent> Events { get; private set; } = [];

    /// <summary>The gateway idempotency key of this case's refund: a repeated request or a retry refunds once.</summary>
    public string RefundIdempotencyKey => $"case:{Id}";

    public bool IsRefundKind => Kind != AfterSalesKind.Exchange;

    /// <summary>The open statuses, for queries (SQL and LINQ) that cannot call <see cref="IsOpenStatus"/>.</summary>
    public static readonly IReadOnlyList<AfterSalesStatus> OpenStatuses = [.. Enum.GetValues<AfterSalesStatus>().Where(IsOpenStatus)];

    /// <summary>Still waiting for someone: requested, approved, awaiting the return, or received.</summary>
    public bool IsOpen => IsOpenStatus(Status);

    /// <summary>The one definition of an open case (an order with one does not auto-complete; its units are held).</summary>
    public static bool IsOpenStatus(AfterSalesStatus status) =>
        status is AfterSalesStatus.Requested or AfterSalesStatus.Approved or AfterSalesStatus.AwaitingReturn or AfterSalesStatus.Received;

    /// <summary>Its units are taken: open, or refunded. A rejected, withdrawn or exchanged case leaves them free.</summary>
    public bool HoldsUnits => IsOpen || RefundedAt is not null;

    /// <summary>What this case takes of the order's refunds, for the next case's quote.</summary>
    public RefundShare Share => new(OrderLineId, Quantity, RefundGoods, RefundAmount, PointsToReturn, PointsToReverse, RefundedAt is not null, RefundClawBack);

    /// <summary>The merchant has not answered in time.</summary>
    public bool IsOverdue(DateTimeOffset now) => Status == AfterSalesStatus.Requested && now >= AnswerDueAt;

    /// <summary>
    /// Opens a case for the order's shopper, checking eligibility (the rules, written down once):
    /// <list type="bullet">
    /// <item>仅退款: while the order is 待发货 (for the line's units not shipped yet), or 已发货 but not received with the
    /// reason 未收到货. Not after receipt: then it is a return.</item>
    /// <item>退货退款 and 换货: only once the order completed, within the window of the reason (quality problems: 质量问题,
    /// 少件/漏发, 发错货 — <see cref="AfterSalesPolicy.QualityDays"/>; others <see cref="AfterSalesPolicy.NoReasonDays"/>),
    /// open until, not including, the completion time plus the days. 未收到货 is not a reason for a return.</item>
    /// <item>Quantity: 1 up to what was bought less the units in this line's other open or refunded cases; while the order is
    /// 待发货, up to the units still to ship (<see cref="OrderLine.UnshippedQuantity"/>) less those in open cases.</item>
    /// <item>换货: to a SKU of the same product only. Description at most 500 characters, at most 6 photos.</item>
    /// </list>
    /// <paramref name="existing"/> are the order's other cases (any state).
    /// </summary>
    public static AfterSalesCase Open(
        Order order,
        AfterSalesRequest request,
        IReadOnlyList<AfterSalesCase> existing,
        AfterSalesPolicy policy,
        DateTimeOffset? couponValidUntil,
        DateTimeOffset now,
        IReadOnlyList<Pricing.OrderPromotionRule>? promotions = null)
    {
        if (existing.Any(c => c.OrderId != order.Id))
        {
            throw new ArgumentException("Only the order's own cases count.", nameof(existing));
        }

        var line = order.Lines.SingleOrDefault(l => l.Id == request.LineId)
            ?? throw new DomainException("aftersales.line", "订单中没有这件商品。");
        if (!Enum.IsDefined(request.Kind) || !Enum.IsDefined(request.Reason))
        {
            throw new DomainException("aftersales.reason", "请选择售后类型和原因。");
        }

        var description = (request.Description ?? "").Trim();
        if (description.Length > DescriptionMaxLength)
        {
            throw new DomainException("aftersales.description", $"问题描述不超过 {DescriptionMaxLength} 个字符。");
        }

        var photos = CheckPhotos(request.Photos, "aftersales.photos");
        CheckEligible(order, request, policy, now);

        // Before shipping, the units still to ship less those in open cases (refunded ones already left the line); after,
        // every unit bought less those in open or refunded cases.
        var held = existing.Where(c => c.OrderLineId == line.Id && c.HoldsUnits).Sum(c => c.Quantity);
        var left = order.Status == OrderStatus.Paid
            ? line.UnshippedQuantity - existing.Where(c => c.OrderLineId == line.Id && c.IsOpen).Sum(c => c.Quantity)
            : line.Quantity - held;
        if (request.Quantity <= 0 || request.Quantity > left)
        {
            throw new DomainException("aftersales.quantity", left <= 0
                ? $"{line.ProductName} 已没有可申请售后的数量（已购 {line.Quantity} 件，{held} 件已在售后中或已退款）。"
                : $"{line.ProductName} 最多可申请 {left} 件（已购 {line.Quantity} 件，{held} 件已在售后中或已退款）。");
        }

        if (request.Kind == AfterSalesKind.Exchange)
        {
            if (request.Exchange is not { } target)
            {
                throw new DomainException("aftersales.exchange", "请选择要换的规格。");
            }

            if (target.ProductId != line.ProductId)
            {
                throw new DomainException("aftersales.exchange-product", "换货只能换同一商品的其他规格，不能换成其他商品。");
            }
        }
        else if (request.Exchange is not null)
        {
            throw new DomainException("aftersales.exchange", "只有换货申请可以选择新规格。");
        }

        var quote = request.Kind == AfterSalesKind.Exchange
            ? RefundQuote.None
            : RefundCalculator.Quote(
                order,
                line,
                request.Quantity,
                [.. existing.Where(c => c.IsRefundKind && c.HoldsUnits).Select(c => c.Share)],
                couponValidUntil,
                now,
                policy.Threshold,
                promotions);

        var @case = new AfterSalesCase
        {
            TenantId = order.TenantId,
            Id = Guid.CreateVersion7(now),
            OrderId = order.Id,
            OrderNumber = order.Number,
            OrderLineId = line.Id,
            ShopperId = order.ShopperId,
            ProductId = line.ProductId,
            SkuId = line.SkuId,
            ProductName = line.ProductName,
            SpecText = line.SpecText,
            Kind = request.Kind,
            Reason = request.Reason,
            Description = description,
            Photos = photos,
            Quantity = request.Quantity,
            Status = AfterSalesStatus.Requested,
            RequestedAt = now,
            AnswerDueAt = now + policy.AnswerTime,
            ExchangeProductId = request.Exchange?.ProductId,
            ExchangeSkuId = request.Exchange?.SkuId,
            ExchangeSpecText = request.Exchange?.SpecText,
        };
        @case.Apply(quote);
        @case.Record("requested", null, AfterSalesStatus.Requested, OrderActor.Shopper(order.ShopperId),
            $"{request.Kind.Label()}·{request.Reason.Label()} ×{request.Quantity}", now);
        return @case;
    }

    private static void CheckEligible(Order order, AfterSalesRequest request, AfterSalesPolicy policy, DateTimeOffset now)
    {
        switch (order.Status)
        {
            case OrderStatus.PendingPayment:
                throw Illegal("open", "订单尚未付款，不能申请售后。");
            case OrderStatus.Cancelled:
                throw Illegal("open", "订单已取消，不能申请售后。");
            case OrderStatus.Paid when request.Kind != AfterSalesKind.RefundOnly:
            case OrderStatus.Shipped when request.Kind != AfterSalesKind.RefundOnly:
                throw Illegal("open", "确认收货后才能申请退货退款或换货；未发货或未收到货可申请仅退款。");
            case OrderStatus.Shipped when request.Reason != AfterSalesReason.NotReceived:
                throw Illegal("open", "订单已发货，仅可因“未收到货”申请仅退款；收到货后请申请退货退款。");
            case OrderStatus.Completed when request.Kind == AfterSalesKind.RefundOnly:
                throw Illegal("open", "订单已确认收货，请申请退货退款或换货。");
            case OrderStatus.Completed when request.Reason == AfterSalesReason.NotReceived:
                throw new DomainException("aftersales.reason", "订单已确认收货，不能以“未收到货”为由申请退货或换货。");
            case OrderStatus.Completed:
                var end = policy.WindowEnd(order.CompletedAt!.Value, request.Reason);
                if (now >= end)
                {
                    var days = policy.WindowDays(request.Reason);
                    var closed = policy.LocalTime(end);
                    throw Illegal("window", request.Reason.IsQualityProblem()
                        ? $"已超过质量问题售后期限（确认收货后 {days} 天，截至 {closed}）。"
                        : $"已超过无理由退换期限（确认收货后 {days} 天，截至 {closed}）。");
                }

                break;
        }
    }

    /// <summary>
    /// Quotes the refund again against the order's cases as they are now (one withdrawn or rejected since, points granted
    /// since): the caller does this under the order's lock just before paying, so the amount paid is right. Only a refund
    /// case not yet refunded; recorded on the timeline when anything changed. <paramref name="others"/>: the order's other cases.
    /// </summary>
    public void Requote(Order order, IReadOnlyList<AfterSalesCase> others, AfterSalesPolicy policy, DateTimeOffset? couponValidUntil, DateTimeOffset now,
        IReadOnlyList<Pricing.OrderPromotionRule>? promotions = null)
    {
        if (order.Id != OrderId || others.Any(c => c.OrderId != OrderId || c.Id == Id))
        {
            throw new ArgumentException("The case's own order and its other cases.", nameof(others));
        }

        if (!IsRefundKind || !IsOpen)
        {
            throw Illegal("requote", "只有未退款的退款申请可以重新计算退款金额。");
        }

        var line = order.Lines.Single(l => l.Id == OrderLineId);
        var quote = RefundCalculator.Quote(
            order,
            line,
            Quantity,
            [.. others.Where(c => c.IsRefundKind && c.HoldsUnits).Select(c => c.Share)],
            couponValidUntil,
            now,
            policy.Threshold,
            promotions);
        var before = RefundAmount;
        if (!Apply(quote))
        {
            return;
        }

        Version++;
        Record("requoted", Status, Status, OrderActor.System, $"{before:0.00} → {RefundAmount:0.00}", now);
    }

    private bool Apply(RefundQuote quote)
    {
        var changed = (RefundGoods, RefundShipping, RefundClawBack, RefundAmount, PointsToReturn, PointsToReverse, WholeOrder, ReturnsCoupon)
            != (quote.Goods, quote.Shipping, quote.ClawBack, quote.Total, quote.PointsReturned, quote.PointsReversed, quote.WholeOrder, quote.ReturnsCoupon);
        (RefundGoods, RefundShipping, RefundClawBack, RefundAmount) = (quote.Goods, quote.Shipping, quote.ClawBack, quote.Total);
        (PointsToReturn, PointsToReverse, WholeOrder, ReturnsCoupon) = (quote.PointsReturned, quote.PointsReversed, quote.WholeOrder, quote.ReturnsCoupon);
        return changed;
    }

    /// <summary>
    /// The merchant approves: a refund-only case waits for the refund; a return or exchange waits for the goods, sent to
    /// <paramref name="returnAddress"/>; an exchange's new SKU is reserved.
    /// </summary>
    public void Approve(OrderActor actor, string? returnAddress, DateTimeOffset now) => DoApprove(actor, returnAddress, now, auto: false);

    /// <summary>
    /// A refund-only case the merchant did not answer by <see cref="AnswerDueAt"/> is approved by the system (the platform
    /// rule that protects shoppers). True when this approved it; false when not due, answered, or not refund-only.
    /// </summary>
    public bool AutoApproveIfDue(DateTimeOffset now)
    {
        if (Kind != AfterSalesKind.RefundOnly || !IsOverdue(now))
        {
            return false;
        }

        DoApprove(OrderActor.System, null, now, auto: true);
        return true;
    }

    private void DoApprove(OrderActor actor, string? returnAddress, DateTimeOffset now, bool auto)
    {
        RequireStatus("approve", "只有待处理的申请可以同意。", AfterSalesStatus.Requested);
        if (Kind == AfterSalesKind.RefundOnly)
        {
            AnsweredAt = now;
            AutoApproved = auto;
            Move(AfterSalesStatus.Approved, auto ? "auto-approved" : "approved", actor, auto ? "商家超时未处理，系统自动同意退款" : "", now);
            return;
        }

        var address = (returnAddress ?? "").Trim();
        if (address.Length is 0 or > AddressMaxLength)
        {
            throw new DomainException("aftersales.return-address", $"请填写退货地址（不超过 {AddressMaxLength} 个字符）。");
        }

        AnsweredAt = now;
        ReturnAddress = address;
        if (Kind == AfterSalesKind.Exchange)
        {
            ExchangeReservedAt = now;
        }

        Move(AfterSalesStatus.AwaitingReturn, "approved", actor, address, now);
    }

    /// <summary>The merchant refuses, with a reason the shopper sees.</summary>
    public void Reject(OrderActor actor, string reason, DateTimeOffset now)
    {
        RequireStatus("reject", "只有待处理的申请可以拒绝。", AfterSalesStatus.Requested);
        reason = CheckReason(reason, "请填写拒绝原因");
        AnsweredAt = now;
        RejectReason = reason;
        Move(AfterSalesStatus.Rejected, "rejected", actor, reason, now);
    }

    /// <summary>The shopper withdraws the application while the merchant has not answered; the case closes.</summary>
    public void Withdraw(OrderActor actor, DateTimeOffset now)
    {
        RequireShopper(actor, "withdraw");
        RequireStatus("withdraw", "商家已处理的申请不能撤销。", AfterSalesStatus.Requested);
        WithdrawnAt = now;
        ClosedAt = now;
        Move(AfterSalesStatus.Closed, "withdrawn", actor, "买家撤销申请", now);
    }

    /// <summary>The shopper enters the return parcel's carrier and tracking number (again, to correct it, until the goods arrive).</summary>
    public void EnterReturnShipment(OrderActor actor, string carrier, string trackingNumber, DateTimeOffset now)
    {
        RequireShopper(actor, "return");
        RequireStatus("return", "商家同意退货后才能填写退货物流。", AfterSalesStatus.AwaitingReturn);
        (carrier, trackingNumber) = CheckParcel(carrier, trackingNumber, "return");
        ReturnCarrier = carrier;
        ReturnTrackingNumber = trackingNumber;
        ReturnShippedAt = now;
        Version++;
        Record("return-shipped", Status, Status, actor, $"{carrier} {trackingNumber}", now);
    }

    /// <summary>The merchant confirms the returned goods arrived, and whether they go back to stock (the caller restocks only then).</summary>
    public void ConfirmReceived(OrderActor actor, bool restock, DateTimeOffset now)
    {
        RequireStatus("receive", "只有待退货的申请可以确认收货。", AfterSalesStatus.AwaitingReturn);
        ReceivedAt = now;
        Restock = restock;
        Move(AfterSalesStatus.Received, "received", actor, restock ? "可二次销售，退回库存" : "不可二次销售，不退回库存", now);
    }

    /// <summary>
    /// The gateway refunded <see cref="RefundAmount"/> under <see cref="RefundIdempotencyKey"/>. True when this moved the case
    /// to 已退款; false when this refund was already booked (a repeated callback changes nothing). Refused: an exchange, a
    /// case not yet approved (refund only) or received (return), or a second, different refund.
    /// </summary>
    public bool MarkRefunded(string refundReference, OrderActor actor, DateTimeOffset now)
    {
        if (RefundedAt is not null && RefundReference == refundReference)
        {
            return false;
        }

        if (RefundedAt is not null)
        {
            throw Illegal("refund", "此售后单已退款。");
        }

        if (Kind == AfterSalesKind.Exchange)
        {
            throw Illegal("refund", "换货申请不退款。");
        }

        RequireStatus("refund", Kind == AfterSalesKind.RefundOnly ? "商家同意后才能退款。" : "商家确认收到退货后才能退款。",
            Kind == AfterSalesKind.RefundOnly ? AfterSalesStatus.Approved : AfterSalesStatus.Received);
        RefundedAt = now;
        RefundReference = refundReference;
        Move(AfterSalesStatus.Refunded, "refunded", actor, $"{RefundAmount:0.00} ({refundReference})", now);
        return true;
    }

    /// <summary>The merchant ships the new SKU of an exchange once the old goods arrived (the reserved unit is deducted).</summary>
    public void ShipExchange(OrderActor actor, string carrier, string trackingNumber, DateTimeOffset now)
    {
        if (Kind != AfterSalesKind.Exchange)
        {
            throw Illegal("ship", "只有换货申请可以发出换货。");
        }

        RequireStatus("ship", "商家确认收到退货后才能发出换货。", AfterSalesStatus.Received);
        (carrier, trackingNumber) = CheckParcel(carrier, trackingNumber, "ship");
        ExchangeCarrier = carrier;
        ExchangeTrackingNumber = trackingNumber;
        ExchangeShippedAt = now;
        Move(AfterSalesStatus.Exchanged, "exchange-shipped", actor, $"{carrier} {trackingNumber}", now);
    }

    /// <summary>Closes a finished case: rejected, refunded or exchanged.</summary>
    public void Close(OrderActor actor, string? reason, DateTimeOffset now)
    {
        RequireStatus("close", "售后尚未结束，不能关闭。", AfterSalesStatus.Rejected, AfterSalesStatus.Refunded, AfterSalesStatus.Exchanged);
        var text = (reason ?? "").Trim();
        if (text.Length > ReasonMaxLength)
        {
            throw new DomainException("aftersales.reason", $"原因不超过 {ReasonMaxLength} 个字符。");
        }

        ClosedAt = now;
        Move(AfterSalesStatus.Closed, "closed", actor, text, now);
    }

    internal static List<string> CheckPhotos(IReadOnlyList<string>? photos, string code)
    {
        var keys = (photos ?? []).Select(p => (p ?? "").Trim()).ToList();
        if (keys.Count > MaxPhotos)
        {
            throw new DomainException(code, $"最多上传 {MaxPhotos} 张图片。");
        }

        if (keys.Any(k => k.Length is 0 or > PhotoKeyMaxLength))
        {
            throw new DomainException(code, "图片无效，请重新上传。");
        }

        return keys;
    }

    private void RequireStatus(string move, string message, params AfterSalesStatus[] allowed)
    {
        if (!allowed.Contains(Status))
        {
            throw Illegal(move, Status == AfterSalesStatus.Closed ? "售后单已关闭。" : message);
        }
    }

    private void RequireShopper(OrderActor actor, string move)
    {
        if (actor.Kind != ActorKind.Shopper || actor.Id != ShopperId)
        {
            throw new DomainException($"aftersales.{move}", "只有申请人可以这样做。", isConflict: true);
        }
    }

    private static string CheckReason(string reason, string message)
    {
        reason = (reason ?? "").Trim();
        if (reason.Length is 0 or > ReasonMaxLength)
        {
            throw new DomainException("aftersales.reason", $"{message}（不超过 {ReasonMaxLength} 个字符）。");
        }

        return reason;
    }

    private static (string Carrier, string Tracking) CheckParcel(string carrier, string trackingNumber, string move)
    {
        carrier = (carrier ?? "").Trim();
        trackingNumber = (trackingNumber ?? "").Trim();
        if (carrier.Length is 0 or > Shipment.CarrierMaxLength)
        {
            throw new DomainException($"aftersales.{move}-carrier", "请填写快递公司。");
        }

        if (trackingNumber.Length is < 4 or > Shipment.TrackingMaxLength)
        {
            throw new DomainException($"aftersales.{move}-tracking", "请填写正确的快递单号。");
        }

        return (carrier, trackingNumber);
    }

    private void Move(AfterSalesStatus to, string kind, OrderActor actor, string reason, DateTimeOffset now)
    {
        var from = Status;
        Status = to;
        Version++;
        Record(kind, from, to, actor, reason, now);
    }

    private void Record(string kind, AfterSalesStatus? from, AfterSalesStatus? to, OrderActor actor, string reason, DateTimeOffset now) =>
        Events.Add(AfterSalesEvent.Create(this, kind, from, to, actor, reason, now));

    private static DomainException Illegal(string move, string message) => new($"aftersales.{move}", message, isConflict: true);
}
