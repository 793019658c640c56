using Storefront.Domain.AfterSales;
using Storefront.Domain.Common;
using Storefront.Domain.Ordering;
using static Storefront.Domain.Tests.AfterSales.AfterSalesExamples;

namespace Storefront.Domain.Tests.AfterSales;

/// <summary>
/// The case state machine: from every state each kind can reach, every move is either legal (and lands where the table
/// says, on the timeline) or refused as a conflict leaving the case as it was.
/// </summary>
public sealed class AfterSalesCaseTests
{
    public enum Move
    {
        Approve,
        Reject,
        Withdraw,
        EnterReturn,
        Receive,
        Refund,
        ShipExchange,
        Close,
    }

    /// <summary>Every legal move: (kind, from, move) → to.</summary>
    private static readonly Dictionary<(AfterSalesKind, AfterSalesStatus, Move), AfterSalesStatus> Legal = new()
    {
        [(AfterSalesKind.RefundOnly, AfterSalesStatus.Requested, Move.Approve)] = AfterSalesStatus.Approved,
        [(AfterSalesKind.RefundOnly, AfterSalesStatus.Requested, Move.Reject)] = AfterSalesStatus.Rejected,
        [(AfterSalesKind.RefundOnly, AfterSalesStatus.Requested, Move.Withdraw)] = AfterSalesStatus.Closed,
        [(AfterSalesKind.RefundOnly, AfterSalesStatus.Approved, Move.Refund)] = AfterSalesStatus.Refunded,
        [(AfterSalesKind.RefundOnly, AfterSalesStatus.Rejected, Move.Close)] = AfterSalesStatus.Closed,
        [(AfterSalesKind.RefundOnly, AfterSalesStatus.Refunded, Move.Close)] = AfterSalesStatus.Closed,

        [(AfterSalesKind.ReturnAndRefund, AfterSalesStatus.Requested, Move.Approve)] = AfterSalesStatus.AwaitingReturn,
        [(AfterSalesKind.ReturnAndRefund, AfterSalesStatus.Requested, Move.Reject)] = AfterSalesStatus.Rejected,
        [(AfterSalesKind.ReturnAndRefund, AfterSalesStatus.Requested, Move.Withdraw)] = AfterSalesStatus.Closed,
        [(AfterSalesKind.ReturnAndRefund, AfterSalesStatus.AwaitingReturn, Move.EnterReturn)] = AfterSalesStatus.AwaitingReturn,
        [(AfterSalesKind.ReturnAndRefund, AfterSalesStatus.AwaitingReturn, Move.Receive)] = AfterSalesStatus.Received,
        [(AfterSalesKind.ReturnAndRefund, AfterSalesStatus.Received, Move.Refund)] = AfterSalesStatus.Refunded,
        [(AfterSalesKind.ReturnAndRefund, AfterSalesStatus.Rejected, Move.Close)] = AfterSalesStatus.Closed,
        [(AfterSalesKind.ReturnAndRefund, AfterSalesStatus.Refunded, Move.Close)] = AfterSalesStatus.Closed,

        [(AfterSalesKind.Exchange, AfterSalesStatus.Requested, Move.Approve)] = AfterSalesStatus.AwaitingReturn,
        [(AfterSalesKind.Exchange, AfterSalesStatus.Requested, Move.Reject)] = AfterSalesStatus.Rejected,
        [(AfterSalesKind.Exchange, AfterSalesStatus.Requested, Move.Withdraw)] = AfterSalesStatus.Closed,
        [(AfterSalesKind.Exchange, AfterSalesStatus.AwaitingReturn, Move.EnterReturn)] = AfterSalesStatus.AwaitingReturn,
        [(AfterSalesKind.Exchange, AfterSalesStatus.AwaitingReturn, Move.Receive)] = AfterSalesStatus.Received,
        [(AfterSalesKind.Exchange, AfterSalesStatus.Received, Move.ShipExchange)] = AfterSalesStatus.Exchanged,
        [(AfterSalesKind.Exchange, AfterSalesStatus.Rejected, Move.Close)] = AfterSalesStatus.Closed,
        [(AfterSalesKind.Exchange, AfterSalesStatus.Exchanged, Move.Close)] = AfterSalesStatus.Closed,
    };

