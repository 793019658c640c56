using Storefront.Domain.AfterSales;
using Storefront.Domain.Ordering;

namespace Storefront.Web.Features.AfterSales;

/// <summary>A complaint as its shopper and customer service see it: kind, text, deadline, overdue or not, every reply.</summary>
public sealed record ComplaintView(
    Guid Id, string OrderNumber, ComplaintKind Kind, string KindLabel, string Text, ComplaintStatus Status, DateTimeOffset CreatedAt,
    DateTimeOffset AnswerDueAt, bool Overdue, DateTimeOffset? FirstAnsweredAt, DateTimeOffset? ClosedAt, string? CloseReason,
    IReadOnlyList<ComplaintView.Reply> Replies, DateTimeOffset? OverdueFlaggedAt)
{
    public sealed record Reply(ActorKind AuthorKind, string Text, DateTimeOffset At);

    public bool CanReply => Status != ComplaintStatus.Closed;

    public static ComplaintView Of(Complaint c, DateTimeOffset now) => new(
        c.Id, c.OrderNumber, c.Kind, KindText(c.Kind), c.Text, c.Status, c.CreatedAt, c.AnswerDueAt, c.IsOverdue(now), c.FirstAnsweredAt,
        c.ClosedAt, c.CloseReason, [.. c.Replies.OrderBy(r => r.At).Select(r => new Reply(r.AuthorKind, r.Text, r.At))], c.OverdueFlaggedAt);

    public static string KindText(ComplaintKind kind) => kind switch
    {
        ComplaintKind.Quality => AfterSalesText.ComplaintKindQuality,
        ComplaintKind.Delay => AfterSalesText.ComplaintKindDelay,
        ComplaintKind.Service => AfterSalesText.ComplaintKindService,
        _ => AfterSalesText.ComplaintKindPromotionNotApplied,
    };

    public static string StatusText(ComplaintStatus status) => status switch
    {
        ComplaintStatus.Open => AfterSalesText.ComplaintStatusOpen,
        ComplaintStatus.Answered => AfterSalesText.ComplaintStatusAnswered,
        _ => AfterSalesText.ComplaintStatusClosed,
    };
}
