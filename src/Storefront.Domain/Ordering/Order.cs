using Storefront.Domain.Common;
using Storefront.Domain.Ordering.Risk;
using Storefront.Domain.Pricing;

namespace Storefront.Domain.Ordering;

/// <summary>
/// An order and its life (docs/design.md, "Orders"):
/// 待付款 PendingPayment --pay--> 待发货 Paid --ship (all lines)--> 已发货 Shipped --confirm / auto--> 已完成 Completed;
/// PendingPayment --cancel / payment timeout--> 已取消 Cancelled; Paid (nothing shipped yet) --cancel--> Cancelled with a
/// full refund. Every move is a method here that refuses an illegal one and records itself in the timeline with time,
/// actor and reason. <see cref="Version"/> goes up with every change, so two writers racing on one order (a payment
/// callback and the payment timeout, say) cannot both win.
/// </summary>
public sealed class Order : ITenantOwned
{
    public const int NoteMaxLength = 200;
    public const int ReasonMaxLength = 200;
    public const int MaxLines = 100;
    public const int MaxQuantityPerLine = 999;

    private Order()
    {
    }

    public Guid TenantId { get; private set; }

    public Guid Id { get; private set; }

    /// <summary>Human-readable and unique in the store: the Beijing date and a sequence of the day, e.g. 20261130000042.</summary>
    public string Number { get; private set; } = "";

    public Guid ShopperId { get; private set; }

    public OrderStatus Status { get; private set; }

    public ShippingAddress Address { get; private set; } = null!;

    public Guid? ShippingTemplateId { get; private set; }

    public string ShippingMethod { get; private set; } = "";

    public decimal Subtotal { get; private set; }

    public decimal Discount { get; private set; }

    public decimal ShippingFee { get; private set; }

    /// <summary>What the shopper pays: <see cref="Subtotal"/> − <see cref="Discount"/> + <see cref="ShippingFee"/>.</summary>
    public decimal Total { get; private set; }

    public List<Adjustment> Adjustments { get; private set; } = [];

    public string Note { get; private set; } = "";

    /// <summary>The shopper's coupon (<see cref="Promotions.ShopperCoupon"/>) this order used.</summary>
    public Guid? ShopperCouponId { get; private set; }

    /// <summary>Points spent on the order, and the yuan they paid.</summary>
    public int PointsUsed { get; private set; }

    public decimal PointsDeduction { get; private set; }

    /// <summary>The member tier priced in, and its points multiplier (points are earned when the order completes).</summary>
    public Guid? MemberTierId { get; private set; }

    public decimal PointsMultiplier { get; private set; } = 1m;

    /// <summary>Points granted when the order completed (reversed in proportion on refunds).</summary>
    public int PointsEarned { get; private set; }

    /// <summary>The key the shopper's client sent with the placing request; the same key again gives this order back.</summary>
    public string? IdempotencyKey { get; private set; }

    public DateTimeOffset PlacedAt { get; private set; }

    public DateTimeOffset PaymentDueAt { get; private set; }

    public DateTimeOffset? PaidAt { get; private set; }

    public string? PaymentReference { get; private set; }

    public DateTimeOffset? ShippedAt { get; private set; }

    public DateTimeOffset? AutoConfirmAt { get; private set; }

    public DateTimeOffset? CompletedAt { get; private set; }

    public DateTimeOffset? CancelledAt { get; private set; }

    public string? CancelReason { get; private set; }

    public decimal RefundedAmount { get; private set; }

    public int Version { get; private set; }

    /// <summary>风控: the sum of the rules' points when the order was placed, and the rules that gave them (<see cref="RiskRules"/>).</summary>
    public int RiskScore { get; private set; }

    public List<RiskReason> RiskReasons { get; private set; } = [];

    /// <summary>Held for review (待审核) beside the status: a pending order does not ship until staff approve it.</summary>
    public RiskReview RiskReview { get; private set; }

    public List<OrderLine> Lines { get; private set; } = [];

    public List<OrderEvent> Events { get; private set; } = [];

    public List<Shipment> Shipments { get; private set; } = [];