    private static readonly Dictionary<AfterSalesKind, AfterSalesStatus[]> Reachable = new()
    {
        [AfterSalesKind.RefundOnly] =
            [AfterSalesStatus.Requested, AfterSalesStatus.Approved, AfterSalesStatus.Rejected, AfterSalesStatus.Refunded, AfterSalesStatus.Closed],
        [AfterSalesKind.ReturnAndRefund] =
        [
            AfterSalesStatus.Requested, AfterSalesStatus.Rejected, AfterSalesStatus.AwaitingReturn, AfterSalesStatus.Received,
            AfterSalesStatus.Refunded, AfterSalesStatus.Closed,
        ],
        [AfterSalesKind.Exchange] =
        [
            AfterSalesStatus.Requested, AfterSalesStatus.Rejected, AfterSalesStatus.AwaitingReturn, AfterSalesStatus.Received,
            AfterSalesStatus.Exchanged, AfterSalesStatus.Closed,
        ],
    };

    private static readonly Dictionary<Move, string> Codes = new()
    {
        [Move.Approve] = "aftersales.approve",
        [Move.Reject] = "aftersales.reject",
        [Move.Withdraw] = "aftersales.withdraw",
        [Move.EnterReturn] = "aftersales.return",
        [Move.Receive] = "aftersales.receive",
        [Move.Refund] = "aftersales.refund",
        [Move.ShipExchange] = "aftersales.ship",
        [Move.Close] = "aftersales.close",
    };

    public static TheoryData<AfterSalesKind, AfterSalesStatus, Move> Every()
    {
        var data = new TheoryData<AfterSalesKind, AfterSalesStatus, Move>();
        foreach (var (kind, states) in Reachable)
        {
            foreach (var status in states)
            {
                foreach (var move in Enum.GetValues<Move>())
                {
                    data.Add(kind, status, move);
                }
            }
        }

        return data;
    }

    private static void Do(AfterSalesCase c, Move move, DateTimeOffset at)
    {
        switch (move)
        {
            case Move.Approve: c.Approve(Staff, "浙江省杭州市余杭区仓库 1 号", at); break;
            case Move.Reject: c.Reject(Staff, "超出售后范围", at); break;
            case Move.Withdraw: c.Withdraw(Shopper, at); break;
            case Move.EnterReturn: c.EnterReturnShipment(Shopper, "圆通速递", "YT99990000", at); break;
            case Move.Receive: c.ConfirmReceived(Staff, false, at); break;
            case Move.Refund: c.MarkRefunded("refund-other", OrderActor.Gateway, at); break;
            case Move.ShipExchange: c.ShipExchange(Staff, "顺丰速运", "SF3000003", at); break;
            case Move.Close: c.Close(Staff, "售后完成", at); break;
        }
    }

    [Theory]
    [MemberData(nameof(Every))]
    public void Every_move_from_every_state_is_legal_or_refused_as_a_conflict_leaving_the_case_as_it_was(
        AfterSalesKind kind, AfterSalesStatus status, Move move)
    {
        var c = InStatus(kind, status);
        Assert.Equal(status, c.Status);
        var (version, events) = (c.Version, c.Events.Count);
        var at = T(100);

        if (Legal.TryGetValue((kind, status, move), out var to))
        {
            Do(c, move, at);
            Assert.Equal(to, c.Status);
            Assert.Equal(version + 1, c.Version);
            Assert.Equal(events + 1, c.Events.Count);
            var e = c.Events[^1];
            Assert.Equal((status, to, at), (e.FromStatus, e.ToStatus, e.At));
            Assert.Equal(move is Move.Withdraw or Move.EnterReturn ? ActorKind.Shopper : move == Move.Refund ? ActorKind.Gateway : ActorKind.Staff,
                e.ActorKind);
        }
        else
        {
            var refusal = Assert.Throws<DomainException>(() => Do(c, move, at));
            Assert.Equal(Codes[move], refusal.Code);
            Assert.True(refusal.IsConflict, $"{refusal.Code} should be a conflict");
            Assert.False(string.IsNullOrWhiteSpace(refusal.Message));
            Assert.Equal(status, c.Status);
            Assert.Equal(version, c.Version);
            Assert.Equal(events, c.Events.Count);
        }
    }

    [Fact]
    public void A_return_goes_its_whole_way_on_the_timeline_with_actors_and_reasons()
    {
        var c = InStatus(AfterSalesKind.ReturnAndRefund, AfterSalesStatus.Refunded);
        c.Close(OrderActor.System, null, T(60));

        Assert.Equal(["requested", "approved", "return-shipped", "received", "refunded", "closed"], c.Events.Select(e => e.Kind));
        Assert.Equal([ActorKind.Shopper, ActorKind.Staff, ActorKind.Shopper, ActorKind.Staff, ActorKind.Gateway, ActorKind.System],
            c.Events.Select(e => e.ActorKind));
        Assert.Equal("浙江省杭州市余杭区仓库 1 号", c.ReturnAddress);
        Assert.Equal(("中通快递", "ZT12345678"), (c.ReturnCarrier, c.ReturnTrackingNumber));
        Assert.True(c.Restock);
        Assert.Equal("50.00 (refund-1)", c.Events[4].Reason);
        Assert.Equal(5, c.Version);
        Assert.Equal(T(60), c.ClosedAt);
    }

