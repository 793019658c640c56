using Storefront.Domain.Common;
using Storefront.Domain.Ordering;

namespace Storefront.Domain.AfterSales;

/// <summary>What a 投诉 is about.</summary>
public enum ComplaintKind
{
    Quality,
    Delay,
    Service,
    PromotionNotApplied,
}

public enum ComplaintStatus
{
    /// <summary>Waiting for customer service's first answer.</summary>
    Open,

    /// <summary>Customer service answered; the conversation may go on.</summary>
    Answered,

    Closed,
}

/// <summary>One message of a complaint: from customer service (staff) or the shopper.</summary>
public sealed record ComplaintReply(ActorKind AuthorKind, Guid? AuthorId, string Text, DateTimeOffset At);

/// <summary>
/// A shopper's complaint (投诉) about an order: quality, delay, service, or a promotion that was not applied. Customer
/// service must answer by <see cref="AnswerDueAt"/> (the store's complaint deadline, default 24 h); past it without a staff
/// reply the complaint is overdue. The shopper sees the deadline and every reply. Closed by staff or the shopper; a
/// closed complaint takes no more replies.
/// </summary>
public sealed class Complaint : ITenantOwned
{
    public const int TextMaxLength = 500;

    private Complaint()
    {
    }

    public Guid TenantId { get; private set; }

    public Guid Id { get; private set; }

    public Guid OrderId { get; private set; }

    public string OrderNumber { get; private set; } = "";

    public Guid ShopperId { get; private set; }

    public ComplaintKind Kind { get; private set; }

    public string Text { get; private set; } = "";

    public ComplaintStatus Status { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset AnswerDueAt { get; private set; }

    public DateTimeOffset? FirstAnsweredAt { get; private set; }

    public DateTimeOffset? ClosedAt { get; private set; }

    public string? CloseReason { get; private set; }

    public List<ComplaintReply> Replies { get; private set; } = [];

    /// <summary>When the after-sales job flagged it overdue and told customer service (once).</summary>
    public DateTimeOffset? OverdueFlaggedAt { get; private set; }

    public int Version { get; private set; }

    public static string Label(ComplaintKind kind) => kind switch
    {
        ComplaintKind.Quality => "商品质量",
        ComplaintKind.Delay => "发货/物流延迟",
        ComplaintKind.Service => "服务态度",
        _ => "优惠未生效",
    };

    /// <summary>Customer service has not answered in time.</summary>
    public bool IsOverdue(DateTimeOffset now) => Status == ComplaintStatus.Open && now >= AnswerDueAt;

    /// <summary>
    /// Flags a complaint customer service did not answer by its deadline, once: true when this flagged it (the caller tells
    /// customer service); false when it is not overdue (answered, closed, not due yet) or was flagged already.
    /// </summary>
    public bool FlagOverdue(DateTimeOffset now)
    {
        if (!IsOverdue(now) || OverdueFlaggedAt is not null)
        {
            return false;
        }

        OverdueFlaggedAt = now;
        Version++;
        return true;
    }

    /// <summary>The order's shopper files a complaint about a placed order.</summary>
    public static Complaint File(Order order, ComplaintKind kind, string text, AfterSalesPolicy policy, DateTimeOffset now)
    {
        if (!Enum.IsDefined(kind))
        {
            throw new DomainException("complaint.kind", "请选择投诉类型。");
        }

        if (order.Status == OrderStatus.PendingPayment)
        {
            throw new DomainException("complaint.order", "订单付款后才能投诉。", isConflict: true);
        }

        return new Complaint
        {
            TenantId = order.TenantId,
            Id = Guid.CreateVersion7(now),
            OrderId = order.Id,
            OrderNumber = order.Number,
            ShopperId = order.ShopperId,
            Kind = kind,
            Text = CheckText(text),
            Status = ComplaintStatus.Open,
            CreatedAt = now,
            AnswerDueAt = now + policy.ComplaintAnswerTime,
        };
    }

    /// <summary>A reply from customer service (staff) or from the complaint's shopper; the first staff reply answers it.</summary>
    public void Reply(OrderActor author, string text, DateTimeOffset now)
    {
        if (Status == ComplaintStatus.Closed)
        {
            throw new DomainException("complaint.closed", "投诉已关闭，不能再回复。", isConflict: true);
        }

        if ((author.Kind == ActorKind.Shopper && author.Id != ShopperId) || author.Kind is ActorKind.System or ActorKind.Gateway)
        {
            throw new DomainException("complaint.author", "只有投诉人和客服可以回复。", isConflict: true);
        }

        Replies.Add(new ComplaintReply(author.Kind, author.Id, CheckText(text), now));
        if (author.Kind == ActorKind.Staff && Status == ComplaintStatus.Open)
        {
            Status = ComplaintStatus.Answered;
            FirstAnsweredAt = now;
        }

        Version++;
    }

    /// <summary>Closes the complaint (resolved, or withdrawn by the shopper).</summary>
    public void Close(OrderActor actor, string? reason, DateTimeOffset now)
    {
        if (Status == ComplaintStatus.Closed)
        {
            throw new DomainException("complaint.closed", "投诉已关闭。", isConflict: true);
        }

        if (actor.Kind == ActorKind.Shopper && actor.Id != ShopperId)
        {
            throw new DomainException("complaint.author", "只有投诉人和客服可以关闭投诉。", isConflict: true);
        }

        var text = (reason ?? "").Trim();
        if (text.Length > AfterSalesCase.ReasonMaxLength)
        {
            throw new DomainException("complaint.reason", $"原因不超过 {AfterSalesCase.ReasonMaxLength} 个字符。");
        }

        Status = ComplaintStatus.Closed;
        ClosedAt = now;
        CloseReason = text;
        Version++;
    }

    private static string CheckText(string text)
    {
        text = (text ?? "").Trim();
        if (text.Length is 0 or > TextMaxLength)
        {
            throw new DomainException("complaint.text", $"内容不能为空，且不超过 {TextMaxLength} 个字符。");
        }

        return text;
    }
}