    /// <summary>A new order awaiting payment, priced by <paramref name="quote"/> (one line per item, in the same order).</summary>
    public static Order Place(
        Guid tenantId,
        string number,
        Guid shopperId,
        ShippingAddress address,
        ShippingTemplate? shipping,
        IReadOnlyList<OrderItem> items,
        PriceQuote quote,
        string? note,
        string? idempotencyKey,
        TimeSpan paymentTimeout,
        DateTimeOffset now)
    {
        if (items.Count == 0)
        {
            throw new DomainException("order.empty", "没有要结算的商品。");
        }

        if (items.Count > MaxLines)
        {
            throw new DomainException("order.lines", $"一个订单最多 {MaxLines} 种商品。");
        }

        if (items.Count != quote.Lines.Count)
        {
            throw new ArgumentException("The quote must price every item.", nameof(quote));
        }

        if (items.Any(i => i.Quantity is <= 0 or > MaxQuantityPerLine))
        {
            throw new DomainException("order.quantity", $"每件商品的数量为 1–{MaxQuantityPerLine}。");
        }

        note = (note ?? "").Trim();
        if (note.Length > NoteMaxLength)
        {
            throw new DomainException("order.note", $"订单备注不超过 {NoteMaxLength} 个字符。");
        }

        var order = new Order
        {
            TenantId = tenantId,
            Id = Guid.CreateVersion7(now),
            Number = number,
            ShopperId = shopperId,
            Status = OrderStatus.PendingPayment,
            Address = address,
            ShippingTemplateId = shipping?.Id,
            ShippingMethod = shipping?.Name ?? "",
            Subtotal = quote.Subtotal,
            Discount = quote.Discount,
            ShippingFee = quote.ShippingFee,
            Total = quote.Total,
            Adjustments = [.. quote.OrderAdjustments],
            Note = note,
            ShopperCouponId = quote.CouponId,
            PointsUsed = quote.PointsUsed,
            PointsDeduction = quote.PointsDeduction,
            MemberTierId = quote.MemberTierId,
            PointsMultiplier = quote.PointsMultiplier,
            IdempotencyKey = string.IsNullOrWhiteSpace(idempotencyKey) ? null : idempotencyKey.Trim(),
            PlacedAt = now,
            PaymentDueAt = now + paymentTimeout,
        };
        order.Lines.AddRange(items.Select((item, i) => OrderLine.Create(tenantId, order.Id, i + 1, item, quote.Lines[i], now)));
        order.Record("placed", null, OrderStatus.PendingPayment, order.ShopperActor, "", now);
        return order;
    }

    private OrderActor ShopperActor => OrderActor.Shopper(ShopperId);

    /// <summary>Records the 风控 score of a new order; a held one waits for review (a staff-only timeline entry says why).</summary>
    public void AssessRisk(RiskAssessment assessment, DateTimeOffset now)
    {
        RiskScore = assessment.Score;
        RiskReasons = [.. assessment.Reasons];
        if (assessment.Held)
        {
            RiskReview = RiskReview.Pending;
            Record("risk-held", Status, Status, OrderActor.System, $"{assessment.Score}", now, isInternal: true);
        }
    }

    /// <summary>Staff approve a held order: it may ship now. Refused (409) unless the order is held and not cancelled.</summary>
    public void ApproveRisk(OrderActor staff, DateTimeOffset now)
    {
        if (RiskReview != RiskReview.Pending || Status == OrderStatus.Cancelled)
        {
            throw new DomainException("order.risk-approve", "订单不在待审核中。", isConflict: true);
        }

        RiskReview = RiskReview.Approved;
        Record("risk-approved", Status, Status, staff, "", now, isInternal: true);
        Version++;
    }

    /// <summary>
    /// The gateway says the shopper paid <paramref name="amount"/>. True when this moved the order to 待发货; false when
    /// this payment was already booked (a repeated callback changes nothing). Refused: a different amount, or an order
    /// that can no longer be paid (cancelled, or paid by another payment).
    /// </summary>
    public bool MarkPaid(decimal amount, string paymentReference, DateTimeOffset now)
    {
        if (Status != OrderStatus.PendingPayment && PaymentReference == paymentReference)
        {
            return false;
        }

        if (Status != OrderStatus.PendingPayment)
        {
            throw Illegal("pay", "订单当前状态不能付款。");
        }

        if (amount != Total)
        {
            throw new DomainException("payment.amount", $"支付金额 {amount:0.00} 与订单应付金额 {Total:0.00} 不符。");
        }

        PaidAt = now;
        PaymentReference = paymentReference;
        Move(OrderStatus.Paid, "paid", OrderActor.Gateway, "", now);
        return true;
    }

