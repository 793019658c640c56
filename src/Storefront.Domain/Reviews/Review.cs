using Storefront.Domain.AfterSales;
using Storefront.Domain.Common;
using Storefront.Domain.Ordering;

namespace Storefront.Domain.Reviews;

/// <summary>
/// A shopper's review (评价) of one order line, once the order completed: 1–5 stars, text (≤500), up to 6 photos, optionally
/// anonymous; one follow-up (追评) later, within <see cref="FollowUpDays"/> of the review; one merchant reply; and
/// moderation can hide it with a reason, which the shopper is told of (<see cref="HiddenNoticePending"/> until the caller
/// has written the notice to the outbox). One review per order line: the caller (a unique index) keeps it so.
/// </summary>
public sealed class Review : ITenantOwned
{
    public const int TextMaxLength = 500;
    public const int ReplyMaxLength = 500;
    public const int ReasonMaxLength = 200;
    public const int FollowUpDays = 180;

    private Review()
    {
    }

    public Guid TenantId { get; private set; }

    public Guid Id { get; private set; }

    public Guid OrderId { get; private set; }

    public Guid OrderLineId { get; private set; }

    public Guid ShopperId { get; private set; }

    public Guid ProductId { get; private set; }

    public Guid SkuId { get; private set; }

    /// <summary>The SKU bought, as the product page shows it (颜色：红色 …).</summary>
    public string SpecText { get; private set; } = "";

    public int Stars { get; private set; }

    public string Text { get; private set; } = "";

    public List<string> Photos { get; private set; } = [];