    [Fact]
    public void The_shopper_can_correct_the_return_tracking_number_until_the_goods_arrive()
    {
        var c = InStatus(AfterSalesKind.ReturnAndRefund, AfterSalesStatus.AwaitingReturn);
        c.EnterReturnShipment(Shopper, "中通快递", "ZT00000001", T(2));
        c.EnterReturnShipment(Shopper, "中通快递", "ZT00000002", T(3));

        Assert.Equal("ZT00000002", c.ReturnTrackingNumber);
        Assert.Equal(2, c.Events.Count(e => e.Kind == "return-shipped"));
    }

    [Theory]
    [InlineData("", "ZT12345678", "aftersales.return-carrier")]
    [InlineData("中通快递", "ZT1", "aftersales.return-tracking")]
    public void A_return_parcel_without_carrier_or_a_sensible_tracking_number_is_refused(string carrier, string tracking, string code)
    {
        var c = InStatus(AfterSalesKind.ReturnAndRefund, AfterSalesStatus.AwaitingReturn);
        Assert.Equal(code, Assert.Throws<DomainException>(() => c.EnterReturnShipment(Shopper, carrier, tracking, T(2))).Code);
        Assert.Null(c.ReturnTrackingNumber);
    }

    [Fact]
    public void Only_the_shopper_who_applied_can_withdraw_or_enter_the_return_parcel()
    {
        var requested = Open(AfterSalesKind.ReturnAndRefund);
        Assert.Equal("aftersales.withdraw", Assert.Throws<DomainException>(() => requested.Withdraw(Staff, T(1))).Code);
        Assert.Equal("aftersales.withdraw", Assert.Throws<DomainException>(() => requested.Withdraw(OrderActor.Shopper(Guid.CreateVersion7()), T(1))).Code);

        var awaiting = InStatus(AfterSalesKind.ReturnAndRefund, AfterSalesStatus.AwaitingReturn);
        Assert.Equal("aftersales.return", Assert.Throws<DomainException>(() => awaiting.EnterReturnShipment(Staff, "中通快递", "ZT12345678", T(2))).Code);
        Assert.Equal(AfterSalesStatus.Requested, requested.Status);
    }

    [Fact]
    public void Approving_a_return_needs_a_return_address_and_a_rejection_needs_a_reason()
    {
        var c = Open(AfterSalesKind.ReturnAndRefund);
        Assert.Equal("aftersales.return-address", Assert.Throws<DomainException>(() => c.Approve(Staff, " ", T(1))).Code);
        Assert.Equal("aftersales.reason", Assert.Throws<DomainException>(() => c.Reject(Staff, "", T(1))).Code);
        Assert.Equal((AfterSalesStatus.Requested, 0, 1), (c.Status, c.Version, c.Events.Count));

        c.Reject(Staff, "商品已使用", T(1));
        Assert.Equal("商品已使用", c.RejectReason);
        Assert.Equal("商品已使用", c.Events[^1].Reason);
    }

    [Fact]
    public void Approving_an_exchange_reserves_the_new_sku_and_shipping_it_records_the_parcel()
    {
        var c = Open(AfterSalesKind.Exchange);
        Assert.Null(c.ExchangeReservedAt);

        c.Approve(Staff, "仓库", T(1));
        Assert.Equal(T(1), c.ExchangeReservedAt);
        Assert.NotNull(c.ExchangeSkuId);

        c.ConfirmReceived(Staff, false, T(20));
        Assert.False(c.Restock);
        c.ShipExchange(Staff, "顺丰速运", "SF2000002", T(21));
        Assert.Equal(("顺丰速运", "SF2000002", (DateTimeOffset?)T(21)), (c.ExchangeCarrier, c.ExchangeTrackingNumber, c.ExchangeShippedAt));
        Assert.Equal(0m, c.RefundAmount);
    }

