using Storefront.Domain.Common;
using Storefront.Domain.Ordering;
using Storefront.Domain.Ordering.Risk;

namespace Storefront.Domain.Tests.Ordering;

/// <summary>风控: each rule fires at its trigger and not below it, gives the store's weight, and the threshold holds only above it.</summary>
public sealed class RiskRulesTests
{
    private static readonly Guid Tenant = Guid.CreateVersion7();

    /// <summary>The default weights with review turned on (a store's default is off: scored, nothing held).</summary>
    private static readonly RiskSettings Defaults = With(v => v);

    /// <summary>An order that fires no rule: an old account, a small amount, nothing counted, shipped where it always goes.</summary>
    private static readonly RiskFacts Quiet = new(100m, TimeSpan.FromDays(365), 0, 0, 0, 0, "浙江省", "杭州市", "浙江省", "杭州市");

    private static RiskSettings With(Func<RiskSettingsValues, RiskSettingsValues> change)
    {
        var settings = RiskSettings.Default(Tenant);
        settings.Configure(change(settings.Values with { Enabled = true }), DateTimeOffset.UnixEpoch);
        return settings;
    }

    [Fact]
    public void A_quiet_order_scores_nothing_and_is_not_held()
    {
        var assessment = RiskRules.Assess(Quiet, Defaults);
        Assert.Equal(0, assessment.Score);
        Assert.Empty(assessment.Reasons);
        Assert.False(assessment.Held);
    }

    [Fact]
    public void A_new_account_with_a_high_amount_scores_the_new_account_weight()
    {
        var facts = Quiet with { AccountAge = TimeSpan.FromDays(1), Total = 2000m };
        var reason = RiskRules.NewAccountHighAmount(facts, Defaults);
        Assert.Equal(new RiskReason(RiskRules.NewAccount, 30, "2000.00"), reason);
        Assert.Null(RiskRules.NewAccountHighAmount(facts with { Total = 1999.99m }, Defaults));
        Assert.Null(RiskRules.NewAccountHighAmount(facts with { AccountAge = TimeSpan.FromDays(7) }, Defaults));
        Assert.Equal(45, RiskRules.NewAccountHighAmount(facts, With(v => v with { NewAccountWeight = 45 }))!.Points);
    }

    [Fact]
    public void Many_orders_to_one_address_or_phone_in_a_day_score_each_weight()
    {
        Assert.Equal(new RiskReason(RiskRules.AddressOrders, 25, "5"), RiskRules.ManyOrdersToAddress(Quiet with { OrdersToAddressToday = 5 }, Defaults));
        Assert.Null(RiskRules.ManyOrdersToAddress(Quiet with { OrdersToAddressToday = 4 }, Defaults));
        Assert.Equal(new RiskReason(RiskRules.PhoneOrders, 25, "6"), RiskRules.ManyOrdersToPhone(Quiet with { OrdersToPhoneToday = 6 }, Defaults));
        Assert.Null(RiskRules.ManyOrdersToPhone(Quiet with { OrdersToPhoneToday = 4 }, Defaults));
        var strict = With(v => v with { OrdersPerDay = 2, PhoneOrdersWeight = 10 });
        Assert.Equal(10, RiskRules.ManyOrdersToPhone(Quiet with { OrdersToPhoneToday = 2 }, strict)!.Points);
    }

    [Fact]
    public void Many_failed_payments_score_the_failed_payments_weight()
    {
        Assert.Equal(new RiskReason(RiskRules.FailedPayments, 20, "3"), RiskRules.ManyFailedPayments(Quiet with { FailedPaymentsToday = 3 }, Defaults));
        Assert.Null(RiskRules.ManyFailedPayments(Quiet with { FailedPaymentsToday = 2 }, Defaults));
    }

    [Fact]
    public void A_coupon_claimed_by_several_accounts_from_one_source_scores_the_coupon_weight()
    {
        Assert.Equal(new RiskReason(RiskRules.SharedCoupon, 30, "2"), RiskRules.CouponSharedBetweenAccounts(Quiet with { SharedCouponAccounts = 2 }, Defaults));
        Assert.Null(RiskRules.CouponSharedBetweenAccounts(Quiet with { SharedCouponAccounts = 1 }, Defaults));
    }