    /// <summary>
    /// May the shopper be sent to pay now? Only an order awaiting payment whose payment time has not run out; refused
    /// as a conflict otherwise (the order moved on, or the payment timeout will cancel it).
    /// </summary>
    public void EnsurePayable(DateTimeOffset now)
    {
        if (Status != OrderStatus.PendingPayment)
        {
            throw Illegal("pay", Status switch
            {
                OrderStatus.Cancelled => "订单已取消，不能付款。",
                _ => "订单已付款。",
            });
        }

        if (now >= PaymentDueAt)
        {
            throw Illegal("pay", "订单已超过支付时间，不能付款。");
        }
    }

    /// <summary>
    /// The gateway took a payment this order could not accept (it was cancelled, by its shopper or the payment timeout,
    /// or paid by another payment): the money went straight back. Recorded in the timeline; the order does not move, and
    /// <see cref="RefundedAmount"/> (what was refunded of this order's own payment) is untouched.
    /// </summary>
    public void RecordReturnedPayment(decimal amount, string paymentReference, string refundReference, DateTimeOffset now)
    {
        Record("payment-returned", Status, Status, OrderActor.Gateway, $"{amount:0.00} ({paymentReference} → {refundReference})", now);
        Version++;
    }

    /// <summary>
    /// Cancels the order. An unpaid order can be cancelled by its shopper, by staff or by the payment timeout; a paid one
    /// only before anything shipped, and then the whole amount is owed back (<see cref="RefundDue"/>). The reserved stock
    /// of every line goes back: the caller releases it.
    /// </summary>
    public void Cancel(OrderActor actor, string reason, DateTimeOffset now)
    {
        reason = (reason ?? "").Trim();
        if (reason.Length > ReasonMaxLength)
        {
            throw new DomainException("order.reason", $"取消原因不超过 {ReasonMaxLength} 个字符。");
        }

        switch (Status)
        {
            case OrderStatus.PendingPayment:
                break;
            case OrderStatus.Paid when Shipments.Count == 0 && actor.Kind is ActorKind.Staff or ActorKind.System:
                break;
            case OrderStatus.Paid when Shipments.Count == 0:
                throw Illegal("cancel", "订单已付款，请联系商家取消并退款。");
            case OrderStatus.Paid:
                throw Illegal("cancel", "订单已部分发货，不能取消。");
            default:
                throw Illegal("cancel", Status switch
                {
                    OrderStatus.Shipped => "订单已发货，不能取消。",
                    OrderStatus.Completed => "订单已完成，不能取消。",
                    _ => "订单已取消。",
                });
        }

        CancelledAt = now;
        CancelReason = reason;
        if (RiskReview == RiskReview.Pending)
        {
            RiskReview = RiskReview.Cancelled;
        }

        Move(OrderStatus.Cancelled, "cancelled", actor, reason, now);
    }

    /// <summary>The payment timeout has passed on an unpaid order: it is cancelled and its stock released. False when not due.</summary>
    public bool ExpireIfUnpaid(DateTimeOffset now)
    {
        if (Status != OrderStatus.PendingPayment || now < PaymentDueAt)
        {
            return false;
        }

        Cancel(OrderActor.System, "支付超时，订单自动取消", now);
        return true;
    }

    /// <summary>What is still owed back to the shopper: everything paid, once the paid order is cancelled.</summary>
    public decimal RefundDue => Status == OrderStatus.Cancelled && PaidAt is not null ? Total - RefundedAmount : 0m;

    public void RecordRefund(decimal amount, string reference, OrderActor actor, DateTimeOffset now)
    {
        if (amount <= 0 || amount > Total - RefundedAmount)
        {
            throw new DomainException("refund.amount", $"退款金额不能超过可退的 {Total - RefundedAmount:0.00}。");
        }

        RefundedAmount += amount;
        Record("refunded", Status, Status, actor, $"{amount:0.00} ({reference})", now);
        Version++;
    }