    [Fact]
    public void A_refund_is_booked_once_a_repeated_callback_changes_nothing_and_a_second_refund_is_refused()
    {
        var c = InStatus(AfterSalesKind.RefundOnly, AfterSalesStatus.Approved);
        Assert.Equal($"case:{c.Id}", c.RefundIdempotencyKey);

        Assert.True(c.MarkRefunded("refund-1", OrderActor.Gateway, T(2)));
        var version = c.Version;
        Assert.False(c.MarkRefunded("refund-1", OrderActor.Gateway, T(3)));
        Assert.Equal(version, c.Version);
        Assert.Equal(T(2), c.RefundedAt);

        var refusal = Assert.Throws<DomainException>(() => c.MarkRefunded("refund-2", OrderActor.Gateway, T(3)));
        Assert.True(refusal.IsConflict);
        Assert.Single(c.Events, e => e.Kind == "refunded");
    }

    [Fact]
    public void The_merchant_answer_is_due_after_the_store_setting_overdue_from_the_exact_second()
    {
        var c = Open(AfterSalesKind.ReturnAndRefund);
        var due = c.RequestedAt.AddHours(48);

        Assert.Equal(due, c.AnswerDueAt);
        Assert.False(c.IsOverdue(due.AddSeconds(-1)));
        Assert.True(c.IsOverdue(due));

        c.Approve(Staff, "仓库", due.AddHours(1));
        Assert.False(c.IsOverdue(due.AddHours(2)));
    }

    [Fact]
    public void A_refund_only_case_not_answered_in_time_is_approved_by_the_system_at_the_exact_second()
    {
        var c = Open(AfterSalesKind.RefundOnly);
        var due = c.AnswerDueAt;

        Assert.False(c.AutoApproveIfDue(due.AddSeconds(-1)));
        Assert.Equal(AfterSalesStatus.Requested, c.Status);

        Assert.True(c.AutoApproveIfDue(due));
        Assert.Equal(AfterSalesStatus.Approved, c.Status);
        Assert.True(c.AutoApproved);
        var e = c.Events[^1];
        Assert.Equal(("auto-approved", ActorKind.System, due), (e.Kind, e.ActorKind, e.At));
        Assert.Contains("自动同意", e.Reason);

        Assert.False(c.AutoApproveIfDue(due.AddHours(1)));
        Assert.Equal(2, c.Events.Count);
    }

    [Fact]
    public void A_custom_answer_deadline_comes_from_the_store_settings()
    {
        var order = Plain(OrderStatus.Paid);
        var c = AfterSalesCase.Open(order, Request(order, AfterSalesKind.RefundOnly), [], Policy with { AnswerHours = 24 }, null, Now.AddHours(1));
        Assert.Equal(Now.AddHours(25), c.AnswerDueAt);
    }

    [Theory]
    [InlineData(AfterSalesKind.ReturnAndRefund)]
    [InlineData(AfterSalesKind.Exchange)]
    public void Returns_and_exchanges_are_never_approved_automatically(AfterSalesKind kind)
    {
        var c = Open(kind);
        Assert.True(c.IsOverdue(c.AnswerDueAt.AddDays(3)));
        Assert.False(c.AutoApproveIfDue(c.AnswerDueAt.AddDays(3)));
        Assert.Equal(AfterSalesStatus.Requested, c.Status);
    }

    [Fact]
    public void Rejected_and_withdrawn_cases_are_not_overdue_and_not_auto_approved()
    {
        var rejected = InStatus(AfterSalesKind.RefundOnly, AfterSalesStatus.Rejected);
        var withdrawn = InStatus(AfterSalesKind.RefundOnly, AfterSalesStatus.Closed);
        foreach (var c in new[] { rejected, withdrawn })
        {
            Assert.False(c.IsOverdue(c.AnswerDueAt.AddDays(1)));
            Assert.False(c.AutoApproveIfDue(c.AnswerDueAt.AddDays(1)));
        }

        Assert.Equal("withdrawn", withdrawn.Events[^1].Kind);
        Assert.NotNull(withdrawn.WithdrawnAt);
    }

    [Fact]
    public void Reason_labels_in_chinese_and_which_are_quality_problems()
    {
        Assert.Equal(["七天无理由", "质量问题", "少件/漏发", "未收到货", "发错货", "其他"], Enum.GetValues<AfterSalesReason>().Select(r => r.Label()));
        Assert.Equal([AfterSalesReason.QualityProblem, AfterSalesReason.MissingItems, AfterSalesReason.WrongItem],
            Enum.GetValues<AfterSalesReason>().Where(r => r.IsQualityProblem()));
        Assert.Equal(["仅退款", "退货退款", "换货"], Enum.GetValues<AfterSalesKind>().Select(k => k.Label()));
    }
}
