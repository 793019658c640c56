using Storefront.Domain.Common;
using Storefront.Domain.Tenancy;

namespace Storefront.Domain.AfterSales;

/// <summary>
/// What a store does when a refund takes an order below a 满减 threshold it reached (say 满200减50, and the shopper
/// returns one of two ¥120 items).
/// <list type="bullet">
/// <item><see cref="RefundAllocated"/> (default, no claw-back): the refund is the returned units' allocated paid amount
/// (their share of the 满减 taken off), and the shopper keeps the discount on what they keep. Simple, and what the
/// shopper was shown on the order.</item>
/// <item><see cref="ClawBack"/>: the caller reprices the units the shopper keeps with the pricing engine; the discount the
/// kept units no longer earn (old discount on them − new one, never below 0) is deducted from the refund
/// (<c>clawBack</c> of <see cref="RefundCalculator.Quote"/>), and the case shows it.</item>
/// </list>
/// </summary>
public enum ThresholdPolicy
{
    RefundAllocated,
    ClawBack,
}

/// <summary>
/// A store's after-sales settings (售后设置), kept on the store: the no-reason window after receipt (七天无理由, days), the
/// quality-problem window (days), how long the merchant has to answer a case (hours; a refund-only case not answered in
/// time is approved automatically), how long customer service has to answer a complaint (hours), and the 满减 policy.
/// Windows count from the moment the order completed (确认收货 or auto-confirmation) and are open until, not including,
/// that moment plus the days.
/// </summary>
public sealed record AfterSalesPolicy(
    int NoReasonDays,
    int QualityDays,
    int AnswerHours,
    int ComplaintAnswerHours,
    ThresholdPolicy Threshold = ThresholdPolicy.RefundAllocated)
{
    public static readonly AfterSalesPolicy Default = new(7, 15, 48, 24);

    /// <summary>The store's time zone (IANA id), in which a refusal states when a window closed.</summary>
    public string TimeZoneId { get; init; } = StoreTimeZone.Default;

    /// <summary>An instant as the store's clock shows it, to the second (yyyy-MM-dd HH:mm:ss).</summary>
    public string LocalTime(DateTimeOffset at) =>
        StoreTimeZone.ToLocal(at, StoreTimeZone.Find(TimeZoneId)).ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);

    public void Validate()
    {
        if (NoReasonDays is < 0 or > 90)
        {
            throw new DomainException("aftersales.no-reason-days", "无理由退货期限为 0–90 天。");
        }

        if (QualityDays < NoReasonDays || QualityDays > 365)
        {
            throw new DomainException("aftersales.quality-days", "质量问题售后期限为 0–365 天，且不短于无理由退货期限。");
        }

        if (AnswerHours is < 1 or > 720)
        {
            throw new DomainException("aftersales.answer-hours", "商家处理时限为 1–720 小时。");
        }

        if (ComplaintAnswerHours is < 1 or > 720)
        {
            throw new DomainException("aftersales.complaint-hours", "投诉处理时限为 1–720 小时。");
        }
    }

    /// <summary>Days the shopper has after receipt for a return or exchange with <paramref name="reason"/>.</summary>
    public int WindowDays(AfterSalesReason reason) => reason.IsQualityProblem() ? QualityDays : NoReasonDays;

    /// <summary>The first instant a return or exchange with <paramref name="reason"/> is no longer accepted.</summary>
    public DateTimeOffset WindowEnd(DateTimeOffset completedAt, AfterSalesReason reason) => completedAt.AddDays(WindowDays(reason));

    public TimeSpan AnswerTime => TimeSpan.FromHours(AnswerHours);

    public TimeSpan ComplaintAnswerTime => TimeSpan.FromHours(ComplaintAnswerHours);
}