    [Fact]
    public void Another_province_scores_the_full_far_address_weight_another_city_half_and_a_first_order_nothing()
    {
        Assert.Equal(new RiskReason(RiskRules.FarAddress, 20, "浙江省 → 新疆维吾尔自治区"),
            RiskRules.FarFromUsualAddress(Quiet with { ShipProvince = "新疆维吾尔自治区", ShipCity = "乌鲁木齐市" }, Defaults));
        Assert.Equal(new RiskReason(RiskRules.FarAddress, 10, "杭州市 → 宁波市"), RiskRules.FarFromUsualAddress(Quiet with { ShipCity = "宁波市" }, Defaults));
        Assert.Null(RiskRules.FarFromUsualAddress(Quiet, Defaults));
        Assert.Null(RiskRules.FarFromUsualAddress(Quiet with { UsualProvince = null, UsualCity = null, ShipProvince = "北京市" }, Defaults));
    }

    [Fact]
    public void The_score_is_the_sum_of_the_rules_and_only_a_score_above_the_threshold_holds()
    {
        // 30 (new account) + 20 (failed payments) = 50; then + 10 (another city) = 60, at the default threshold of 60.
        var facts = Quiet with { AccountAge = TimeSpan.FromHours(2), Total = 5000m, FailedPaymentsToday = 4, ShipCity = "宁波市" };
        var atThreshold = RiskRules.Assess(facts, Defaults);
        Assert.Equal(60, atThreshold.Score);
        Assert.Equal([RiskRules.NewAccount, RiskRules.FailedPayments, RiskRules.FarAddress], atThreshold.Reasons.Select(r => r.Code));
        Assert.False(atThreshold.Held);

        var above = RiskRules.Assess(facts with { OrdersToPhoneToday = 5 }, Defaults);
        Assert.Equal(85, above.Score);
        Assert.True(above.Held);
        Assert.True(RiskRules.Assess(facts, With(v => v with { Threshold = 59 })).Held);
        Assert.False(RiskRules.Assess(facts with { OrdersToPhoneToday = 5 }, With(v => v with { Enabled = false })).Held);
    }

    [Fact]
    public void A_store_that_has_not_turned_review_on_scores_but_holds_nothing()
    {
        var store = RiskSettings.Default(Tenant);
        var assessment = RiskRules.Assess(Quiet with { OrdersToPhoneToday = 50, OrdersToAddressToday = 50, FailedPaymentsToday = 50 }, store);
        Assert.Equal(70, assessment.Score);
        Assert.False(assessment.Held);
        Assert.Equal((0, 0), (store.ClaimsPerIp, store.ClaimsPerAddress));
    }

    [Fact]
    public void A_rule_weighted_zero_is_left_out_of_the_reasons()
    {
        var assessment = RiskRules.Assess(Quiet with { FailedPaymentsToday = 9 }, With(v => v with { FailedPaymentsWeight = 0 }));
        Assert.Equal(0, assessment.Score);
        Assert.Empty(assessment.Reasons);
    }

    [Fact]
    public void Settings_out_of_range_are_refused_and_change_nothing()
    {
        var settings = RiskSettings.Default(Tenant);
        var e = Assert.Throws<DomainException>(() => settings.Configure(settings.Values with { Threshold = -1 }, DateTimeOffset.UnixEpoch));
        Assert.Equal("risk.settings", e.Code);
        Assert.Throws<DomainException>(() => settings.Configure(settings.Values with { PhoneOrdersWeight = 101 }, DateTimeOffset.UnixEpoch));
        Assert.Throws<DomainException>(() => settings.Configure(settings.Values with { OrdersPerDay = 0 }, DateTimeOffset.UnixEpoch));
        Assert.Equal(RiskSettings.Default(Tenant).Values, settings.Values);
    }

    [Fact]
    public void The_address_key_ignores_spaces_and_case_and_not_the_recipient()
    {
        var a = ShippingAddress.Create("张三", "13800138000", "浙江省", "杭州市", "西湖区", "文三路 90 号 A 座");
        var b = ShippingAddress.Create("李四", "13900139000", "浙江省", "杭州市", "西湖区", "文三路90号a座");
        var c = ShippingAddress.Create("张三", "13800138000", "浙江省", "杭州市", "西湖区", "文三路 91 号");
        Assert.Equal(RiskRules.AddressKey(a), RiskRules.AddressKey(b));
        Assert.NotEqual(RiskRules.AddressKey(a), RiskRules.AddressKey(c));
        Assert.Equal(64, RiskRules.AddressKey(a).Length);
    }
}
