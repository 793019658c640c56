using Storefront.Domain.AfterSales;
using Storefront.Domain.Common;
using Storefront.Domain.Ordering;
using static Storefront.Domain.Tests.AfterSales.AfterSalesExamples;

namespace Storefront.Domain.Tests.AfterSales;

public sealed class ComplaintTests
{
    private static Complaint File(ComplaintKind kind = ComplaintKind.Delay) =>
        Complaint.File(Plain(OrderStatus.Paid), kind, "三天了还没发货", Policy, Now.AddDays(3));

    [Fact]
    public void A_complaint_is_due_within_the_store_deadline_and_overdue_from_the_exact_second()
    {
        var c = File();
        var due = Now.AddDays(3).AddHours(24);

        Assert.Equal((ComplaintStatus.Open, due), (c.Status, c.AnswerDueAt));
        Assert.False(c.IsOverdue(due.AddSeconds(-1)));
        Assert.True(c.IsOverdue(due));
    }

    [Fact]
    public void An_overdue_complaint_is_flagged_once_and_an_answered_one_never()
    {
        var c = File();
        Assert.False(c.FlagOverdue(c.AnswerDueAt.AddSeconds(-1)));
        Assert.True(c.FlagOverdue(c.AnswerDueAt));
        Assert.Equal(c.AnswerDueAt, c.OverdueFlaggedAt);
        Assert.False(c.FlagOverdue(c.AnswerDueAt.AddHours(1)));

        var answered = File();
        answered.Reply(Staff, "已催促仓库发货", answered.AnswerDueAt.AddSeconds(-1));
        Assert.False(answered.FlagOverdue(answered.AnswerDueAt));
        Assert.Null(answered.OverdueFlaggedAt);
    }

    [Fact]
    public void The_first_customer_service_reply_answers_it_and_every_reply_is_kept_in_order()
    {
        var c = File();
        c.Reply(Shopper, "请尽快处理", Now.AddDays(3).AddHours(1));
        Assert.Equal(ComplaintStatus.Open, c.Status);
        Assert.True(c.IsOverdue(c.AnswerDueAt));

        var service = OrderActor.Staff(Guid.CreateVersion7());
        c.Reply(service, "已催促仓库，今天发出", Now.AddDays(3).AddHours(30));
        Assert.Equal(ComplaintStatus.Answered, c.Status);
        Assert.Equal(Now.AddDays(3).AddHours(30), c.FirstAnsweredAt);
        Assert.False(c.IsOverdue(c.AnswerDueAt.AddDays(1)));

        c.Reply(Shopper, "收到，谢谢", Now.AddDays(4));
        Assert.Equal([ActorKind.Shopper, ActorKind.Staff, ActorKind.Shopper], c.Replies.Select(r => r.AuthorKind));
        Assert.Equal("已催促仓库，今天发出", c.Replies[1].Text);
        Assert.Equal(3, c.Version);
    }

    [Fact]
    public void A_closed_complaint_takes_no_more_replies_and_is_not_overdue()
    {
        var c = File(ComplaintKind.PromotionNotApplied);
        c.Close(Shopper, "已解决", Now.AddDays(3).AddHours(2));

        Assert.Equal((ComplaintStatus.Closed, "已解决"), (c.Status, c.CloseReason));
        Assert.False(c.IsOverdue(c.AnswerDueAt.AddDays(1)));
        Assert.Equal("complaint.closed", Assert.Throws<DomainException>(() => c.Reply(Staff, "您好", Now.AddDays(4))).Code);
        Assert.Equal("complaint.closed", Assert.Throws<DomainException>(() => c.Close(Staff, null, Now.AddDays(4))).Code);
    }

    [Fact]
    public void Another_shopper_or_the_system_cannot_reply()
    {
        var c = File();
        Assert.Equal("complaint.author", Assert.Throws<DomainException>(() => c.Reply(OrderActor.Shopper(Guid.CreateVersion7()), "我也是", Now.AddDays(4))).Code);
        Assert.Equal("complaint.author", Assert.Throws<DomainException>(() => c.Reply(OrderActor.System, "自动回复", Now.AddDays(4))).Code);
        Assert.Empty(c.Replies);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Empty_or_too_long_text_is_refused(string text)
    {
        Assert.Equal("complaint.text", Assert.Throws<DomainException>(() => Complaint.File(Plain(), ComplaintKind.Quality, text, Policy, Now)).Code);
        Assert.Equal("complaint.text",
            Assert.Throws<DomainException>(() => Complaint.File(Plain(), ComplaintKind.Quality, new string('差', 501), Policy, Now)).Code);
    }

    [Fact]
    public void An_unpaid_order_cannot_be_complained_about_and_kinds_have_chinese_labels()
    {
        Assert.Equal("complaint.order",
            Assert.Throws<DomainException>(() => Complaint.File(Plain(OrderStatus.PendingPayment), ComplaintKind.Service, "态度差", Policy, Now)).Code);
        Assert.Equal(["商品质量", "发货/物流延迟", "服务态度", "优惠未生效"], Enum.GetValues<ComplaintKind>().Select(Complaint.Label));
    }
}