    /// <summary>The reason recorded when an order is cancelled because every unit was refunded before shipping.</summary>
    public const string FullyRefundedReason = "全部退款";

    /// <summary>
    /// Some units of a line that have not shipped were refunded (a 仅退款 case paid while the order is 待发货): they leave the
    /// order. They are no longer shipped (<see cref="OrderLine.UnshippedQuantity"/> goes down; the caller releases their
    /// reserved stock). When no unit is left to ship: with nothing shipped at all the order is cancelled (已取消, reason
    /// <see cref="FullyRefundedReason"/>; the refund already went back through the cases, so <see cref="RefundDue"/> is
    /// what is still owed, normally 0); with some parcels shipped it moves on to 已发货 now, auto-confirm due
    /// <paramref name="autoConfirmAfter"/> later, as if the last parcel had just left. Refused (a conflict): an order that
    /// is not 待发货, or more units than the line still has to ship.
    /// </summary>
    public void RefundUnshippedUnits(Guid lineId, int quantity, OrderActor actor, TimeSpan autoConfirmAfter, DateTimeOffset now)
    {
        if (Status != OrderStatus.Paid)
        {
            throw Illegal("refund-units", "只有待发货的订单可以退掉未发货的商品。");
        }

        var line = Lines.SingleOrDefault(l => l.Id == lineId)
            ?? throw new DomainException("refund.line", "订单中没有这件商品。");
        if (quantity <= 0 || quantity > line.UnshippedQuantity)
        {
            throw new DomainException("refund.units", $"{line.ProductName} 未发货的只有 {line.UnshippedQuantity} 件。", isConflict: true);
        }

        line.RefundUnshipped(quantity);
        Record("units-refunded", Status, Status, actor, $"{line.ProductName} ×{quantity}", now);
        Version++;
        if (Lines.Any(l => l.UnshippedQuantity > 0))
        {
            return;
        }

        if (Shipments.Count == 0)
        {
            CancelledAt = now;
            CancelReason = FullyRefundedReason;
            Move(OrderStatus.Cancelled, "cancelled", actor, FullyRefundedReason, now);
        }
        else
        {
            ShippedAt = now;
            AutoConfirmAt = now + autoConfirmAfter;
            Move(OrderStatus.Shipped, "shipped", actor, "其余商品已退款", now);
        }
    }

    /// <summary>
    /// Ships one parcel with some units of some lines (several parcels, partial shipment). The order is 已发货 when its
    /// last unit ships; auto-confirmation is due <paramref name="autoConfirmAfter"/> later. The caller deducts the shipped
    /// units from stock (on hand and reserved). <paramref name="held"/>: units per line that may not ship now (the shopper
    /// asked for a refund of them before shipping and the case is still open); an empty parcel ships everything else.
    /// </summary>
    public Shipment Ship(
        string carrier, string trackingNumber, IReadOnlyList<ShipmentLine> parcel, OrderActor actor, TimeSpan autoConfirmAfter, DateTimeOffset now,
        IReadOnlyDictionary<Guid, int>? held = null)
    {
        if (Status != OrderStatus.Paid)
        {
            throw Illegal("ship", Status == OrderStatus.PendingPayment ? "订单未付款，不能发货。" : "订单当前状态不能发货。");
        }

        if (RiskReview == RiskReview.Pending)
        {
            throw Illegal("ship-held", "订单待风控审核，审核通过后才能发货。");
        }

        carrier = (carrier ?? "").Trim();
        trackingNumber = (trackingNumber ?? "").Trim();
        if (carrier.Length is 0 or > Shipment.CarrierMaxLength)
        {
            throw new DomainException("ship.carrier", "请填写快递公司。");
        }

        if (trackingNumber.Length is < 4 or > Shipment.TrackingMaxLength)
        {
            throw new DomainException("ship.tracking", "请填写正确的快递单号。");
        }

        int Held(OrderLine line) => Math.Clamp(held?.GetValueOrDefault(line.Id) ?? 0, 0, line.UnshippedQuantity);
        List<ShipmentLine> lines = parcel.Count == 0
            ? [.. Lines.Where(l => l.UnshippedQuantity - Held(l) > 0).Select(l => new ShipmentLine(l.Id, l.UnshippedQuantity - Held(l)))]
            : [.. parcel.GroupBy(p => p.LineId).Select(g => new ShipmentLine(g.Key, g.Sum(p => p.Quantity)))];
        foreach (var part in lines)
        {
            var line = Lines.SingleOrDefault(l => l.Id == part.LineId)
                ?? throw new DomainException("ship.line", "包裹中有不属于此订单的商品。");
            if (part.Quantity <= 0 || part.Quantity > line.UnshippedQuantity)
            {
                throw new DomainException("ship.quantity", $"{line.ProductName} 还可发货 {line.UnshippedQuantity} 件。");
            }

            if (part.Quantity > line.UnshippedQuantity - Held(line))
            {
                throw new DomainException(
                    "ship.held",
                    $"{line.ProductName} 有 {Held(line)} 件在买家的退款申请中，请先处理售后（还可发货 {line.UnshippedQuantity - Held(line)} 件）。",
                    isConflict: true);
            }
        }

        if (lines.Count == 0)
        {
            throw new DomainException("ship.empty", "包裹中没有商品。");
        }

        foreach (var part in lines)
        {
            Lines.Single(l => l.Id == part.LineId).Ship(part.Quantity);
        }

        var shipment = Shipment.Create(this, carrier, trackingNumber, lines, actor.Id, now);
        Shipments.Add(shipment);
        if (Lines.All(l => l.UnshippedQuantity == 0))
        {
            ShippedAt = now;
            AutoConfirmAt = now + autoConfirmAfter;
            Move(OrderStatus.Shipped, "shipped", actor, $"{carrier} {trackingNumber}", now);
        }
        else
        {
            Record("parcel", Status, Status, actor, $"{carrier} {trackingNumber}", now);
            Version++;
        }

        return shipment;
    }

