using Storefront.Domain.Common;
using Storefront.Domain.Members;
using Storefront.Domain.Tenancy;

namespace Storefront.Domain.Tests.Members;

public sealed class MemberTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);
    private static readonly Guid Tenant = Guid.NewGuid();

    private static string Refusal(Action action) => Assert.Throws<DomainException>(action).Code;

    private static MemberTier Tier(string name, decimal threshold, decimal rate = 1m, bool freeShipping = false, decimal multiplier = 1m) =>
        MemberTier.Create(Tenant, new(name, threshold, rate, freeShipping, multiplier), Now);

    // ---------------- tiers ----------------

    [Fact]
    public void A_tier_keeps_its_benefits_and_hands_them_to_the_engine()
    {
        var tier = Tier(" 黄金 ", 5000m, 0.95m, true, 1.5m);
        var benefits = tier.ToBenefits();

        Assert.Equal("黄金", tier.Name);
        Assert.Equal((tier.Id, "黄金", 0.95m, true, 1.5m),
            (benefits.TierId, benefits.TierName, benefits.DiscountRate, benefits.FreeShipping, benefits.PointsMultiplier));
    }

    [Theory]
    [InlineData("", 0, 1, 1, "tier.name")]
    [InlineData("一二三四五六七八九十一二三四五六七八九十一", 0, 1, 1, "tier.name")]
    [InlineData("白银", -1, 1, 1, "tier.threshold")]
    [InlineData("白银", 0.001, 1, 1, "tier.threshold")]
    [InlineData("白银", 0, 0, 1, "tier.rate")]
    [InlineData("白银", 0, 1.01, 1, "tier.rate")]
    [InlineData("白银", 0, 0.955, 1, "tier.rate")]
    [InlineData("白银", 0, 1, 0.5, "tier.multiplier")]
    [InlineData("白银", 0, 1, 10.5, "tier.multiplier")]
    [InlineData("白银", 0, 1, 1.25, "tier.multiplier")]
    public void A_tier_out_of_range_is_refused(string name, double threshold, double rate, double multiplier, string code) =>
        Assert.Equal(code, Refusal(() => Tier(name, (decimal)threshold, (decimal)rate, false, (decimal)multiplier)));

    [Fact]
    public void A_tier_with_the_edge_values_is_accepted()
    {
        Assert.Equal(1m, Tier("普通", 0m, 1m).DiscountRate);
        Assert.Equal(10m, Tier("钻石", 99_999_999.99m, 0.01m, multiplier: 10m).PointsMultiplier);
        Assert.Equal(20, Tier(new string('级', 20), 0m).Name.Length);
    }

    [Fact]
    public void Growth_reaches_the_tier_with_the_highest_threshold_at_or_below_it()
    {
        MemberTier[] tiers = [Tier("钻石", 20000m), Tier("普通", 0m), Tier("黄金", 5000m), Tier("白银", 1000m)];

        Assert.Equal("普通", MemberTier.For(0m, tiers)!.Name);
        Assert.Equal("普通", MemberTier.For(999.99m, tiers)!.Name);
        Assert.Equal("白银", MemberTier.For(1000m, tiers)!.Name);
        Assert.Equal("黄金", MemberTier.For(19999.99m, tiers)!.Name);
        Assert.Equal("钻石", MemberTier.For(1_000_000m, tiers)!.Name);
        Assert.Null(MemberTier.For(500m, [Tier("白银", 1000m)]));
        Assert.Null(MemberTier.For(500m, []));
    }

    // ---------------- accounts ----------------

    [Fact]
    public void An_account_moves_up_and_down_with_its_growth()
    {
        MemberTier[] tiers = [Tier("普通", 0m), Tier("白银", 1000m), Tier("黄金", 5000m)];
        var account = MemberAccount.Open(Tenant, Guid.NewGuid(), Now);
        Assert.Equal((null, 0m, 0), (account.TierId, account.Growth, account.PointsBalance));

        Assert.True(account.Regrade(0m, tiers, Now));
        Assert.Equal(tiers[0].Id, account.TierId);

        Assert.True(account.Regrade(5000m, tiers, Now.AddDays(1)));
        Assert.Equal((tiers[2].Id, 5000m, (DateTimeOffset?)Now.AddDays(1)), (account.TierId, account.Growth, account.TierChangedAt));

        // More growth within the same tier: no change of tier, the growth is kept.
        Assert.False(account.Regrade(6000m, tiers, Now.AddDays(2)));
        Assert.Equal((6000m, (DateTimeOffset?)Now.AddDays(1), Now.AddDays(2)), (account.Growth, account.TierChangedAt, account.UpdatedAt));

        // A refund or orders ageing out of the window: down to 白银.
        Assert.True(account.Regrade(4999.99m, tiers, Now.AddDays(3)));
        Assert.Equal(tiers[1].Id, account.TierId);
    }

    // ---------------- points ledger ----------------

    [Fact]
    public void Positive_entries_keep_what_is_left_of_them_and_their_expiry()
    {
        var shopper = Guid.NewGuid();
        var expiry = Now.AddYears(1);
        var earned = PointsEntry.Create(Tenant, shopper, PointsEntryKind.Earned, 300, Guid.NewGuid(), null, expiry, Now);
        Assert.Equal((300, 300, (DateTimeOffset?)expiry, ""), (earned.Points, earned.Remaining, earned.ExpiresAt, earned.Note));

        Assert.Equal(120, earned.Consume(120));
        Assert.Equal(180, earned.Remaining);
        Assert.Equal(180, earned.Consume(500));
        Assert.Equal(0, earned.Remaining);
        Assert.Equal(0, earned.Consume(1));

        var redeemed = PointsEntry.Create(Tenant, shopper, PointsEntryKind.Redeemed, -300, Guid.NewGuid(), null, expiry, Now);
        Assert.Equal((-300, 0, null), (redeemed.Points, redeemed.Remaining, redeemed.ExpiresAt));

        var adjustedUp = PointsEntry.Create(Tenant, shopper, PointsEntryKind.Adjusted, 50, null, " 客服补偿 ", expiry, Now);
        Assert.Equal((50, "客服补偿"), (adjustedUp.Remaining, adjustedUp.Note));
        Assert.Equal(0, PointsEntry.Create(Tenant, shopper, PointsEntryKind.Adjusted, -50, null, "更正", null, Now).Remaining);
    }

    [Theory]
    [InlineData(PointsEntryKind.Earned, -1)]
    [InlineData(PointsEntryKind.Returned, -1)]
    [InlineData(PointsEntryKind.Redeemed, 1)]
    [InlineData(PointsEntryKind.Reversed, 1)]
    [InlineData(PointsEntryKind.Expired, 1)]
    public void An_entry_of_the_wrong_sign_for_its_kind_is_a_programming_error(PointsEntryKind kind, int points) =>
        Assert.Throws<ArgumentException>(() => PointsEntry.Create(Tenant, Guid.NewGuid(), kind, points, null, null, null, Now));

    [Fact]
    public void An_entry_of_zero_points_or_with_a_long_note_is_refused()
    {
        Assert.Equal("points.zero", Refusal(() => PointsEntry.Create(Tenant, Guid.NewGuid(), PointsEntryKind.Adjusted, 0, null, "x", null, Now)));
        Assert.Equal("points.note",
            Refusal(() => PointsEntry.Create(Tenant, Guid.NewGuid(), PointsEntryKind.Adjusted, 5, null, new string('备', 201), null, Now)));
        Assert.Equal(200, PointsEntry.Create(Tenant, Guid.NewGuid(), PointsEntryKind.Adjusted, 5, null, new string('备', 200), null, Now).Note.Length);
    }

    // ---------------- the programme ----------------

    [Fact]
    public void Points_earned_are_the_yuan_paid_times_the_rate_and_multiplier_rounded_down()
    {
        var programme = MemberProgramme.Default with { EarnPerYuan = 2 };
        Assert.Equal(399, programme.PointsFor(199.99m, 1m)); // 399.98
        Assert.Equal(599, programme.PointsFor(199.99m, 1.5m));
        Assert.Equal(1, programme.PointsFor(0.5m, 1m));
        Assert.Equal(0, programme.PointsFor(0.49m, 1m));
        Assert.Equal(0, programme.PointsFor(0m, 2m));
        Assert.Equal(0, programme.PointsFor(-10m, 2m));
    }

    [Fact]
    public void Points_expire_at_the_end_of_the_Nth_year_after_earning_in_Beijing_time()
    {
        var programme = MemberProgramme.Default; // 1 year

        // 2026-12-31 23:59:59 in Beijing: earned in 2026, expire when 2028 begins in Beijing (2027-12-31 16:00 UTC).
        Assert.Equal(new DateTimeOffset(2027, 12, 31, 16, 0, 0, TimeSpan.Zero),
            programme.ExpiryFor(new DateTimeOffset(2026, 12, 31, 15, 59, 59, TimeSpan.Zero)));

        // One second later it is 2027 in Beijing (still 2026 in UTC): a year more.
        Assert.Equal(new DateTimeOffset(2028, 12, 31, 16, 0, 0, TimeSpan.Zero), programme.ExpiryFor(new DateTimeOffset(2026, 12, 31, 16, 0, 0, TimeSpan.Zero)));

        Assert.Equal(new DateTimeOffset(2029, 12, 31, 16, 0, 0, TimeSpan.Zero), (programme with { ExpiryYears = 3 }).ExpiryFor(Now));
        Assert.Equal(Now.AddDays(-365), programme.GrowthWindowStart(Now));
    }

    [Fact]
    public void Points_expire_when_the_year_ends_in_the_stores_time_zone()
    {
        // 2027-01-01 01:00 UTC is 2027 in Beijing but 2026-12-31 20:00 in New York: earned in 2026 there, the points
        // expire when 2028 begins in New York (05:00 UTC, EST), a year before they would in a Beijing store.
        var earned = new DateTimeOffset(2027, 1, 1, 1, 0, 0, TimeSpan.Zero);
        Assert.Equal(new DateTimeOffset(2028, 12, 31, 16, 0, 0, TimeSpan.Zero), MemberProgramme.Default.ExpiryFor(earned));
        var newYork = MemberProgramme.Default with { TimeZoneId = "America/New_York" };
        Assert.Equal(new DateTimeOffset(2028, 1, 1, 5, 0, 0, TimeSpan.Zero), newYork.ExpiryFor(earned));
    }

    [Theory]
    [InlineData(-1, 100, 20, 1, 365, "points.earn")]
    [InlineData(101, 100, 20, 1, 365, "points.earn")]
    [InlineData(1, 0, 20, 1, 365, "points.redeem")]
    [InlineData(1, 10_001, 20, 1, 365, "points.redeem")]
    [InlineData(1, 100, -1, 1, 365, "points.cap")]
    [InlineData(1, 100, 101, 1, 365, "points.cap")]
    [InlineData(1, 100, 20, 0, 365, "points.expiry")]
    [InlineData(1, 100, 20, 6, 365, "points.expiry")]
    [InlineData(1, 100, 20, 1, 29, "points.window")]
    [InlineData(1, 100, 20, 1, 1096, "points.window")]
    public void A_programme_out_of_range_is_refused_and_the_store_keeps_its_rules(int earn, int redeem, int cap, int years, int window, string code)
    {
        var store = Store.Create("demo", "Demo 店", "zh-CN", "CNY", Now);
        Assert.Equal(code, Refusal(() => store.ConfigureMembers(new MemberProgramme(earn, redeem, cap, years, window))));
        Assert.Equal(MemberProgramme.Default, store.MemberProgramme);
    }

    [Fact]
    public void A_store_keeps_its_programme_and_hands_the_redemption_rules_to_the_engine()
    {
        var store = Store.Create("demo", "Demo 店", "zh-CN", "CNY", Now);
        var programme = new MemberProgramme(0, 10_000, 100, 5, 1095);
        store.ConfigureMembers(programme);

        Assert.Equal(programme, store.MemberProgramme);
        Assert.Equal((10_000, 100), (store.MemberProgramme.Redemption.PointsPerYuan, store.MemberProgramme.Redemption.CapPercent));
        new MemberProgramme(100, 1, 0, 1, 30).Validate();
    }
}
