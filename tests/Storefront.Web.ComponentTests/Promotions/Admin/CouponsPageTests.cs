using Storefront.Domain.Pricing;
using Storefront.Domain.Promotions;
using Storefront.Web.ComponentTests.Infrastructure;
using Storefront.Web.Features.Promotions.Admin;

namespace Storefront.Web.ComponentTests.Promotions.Admin;

/// <summary>
/// The coupon form's own logic: the fields that follow the coupon's kind and validity, the defaults of a new coupon,
/// and the enable/disable switch. Issuing and claiming rules are tested against PostgreSQL (CouponClaimTests).
/// </summary>
public sealed class CouponsPageTests : AdminPageTest
{
    private readonly List<ListCoupons.Row> _rows = [];

    public CouponsPageTests() => Mediator
        .On<ListPromotionTargets.Query, ListPromotionTargets.Targets>(_ => new([], [], []))
        .On<ListCoupons.Query, IReadOnlyList<ListCoupons.Row>>(_ => [.. _rows]);

    [Fact]
    public void Editing_a_rate_coupon_with_fixed_dates_shows_its_cap_and_its_dates_in_beijing_time()
    {
        _rows.Add(Coupon("九折券", CouponKind.Rate, 0.9m, cap: 30m, CouponValidity.FixedDates,
            from: new DateTimeOffset(2026, 12, 11, 16, 0, 0, TimeSpan.Zero), until: new DateTimeOffset(2026, 12, 31, 15, 59, 0, TimeSpan.Zero)));
        var page = Render<CouponsPage>();

        page.Find(By("coupon-edit")).Click();

        Assert.Equal("编辑优惠券", page.Find(By("coupon-form-title")).TextContent);
        Assert.Contains("折扣率（0.90 即 9 折）", page.Find(By("coupon-form")).TextContent);
        Assert.Single(page.FindAll(By("coupon-cap")));
        Assert.Equal("2026-12-12 00:00", page.Find(By("coupon-valid-from")).GetAttribute("value"));
        Assert.Equal("2026-12-31 23:59", page.Find(By("coupon-valid-until")).GetAttribute("value"));
        Assert.Empty(page.FindAll(By("coupon-valid-days")));
    }

    [Fact]
    public void A_new_coupon_is_an_amount_off_valid_thirty_days_from_this_minute_and_saving_sends_it_and_lists_it()
    {
        Mediator.On<SaveCoupon.Command, ListCoupons.Row>(c =>
        {
            var row = Coupon(c.Name, c.Kind, c.Value, c.Cap, c.Validity, c.ValidFrom, c.ValidUntil);
            _rows.Add(row);
            return row;
        });
        var page = Render<CouponsPage>();
        Assert.Contains("面额（元）", page.Find(By("coupon-form")).TextContent);
        Assert.Empty(page.FindAll(By("coupon-cap")));
        Assert.Equal("2026-12-05 18:00", page.Find(By("coupon-valid-from")).GetAttribute("value"));
        Assert.Equal("2027-01-04 18:00", page.Find(By("coupon-valid-until")).GetAttribute("value"));

        Type(page.Find(By("coupon-name")), "新人五元券");
        Type(page.Find(By("coupon-value")), 5);
        page.Find(By("coupon-form")).Submit();

        var sent = Assert.Single(Mediator.SentOf<SaveCoupon.Command>());
        Assert.Equal(("新人五元券", CouponKind.Amount, 5m), (sent.Name, sent.Kind, sent.Value));
        Assert.Equal((CouponValidity.FixedDates, 100, 1), (sent.Validity, sent.TotalQuantity, sent.PerShopperLimit));
        Assert.Equal((Now, Now.AddDays(30)), (sent.ValidFrom, sent.ValidUntil));
        Assert.Equal("已保存“新人五元券”。", page.Find(By("coupon-message")).TextContent);
        Assert.Equal(["新人五元券"], page.FindAll(By("coupon-row-name")).Select(n => n.TextContent));
        Assert.Equal("", page.Find(By("coupon-name")).GetAttribute("value"));
    }

    [Fact]
    public void Switching_off_an_enabled_coupon_sends_disable_and_says_so()
    {
        var coupon = Coupon("满百减十", CouponKind.Amount, 10m, null, CouponValidity.DaysFromClaim, null, null);
        _rows.Add(coupon);
        Mediator.On<SetPromotionEnabled.Command, SetPromotionEnabled.Result>(c => new(c.Id, c.Enabled));
        var page = Render<CouponsPage>();

        page.Find(By("coupon-toggle")).Click();

        Assert.Equal(new SetPromotionEnabled.Command(SetPromotionEnabled.PromotionKind.Coupon, coupon.Id, false),
            Assert.Single(Mediator.SentOf<SetPromotionEnabled.Command>()));
        Assert.Equal("已停用“满百减十”。", page.Find(By("coupon-message")).TextContent);
    }

    private static ListCoupons.Row Coupon(string name, CouponKind kind, decimal value, decimal? cap, CouponValidity validity,
        DateTimeOffset? from, DateTimeOffset? until) =>
        new(Guid.NewGuid(), name, kind, value, cap, 0m, ScopeKind.Store, [], true, validity, from, until,
            validity == CouponValidity.DaysFromClaim ? 7 : null, 100, 0, 1, true, false, true, 0, name);
}