    public bool Anonymous { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public string? FollowUpText { get; private set; }

    public List<string> FollowUpPhotos { get; private set; } = [];

    public DateTimeOffset? FollowUpAt { get; private set; }

    public string? MerchantReply { get; private set; }

    public DateTimeOffset? MerchantReplyAt { get; private set; }

    public bool Hidden { get; private set; }

    public string? HiddenReason { get; private set; }

    public DateTimeOffset? HiddenAt { get; private set; }

    /// <summary>The review was hidden and the shopper has not been told yet.</summary>
    public bool HiddenNoticePending { get; private set; }

    public int Version { get; private set; }

    public bool HasPhotos => Photos.Count > 0 || FollowUpPhotos.Count > 0;

    public static Review Write(
        Order order, Guid lineId, Guid shopperId, int stars, string? text, IReadOnlyList<string>? photos, bool anonymous, DateTimeOffset now)
    {
        if (shopperId != order.ShopperId)
        {
            throw new DomainException("review.shopper", "只能评价自己的订单。", isConflict: true);
        }

        if (order.Status != OrderStatus.Completed)
        {
            throw new DomainException("review.order", "订单完成（确认收货）后才能评价。", isConflict: true);
        }

        var line = order.Lines.SingleOrDefault(l => l.Id == lineId)
            ?? throw new DomainException("review.line", "订单中没有这件商品。");
        if (stars is < 1 or > 5)
        {
            throw new DomainException("review.stars", "请选择 1–5 星。");
        }

        return new Review
        {
            TenantId = order.TenantId,
            Id = Guid.CreateVersion7(now),
            OrderId = order.Id,
            OrderLineId = line.Id,
            ShopperId = shopperId,
            ProductId = line.ProductId,
            SkuId = line.SkuId,
            SpecText = line.SpecText,
            Stars = stars,
            Text = CheckText(text, allowEmpty: true),
            Photos = AfterSalesCase.CheckPhotos(photos, "review.photos"),
            Anonymous = anonymous,
            CreatedAt = now,
        };
    }

    /// <summary>The shopper's one follow-up review (追评), after the review and within <see cref="FollowUpDays"/> days of it.</summary>
    public void FollowUp(Guid shopperId, string? text, IReadOnlyList<string>? photos, DateTimeOffset now)
    {
        if (shopperId != ShopperId)
        {
            throw new DomainException("review.shopper", "只能追评自己的评价。", isConflict: true);
        }

        if (FollowUpAt is not null)
        {
            throw new DomainException("review.follow-up", "每条评价只能追评一次。", isConflict: true);
        }

        if (now <= CreatedAt || now >= CreatedAt.AddDays(FollowUpDays))
        {
            throw new DomainException("review.follow-up", $"追评须在评价后 {FollowUpDays} 天内。", isConflict: true);
        }

        var body = CheckText(text, allowEmpty: false);
        FollowUpPhotos = AfterSalesCase.CheckPhotos(photos, "review.photos");
        FollowUpText = body;
        FollowUpAt = now;
        Version++;
    }

    /// <summary>The merchant's one reply (商家回复).</summary>
    public void Reply(OrderActor staff, string text, DateTimeOffset now)
    {
        if (staff.Kind != ActorKind.Staff)
        {
            throw new DomainException("review.reply", "只有商家可以回复评价。", isConflict: true);
        }

        if (MerchantReply is not null)
        {
            throw new DomainException("review.reply", "商家已回复过这条评价。", isConflict: true);
        }

        text = (text ?? "").Trim();
        if (text.Length is 0 or > ReplyMaxLength)
        {
            throw new DomainException("review.reply-text", $"回复不能为空，且不超过 {ReplyMaxLength} 个字符。");
        }

        MerchantReply = text;
        MerchantReplyAt = now;
        Version++;
    }

    /// <summary>Moderation hides the review with a reason; the shopper is to be told (<see cref="HiddenNoticePending"/>).</summary>
    public void Hide(OrderActor moderator, string reason, DateTimeOffset now)
    {
        if (moderator.Kind != ActorKind.Staff)
        {
            throw new DomainException("review.hide", "只有商家可以隐藏评价。", isConflict: true);
        }

        if (Hidden)
        {
            throw new DomainException("review.hide", "这条评价已隐藏。", isConflict: true);
        }

        reason = (reason ?? "").Trim();
        if (reason.Length is 0 or > ReasonMaxLength)
        {
            throw new DomainException("review.hide-reason", $"请填写隐藏原因（不超过 {ReasonMaxLength} 个字符）。");
        }

        Hidden = true;
        HiddenReason = reason;
        HiddenAt = now;
        HiddenNoticePending = true;
        Version++;
    }

    /// <summary>The notice of hiding went to the outbox.</summary>
    public void MarkHiddenNoticeSent()
    {
        if (HiddenNoticePending)
        {
            HiddenNoticePending = false;
            Version++;
        }
    }

    /// <summary>The name the product page shows: the shopper's, or 匿名用户 masked (first and last character) when anonymous.</summary>
    public string DisplayName(string shopperName)
    {
        if (!Anonymous)
        {
            return shopperName;
        }

        return ReviewerName.Mask(shopperName);
    }

    private static string CheckText(string? text, bool allowEmpty)
    {
        text = (text ?? "").Trim();
        if (text.Length > TextMaxLength || (!allowEmpty && text.Length == 0))
        {
            throw new DomainException("review.text", allowEmpty ? $"评价不超过 {TextMaxLength} 个字符。" : $"追评内容不能为空，且不超过 {TextMaxLength} 个字符。");
        }

        return text;
    }
}

/// <summary>A product's reviews at a glance: count, average stars (one decimal) and count by stars, hidden reviews left out.</summary>
public sealed record ReviewSummary(int Count, decimal Average, IReadOnlyDictionary<int, int> ByStars, int WithPhotos)
{
    public static ReviewSummary Of(IEnumerable<Review> reviews)
    {
        var shown = reviews.Where(r => !r.Hidden).ToList();
        var byStars = Enumerable.Range(1, 5).ToDictionary(s => s, s => shown.Count(r => r.Stars == s));
        var average = shown.Count == 0 ? 0m : decimal.Round((decimal)shown.Sum(r => r.Stars) / shown.Count, 1, MidpointRounding.AwayFromZero);
        return new ReviewSummary(shown.Count, average, byStars, shown.Count(r => r.HasPhotos));
    }

    /// <summary>The order the product page lists them in: with photos first, then newest first.</summary>
    public static IEnumerable<Review> Ordered(IEnumerable<Review> reviews) =>
        reviews.Where(r => !r.Hidden).OrderByDescending(r => r.HasPhotos).ThenByDescending(r => r.CreatedAt);
}