    /// <summary>The shopper confirms receipt (确认收货) of a shipped order.</summary>
    public void ConfirmReceipt(OrderActor actor, DateTimeOffset now)
    {
        if (Status != OrderStatus.Shipped)
        {
            throw Illegal("confirm", Status == OrderStatus.Completed ? "订单已确认收货。" : "订单尚未发货，不能确认收货。");
        }

        CompletedAt = now;
        Move(OrderStatus.Completed, "completed", actor, "", now);
    }

    /// <summary>The auto-confirm period after shipping has passed: the order completes. False when not due.</summary>
    public bool AutoCompleteIfDue(DateTimeOffset now)
    {
        if (Status != OrderStatus.Shipped || AutoConfirmAt is not { } due || now < due)
        {
            return false;
        }

        CompletedAt = now;
        Move(OrderStatus.Completed, "completed", OrderActor.System, "超时自动确认收货", now);
        return true;
    }

    /// <summary>Records the points granted for the completed order (once; 0 is allowed and final).</summary>
    public void GrantPoints(int points, DateTimeOffset now)
    {
        if (Status != OrderStatus.Completed)
        {
            throw Illegal("points", "订单完成后才发放积分。");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(points);
        if (PointsEarned == 0 && points > 0)
        {
            PointsEarned = points;
            Record("points", Status, Status, OrderActor.System, $"{points}", now, isInternal: true);
            Version++;
        }
    }

    /// <summary>A staff note (备注) on the order, seen by staff only.</summary>
    public void AddNote(OrderActor staff, string text, DateTimeOffset now)
    {
        text = (text ?? "").Trim();
        if (text.Length is 0 or > NoteMaxLength)
        {
            throw new DomainException("order.note", $"备注不能为空，且不超过 {NoteMaxLength} 个字符。");
        }

        Record("note", null, null, staff, text, now, isInternal: true);
        Version++;
    }

    private void Move(OrderStatus to, string kind, OrderActor actor, string reason, DateTimeOffset now)
    {
        var from = Status;
        Status = to;
        Version++;
        Record(kind, from, to, actor, reason, now);
    }

    private void Record(string kind, OrderStatus? from, OrderStatus? to, OrderActor actor, string reason, DateTimeOffset now, bool isInternal = false) =>
        Events.Add(OrderEvent.Create(this, kind, from, to, actor, reason, now, isInternal));

    private static DomainException Illegal(string move, string message) => new($"order.{move}", message, isConflict: true);
}
