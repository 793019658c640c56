using Storefront.Domain.Common;
using Storefront.Domain.Ordering;
using Storefront.Domain.Reviews;
using static Storefront.Domain.Tests.AfterSales.AfterSalesExamples;

namespace Storefront.Domain.Tests.Reviews;

public sealed class ReviewTests
{
    private static readonly DateTimeOffset At = CompletedAt.AddDays(1);

    private static Review Write(int stars = 5, IReadOnlyList<string>? photos = null, bool anonymous = false, Order? order = null)
    {
        order ??= Plain();
        return Review.Write(order, order.Lines[0].Id, ShopperId, stars, "质量很好", photos, anonymous, At);
    }

    [Theory]
    [InlineData(OrderStatus.Paid)]
    [InlineData(OrderStatus.Shipped)]
    [InlineData(OrderStatus.Cancelled)]
    public void Only_a_completed_order_can_be_reviewed(OrderStatus status)
    {
        var refusal = Assert.Throws<DomainException>(() => Write(order: Plain(status)));
        Assert.Equal(("review.order", true), (refusal.Code, refusal.IsConflict));
    }

    [Fact]
    public void A_review_keeps_the_line_and_sku_bought()
    {
        var order = Plain();
        var r = Write(4, ["r/1.jpg"], order: order);
        Assert.Equal((4, "质量很好", order.Lines[0].SkuId, "红色", true), (r.Stars, r.Text, r.SkuId, r.SpecText, r.HasPhotos));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(6)]
    public void Stars_are_one_to_five(int stars) =>
        Assert.Equal("review.stars", Assert.Throws<DomainException>(() => Write(stars)).Code);

    [Fact]
    public void Text_over_500_characters_a_seventh_photo_another_shopper_and_another_line_are_refused()
    {
        var order = Plain();
        Assert.Equal("review.text",
            Assert.Throws<DomainException>(() => Review.Write(order, order.Lines[0].Id, ShopperId, 5, new string('好', 501), null, false, At)).Code);
        Assert.Equal("review.photos", Assert.Throws<DomainException>(() => Write(photos: [.. Enumerable.Range(1, 7).Select(i => $"r/{i}.jpg")])).Code);
        Assert.Equal(6, Write(photos: [.. Enumerable.Range(1, 6).Select(i => $"r/{i}.jpg")]).Photos.Count);
        Assert.Equal("review.shopper",
            Assert.Throws<DomainException>(() => Review.Write(order, order.Lines[0].Id, Guid.CreateVersion7(), 5, "", null, false, At)).Code);
        Assert.Equal("review.line", Assert.Throws<DomainException>(() => Review.Write(order, Guid.CreateVersion7(), ShopperId, 5, "", null, false, At)).Code);
    }

    [Fact]
    public void One_follow_up_later_within_180_days()
    {
        var r = Write();
        Assert.Equal("review.follow-up", Assert.Throws<DomainException>(() => r.FollowUp(ShopperId, "用了一个月还不错", null, At)).Code);
        Assert.Equal("review.follow-up", Assert.Throws<DomainException>(() => r.FollowUp(ShopperId, "用了很久", null, At.AddDays(180))).Code);

        r.FollowUp(ShopperId, "用了一个月还不错", ["r/9.jpg"], At.AddDays(180).AddSeconds(-1));
        Assert.Equal(("用了一个月还不错", (DateTimeOffset?)At.AddDays(180).AddSeconds(-1)), (r.FollowUpText, r.FollowUpAt));
        Assert.Equal("review.follow-up", Assert.Throws<DomainException>(() => r.FollowUp(ShopperId, "再追一次", null, At.AddDays(181))).Code);
        Assert.Equal("review.shopper", Assert.Throws<DomainException>(() => Write().FollowUp(Guid.CreateVersion7(), "冒充", null, At.AddDays(1))).Code);
        Assert.Equal("review.text", Assert.Throws<DomainException>(() => Write().FollowUp(ShopperId, " ", null, At.AddDays(1))).Code);
    }

    [Fact]
    public void The_merchant_replies_once()
    {
        var r = Write();
        r.Reply(Staff, "感谢您的支持", At.AddDays(1));
        Assert.Equal("感谢您的支持", r.MerchantReply);
        Assert.Equal("review.reply", Assert.Throws<DomainException>(() => r.Reply(Staff, "再次感谢", At.AddDays(2))).Code);
        Assert.Equal("review.reply", Assert.Throws<DomainException>(() => Write().Reply(Shopper, "自己回复", At.AddDays(2))).Code);
    }

    [Fact]
    public void Moderation_hides_with_a_reason_and_the_shopper_is_to_be_told_once()
    {
        var r = Write();
        Assert.Equal("review.hide-reason", Assert.Throws<DomainException>(() => r.Hide(Staff, "", At.AddDays(1))).Code);

        r.Hide(Staff, "含有广告信息", At.AddDays(1));
        Assert.Equal((true, "含有广告信息", true), (r.Hidden, r.HiddenReason, r.HiddenNoticePending));
        Assert.Equal("review.hide", Assert.Throws<DomainException>(() => r.Hide(Staff, "再次隐藏", At.AddDays(2))).Code);

        r.MarkHiddenNoticeSent();
        Assert.False(r.HiddenNoticePending);
    }

    [Fact]
    public void The_product_page_summary_leaves_hidden_reviews_out_and_lists_those_with_photos_first()
    {
        var withPhoto = Write(3, ["r/1.jpg"]);
        var five = Write(5);
        var four = Write(4);
        var hidden = Write(1);
        hidden.Hide(Staff, "辱骂", At);

        var summary = ReviewSummary.Of([withPhoto, five, four, hidden]);
        Assert.Equal((3, 4.0m, 1), (summary.Count, summary.Average, summary.WithPhotos));
        Assert.Equal([0, 0, 1, 1, 1], Enumerable.Range(1, 5).Select(s => summary.ByStars[s]));
        Assert.Equal(withPhoto, ReviewSummary.Ordered([five, hidden, withPhoto, four]).First());
        Assert.DoesNotContain(hidden, ReviewSummary.Ordered([five, hidden, withPhoto, four]));
        Assert.Equal(4.3m, ReviewSummary.Of([Write(5), Write(4), Write(4)]).Average);
    }

    [Fact]
    public void An_anonymous_review_shows_a_masked_name()
    {
        Assert.Equal("张**", Write(anonymous: true).DisplayName("张三丰"));
        Assert.Equal("张三丰", Write().DisplayName("张三丰"));
    }
}
