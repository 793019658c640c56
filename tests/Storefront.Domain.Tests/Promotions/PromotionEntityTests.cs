using Storefront.Domain.Common;
using Storefront.Domain.Pricing;
using Storefront.Domain.Promotions;

namespace Storefront.Domain.Tests.Promotions;

public sealed class PromotionEntityTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);
    private static readonly Guid Tenant = Guid.NewGuid();
    private static readonly Guid P1 = Guid.NewGuid();
    private static readonly Guid Sku1 = Guid.NewGuid();

    private static string Refusal(Action action) => Assert.Throws<DomainException>(action).Code;

    // ---------------- 限时折扣 ----------------

    private static ItemDiscountDraft Discount(
        ItemDiscountKind kind = ItemDiscountKind.Rate, decimal value = 0.8m, IReadOnlyList<Guid>? products = null, IReadOnlyList<Guid>? skus = null,
        string name = " 双十二 ") =>
        new(name, kind, value, products ?? [P1], skus, Now, Now.AddDays(1));

    [Fact]
    public void An_item_discount_keeps_its_terms_and_becomes_an_engine_rule()
    {
        var discount = ItemDiscount.Create(Tenant, Discount(products: [P1, P1], skus: [Sku1]), Now);

        Assert.Equal("双十二", discount.Name);
        Assert.Equal([P1], discount.ProductIds);
        var rule = discount.ToRule();
        Assert.Equal((discount.Id, ItemDiscountKind.Rate, 0.8m, Now, Now.AddDays(1)), (rule.Id, rule.Kind, rule.Value, rule.StartsAt, rule.EndsAt));
        Assert.True(rule.ProductIds.SetEquals([P1]) && rule.SkuIds.SetEquals([Sku1]));
        Assert.True(rule.IsLiveAt(Now));
        Assert.False(rule.IsLiveAt(Now.AddDays(1)));
    }

    [Theory]
    [InlineData(ItemDiscountKind.Rate, 1.0)]
    [InlineData(ItemDiscountKind.Rate, 1.5)]
    [InlineData(ItemDiscountKind.Rate, 0.0)]
    [InlineData(ItemDiscountKind.Rate, 0.855)]
    [InlineData(ItemDiscountKind.FixedPrice, 0.0)]
    [InlineData(ItemDiscountKind.FixedPrice, -1.0)]
    [InlineData(ItemDiscountKind.FixedPrice, 9.999)]
    public void An_item_discount_value_out_of_range_is_refused(ItemDiscountKind kind, double value) =>
        Assert.Equal("discount.value", Refusal(() => ItemDiscount.Create(Tenant, Discount(kind, (decimal)value), Now)));

    [Fact]
    public void An_item_discount_needs_a_name_a_period_and_products()
    {
        Assert.Equal("promotion.name", Refusal(() => ItemDiscount.Create(Tenant, Discount(name: "  "), Now)));
        Assert.Equal("promotion.name", Refusal(() => ItemDiscount.Create(Tenant, Discount(name: new string('折', 41)), Now)));
        Assert.Equal("promotion.period", Refusal(() => ItemDiscount.Create(Tenant, Discount() with { EndsAt = Now }, Now)));
        Assert.Equal("discount.scope", Refusal(() => ItemDiscount.Create(Tenant, Discount(products: []), Now)));
        Assert.Equal("discount.scope",
            Refusal(() => ItemDiscount.Create(Tenant, Discount(products: [.. Enumerable.Range(0, 501).Select(_ => Guid.NewGuid())]), Now)));
        Assert.Equal(500, ItemDiscount.Create(Tenant, Discount(products: [.. Enumerable.Range(0, 500).Select(_ => Guid.NewGuid())]), Now).ProductIds.Count);
    }

    [Fact]
    public void A_refused_update_changes_nothing()
    {
        var discount = ItemDiscount.Create(Tenant, Discount(), Now);
        Assert.Equal("discount.value", Refusal(() => discount.Update(Discount(value: 2m, name: "新名字"), Now.AddHours(1))));
        Assert.Equal(("双十二", 0.8m, Now), (discount.Name, discount.Value, discount.UpdatedAt));
    }

    // ---------------- 满减 / 满折 ----------------

    private static PromotionTier T(decimal threshold, decimal value) => new(threshold, value);

    private static OrderPromotionDraft Promotion(OrderPromotionKind kind, ThresholdKind threshold, params PromotionTier[] tiers) =>
        new("满减活动", kind, threshold, tiers, ScopeKind.Store, null, true, Now, Now.AddDays(7));

    [Fact]
    public void Order_promotion_tiers_are_kept_in_threshold_order()
    {
        var promotion = OrderPromotion.Create(Tenant, Promotion(OrderPromotionKind.AmountOff, ThresholdKind.Amount, T(300m, 100m), T(200m, 50m)), Now);

        Assert.Equal([new PromotionTier(200m, 50m), new PromotionTier(300m, 100m)], promotion.Tiers);
        var rule = promotion.ToRule();
        Assert.Equal(promotion.Tiers, rule.Tiers);
        Assert.Equal(ScopeKind.Store, rule.Scope.Kind);
        Assert.True(rule.StacksWithCoupons);
    }

    [Fact]
    public void 满200减250_and_满200减200_are_refused()
    {
        Assert.Equal("promotion.tiers",
            Refusal(() => OrderPromotion.Create(Tenant, Promotion(OrderPromotionKind.AmountOff, ThresholdKind.Amount, T(200m, 250m)), Now)));
        Assert.Equal("promotion.tiers",
            Refusal(() => OrderPromotion.Create(Tenant, Promotion(OrderPromotionKind.AmountOff, ThresholdKind.Amount, T(200m, 200m)), Now)));
        Assert.Equal(199.99m,
            OrderPromotion.Create(Tenant, Promotion(OrderPromotionKind.AmountOff, ThresholdKind.Amount, T(200m, 199.99m)), Now).Tiers[0].Value);
    }

    [Fact]
    public void Tiers_must_go_up_in_threshold_and_in_reward()
    {
        // A higher threshold that takes less off, the same threshold twice, the same reward twice.
        Assert.Equal("promotion.tiers",
            Refusal(() => OrderPromotion.Create(Tenant, Promotion(OrderPromotionKind.AmountOff, ThresholdKind.Amount, T(200m, 50m), T(300m, 40m)), Now)));
        Assert.Equal("promotion.tiers",
            Refusal(() => OrderPromotion.Create(Tenant, Promotion(OrderPromotionKind.AmountOff, ThresholdKind.Amount, T(200m, 50m), T(200m, 60m)), Now)));
        Assert.Equal("promotion.tiers",
            Refusal(() => OrderPromotion.Create(Tenant, Promotion(OrderPromotionKind.AmountOff, ThresholdKind.Amount, T(200m, 50m), T(300m, 50m)), Now)));

        // 满折: a higher threshold pays a lower rate.
        Assert.Equal("promotion.tiers",
            Refusal(() => OrderPromotion.Create(Tenant, Promotion(OrderPromotionKind.Rate, ThresholdKind.Quantity, T(2m, 0.8m), T(3m, 0.9m)), Now)));
        Assert.Equal(2, OrderPromotion.Create(Tenant, Promotion(OrderPromotionKind.Rate, ThresholdKind.Quantity, T(2m, 0.9m), T(3m, 0.8m)), Now).Tiers.Count);
    }

    [Fact]
    public void A_rate_must_be_between_0_and_1_and_a_piece_threshold_a_whole_number()
    {
        Assert.Equal("promotion.tiers",
            Refusal(() => OrderPromotion.Create(Tenant, Promotion(OrderPromotionKind.Rate, ThresholdKind.Amount, T(100m, 1.2m)), Now)));
        Assert.Equal("promotion.tiers",
            Refusal(() => OrderPromotion.Create(Tenant, Promotion(OrderPromotionKind.Rate, ThresholdKind.Amount, T(100m, 1m)), Now)));
        Assert.Equal("promotion.tiers",
            Refusal(() => OrderPromotion.Create(Tenant, Promotion(OrderPromotionKind.Rate, ThresholdKind.Amount, T(100m, 0m)), Now)));
        Assert.Equal("promotion.tiers",
            Refusal(() => OrderPromotion.Create(Tenant, Promotion(OrderPromotionKind.Rate, ThresholdKind.Quantity, T(2.5m, 0.9m)), Now)));
        Assert.Equal("promotion.tiers",
            Refusal(() => OrderPromotion.Create(Tenant, Promotion(OrderPromotionKind.Rate, ThresholdKind.Quantity, T(0m, 0.9m)), Now)));
        Assert.Equal("promotion.tiers",
            Refusal(() => OrderPromotion.Create(Tenant, Promotion(OrderPromotionKind.Rate, ThresholdKind.Quantity, T(1000m, 0.9m)), Now)));
        Assert.Equal("promotion.tiers",
            Refusal(() => OrderPromotion.Create(Tenant, Promotion(OrderPromotionKind.AmountOff, ThresholdKind.Amount, T(0m, 10m)), Now)));
    }

    [Fact]
    public void Between_one_and_five_tiers()
    {
        Assert.Equal("promotion.tiers", Refusal(() => OrderPromotion.Create(Tenant, Promotion(OrderPromotionKind.AmountOff, ThresholdKind.Amount), Now)));
        var six = Enumerable.Range(1, 6).Select(i => new PromotionTier(i * 100m, i * 10m)).ToArray();
        Assert.Equal("promotion.tiers", Refusal(() => OrderPromotion.Create(Tenant, Promotion(OrderPromotionKind.AmountOff, ThresholdKind.Amount, six), Now)));
        Assert.Equal(5, OrderPromotion.Create(Tenant, Promotion(OrderPromotionKind.AmountOff, ThresholdKind.Amount, six[..5]), Now).Tiers.Count);
    }

    [Fact]
    public void A_scope_needs_its_ids_and_the_whole_store_keeps_none()
    {
        var draft = Promotion(OrderPromotionKind.AmountOff, ThresholdKind.Amount, T(200m, 50m));
        Assert.Equal("promotion.scope", Refusal(() => OrderPromotion.Create(Tenant, draft with { Scope = ScopeKind.Categories, ScopeIds = [] }, Now)));
        Assert.Equal("promotion.period", Refusal(() => OrderPromotion.Create(Tenant, draft with { EndsAt = draft.StartsAt.AddSeconds(-1) }, Now)));
        Assert.Empty(OrderPromotion.Create(Tenant, draft with { ScopeIds = [P1] }, Now).ScopeIds);

        var category = Guid.NewGuid();
        var child = Guid.NewGuid();
        var scoped = OrderPromotion.Create(Tenant, draft with { Scope = ScopeKind.Categories, ScopeIds = [category, category] }, Now);
        Assert.Equal([category], scoped.ScopeIds);
        Assert.True(scoped.ToRule().Scope.Ids.SetEquals([category]));
        Assert.True(scoped.ToRule(new HashSet<Guid> { category, child }).Scope.Covers(new PricingLine(Sku1, P1, child, 10m, 1)));
    }

    // ---------------- 优惠券 ----------------

    private static CouponDraft CouponDraft(CouponKind kind = CouponKind.Amount, decimal value = 20m, decimal minSpend = 100m, decimal? cap = null) =>
        new("新人券", kind, value, cap, minSpend, ScopeKind.Store, null, Stackable: true, CouponValidity.FixedDates, Now, Now.AddDays(30), null, 1000, 2,
            Claimable: true, ForNewMembers: false);

    [Fact]
    public void A_coupon_keeps_its_terms()
    {
        var coupon = Coupon.Create(Tenant, CouponDraft(), Now);

        Assert.Equal(("新人券", CouponKind.Amount, 20m, 100m, 1000, 0, 1000),
            (coupon.Name, coupon.Kind, coupon.Value, coupon.MinSpend, coupon.TotalQuantity, coupon.Issued, coupon.Left));
        Assert.Equal((Now, Now.AddDays(30), null), (coupon.ValidFrom, coupon.ValidUntil, coupon.ValidDays));
    }

    [Fact]
    public void An_amount_coupon_above_its_minimum_spend_is_refused()
    {
        Assert.Equal("coupon.value", Refusal(() => Coupon.Create(Tenant, CouponDraft(value: 120m, minSpend: 100m), Now)));
        Assert.Equal(100m, Coupon.Create(Tenant, CouponDraft(value: 100m, minSpend: 100m), Now).Value);
        Assert.Equal(0m, Coupon.Create(Tenant, CouponDraft(value: 120m, minSpend: 0m), Now).MinSpend);
        Assert.Equal("coupon.value", Refusal(() => Coupon.Create(Tenant, CouponDraft(value: 0m), Now)));
    }

    [Fact]
    public void A_rate_coupon_is_a_rate_below_1_and_keeps_its_cap()
    {
        Assert.Equal("coupon.value", Refusal(() => Coupon.Create(Tenant, CouponDraft(CouponKind.Rate, 1.1m), Now)));
        Assert.Equal("coupon.value", Refusal(() => Coupon.Create(Tenant, CouponDraft(CouponKind.Rate, 0m), Now)));
        Assert.Equal("coupon.cap", Refusal(() => Coupon.Create(Tenant, CouponDraft(CouponKind.Rate, 0.9m, cap: 0m), Now)));
        Assert.Equal(30m, Coupon.Create(Tenant, CouponDraft(CouponKind.Rate, 0.9m, cap: 30m), Now).Cap);

        // A cap means nothing on an amount coupon: it is dropped.
        Assert.Null(Coupon.Create(Tenant, CouponDraft(cap: 30m), Now).Cap);
    }

    [Fact]
    public void A_coupon_needs_a_minimum_spend_validity_quantity_and_limit_in_range()
    {
        Assert.Equal("coupon.min-spend", Refusal(() => Coupon.Create(Tenant, CouponDraft(minSpend: -1m), Now)));
        Assert.Equal("coupon.min-spend", Refusal(() => Coupon.Create(Tenant, CouponDraft(minSpend: 100.001m), Now)));
        Assert.Equal("coupon.validity", Refusal(() => Coupon.Create(Tenant, CouponDraft() with { ValidFrom = null }, Now)));
        Assert.Equal("promotion.period", Refusal(() => Coupon.Create(Tenant, CouponDraft() with { ValidUntil = Now.AddDays(-1) }, Now)));
        Assert.Equal("coupon.validity",
            Refusal(() => Coupon.Create(Tenant, CouponDraft() with { Validity = CouponValidity.DaysFromClaim, ValidDays = 0 }, Now)));
        Assert.Equal("coupon.validity",
            Refusal(() => Coupon.Create(Tenant, CouponDraft() with { Validity = CouponValidity.DaysFromClaim, ValidDays = 366 }, Now)));
        Assert.Equal("coupon.quantity", Refusal(() => Coupon.Create(Tenant, CouponDraft() with { TotalQuantity = 0 }, Now)));
        Assert.Equal("coupon.quantity", Refusal(() => Coupon.Create(Tenant, CouponDraft() with { TotalQuantity = Coupon.MaxQuantity + 1 }, Now)));
        Assert.Equal("coupon.limit", Refusal(() => Coupon.Create(Tenant, CouponDraft() with { PerShopperLimit = 0 }, Now)));
        Assert.Equal("coupon.limit", Refusal(() => Coupon.Create(Tenant, CouponDraft() with { PerShopperLimit = 101 }, Now)));
        Assert.Equal("promotion.scope", Refusal(() => Coupon.Create(Tenant, CouponDraft() with { Scope = ScopeKind.Products, ScopeIds = [] }, Now)));
    }

    [Fact]
    public void Days_from_claim_drops_the_fixed_dates()
    {
        var coupon = Coupon.Create(Tenant, CouponDraft() with { Validity = CouponValidity.DaysFromClaim, ValidDays = 7 }, Now);
        Assert.Equal((null, null, 7), (coupon.ValidFrom, coupon.ValidUntil, coupon.ValidDays));
    }

    [Fact]
    public void A_copy_is_valid_for_the_fixed_dates_or_for_N_days_from_the_claim()
    {
        var shopper = Guid.NewGuid();
        var fixedDates = Coupon.Create(Tenant, CouponDraft(), Now).IssueTo(shopper, CouponSource.Claimed, Now.AddDays(2));
        Assert.Equal((Now, Now.AddDays(30), shopper, CouponSource.Claimed, Now.AddDays(2)),
            (fixedDates.ValidFrom, fixedDates.ValidUntil, fixedDates.ShopperId, fixedDates.Source, fixedDates.ClaimedAt));

        var claimedAt = Now.AddDays(100);
        var days = Coupon.Create(Tenant, CouponDraft() with { Validity = CouponValidity.DaysFromClaim, ValidDays = 7 }, Now)
            .IssueTo(shopper, CouponSource.Welcome, claimedAt);
        Assert.Equal((claimedAt, claimedAt.AddDays(7)), (days.ValidFrom, days.ValidUntil));
        Assert.Null(days.UsedOrderId);
    }

    [Fact]
    public void A_disabled_or_expired_coupon_is_not_handed_out()
    {
        var coupon = Coupon.Create(Tenant, CouponDraft(), Now);
        Assert.True(coupon.CanIssueAt(Now.AddDays(30).AddTicks(-1)));
        Assert.False(coupon.CanIssueAt(Now.AddDays(30)));
        var expired = Assert.Throws<DomainException>(() => coupon.IssueTo(Guid.NewGuid(), CouponSource.Claimed, Now.AddDays(30)));
        Assert.Equal("coupon.unavailable", expired.Code);
        Assert.True(expired.IsConflict);

        coupon.SetEnabled(false, Now);
        Assert.Equal("coupon.unavailable", Refusal(() => coupon.IssueTo(Guid.NewGuid(), CouponSource.Sent, Now)));
    }

    [Fact]
    public void A_copy_becomes_an_offer_for_the_engine()
    {
        var coupon = Coupon.Create(Tenant,
            CouponDraft(CouponKind.Rate, 0.85m, minSpend: 50m, cap: 40m) with { Stackable = false, Scope = ScopeKind.Categories, ScopeIds = [P1] }, Now);
        var copy = coupon.IssueTo(Guid.NewGuid(), CouponSource.Claimed, Now);
        var offer = coupon.ToOffer(copy);

        Assert.Equal((copy.Id, coupon.Id, CouponKind.Rate, 0.85m, 40m, 50m, false, Now, Now.AddDays(30)),
            (offer.ShopperCouponId, offer.CouponId, offer.Kind, offer.Value, offer.Cap, offer.MinSpend, offer.Stackable, offer.ValidFrom, offer.ValidUntil));
        Assert.Equal(ScopeKind.Categories, offer.Scope.Kind);
        Assert.True(offer.Scope.Ids.SetEquals([P1]));
        Assert.True(offer.IsValidAt(Now));
        Assert.False(offer.IsValidAt(Now.AddDays(30)));
    }

    [Fact]
    public void A_copy_is_used_once_within_its_validity()
    {
        var copy = Coupon.Create(Tenant, CouponDraft(), Now).IssueTo(Guid.NewGuid(), CouponSource.Claimed, Now);
        var order = Guid.NewGuid();

        Assert.Equal("coupon.expired", Refusal(() => copy.Use(order, Now.AddDays(30))));
        Assert.Equal("coupon.expired", Refusal(() => copy.Use(order, Now.AddTicks(-1))));
        Assert.True(copy.IsUsable(Now));

        copy.Use(order, Now.AddHours(1));
        Assert.Equal((order, Now.AddHours(1)), (copy.UsedOrderId, copy.UsedAt));
        Assert.False(copy.IsUsable(Now.AddHours(2)));
        var twice = Assert.Throws<DomainException>(() => copy.Use(Guid.NewGuid(), Now.AddHours(2)));
        Assert.Equal("coupon.used", twice.Code);
        Assert.True(twice.IsConflict);
    }

    [Fact]
    public void A_copy_comes_back_from_its_own_order_only_while_still_valid()
    {
        var copy = Coupon.Create(Tenant, CouponDraft(), Now).IssueTo(Guid.NewGuid(), CouponSource.Claimed, Now);
        var order = Guid.NewGuid();
        copy.Use(order, Now);

        Assert.False(copy.Return(Guid.NewGuid(), Now.AddDays(1)));
        Assert.Equal(order, copy.UsedOrderId);
        Assert.True(copy.Return(order, Now.AddDays(1)));
        Assert.Equal((null, null), (copy.UsedOrderId, copy.UsedAt));
        Assert.True(copy.IsUsable(Now.AddDays(1)));

        copy.Use(order, Now.AddDays(2));
        Assert.False(copy.Return(order, Now.AddDays(30)));
        Assert.Equal(order, copy.UsedOrderId);
    }

    // ---------------- 秒杀 ----------------

    private static FlashSale Sale() => FlashSale.Create(Tenant, "双十二秒杀", Now, Now.AddHours(2), Now.AddDays(-1));

    [Fact]
    public void A_flash_sale_is_live_from_its_start_second_until_its_end_second_while_enabled()
    {
        var sale = Sale();
        Assert.False(sale.IsLiveAt(Now.AddTicks(-1)));
        Assert.True(sale.IsLiveAt(Now));
        Assert.False(sale.IsLiveAt(Now.AddHours(2)));
        sale.SetEnabled(false, Now);
        Assert.False(sale.IsLiveAt(Now));
        Assert.Equal("promotion.period", Refusal(() => FlashSale.Create(Tenant, "秒杀", Now, Now, Now)));
        Assert.Equal("promotion.name", Refusal(() => FlashSale.Create(Tenant, " ", Now, Now.AddHours(1), Now)));
    }

    [Fact]
    public void A_flash_item_has_a_price_below_the_list_price_a_limit_and_a_quota()
    {
        var sale = Sale();
        Assert.Equal("flash.price", Refusal(() => sale.SetItem(P1, new(Sku1, 100m, 10, 1), 100m, Now)));
        Assert.Equal("flash.price", Refusal(() => sale.SetItem(P1, new(Sku1, 0m, 10, 1), 100m, Now)));
        Assert.Equal("flash.limit", Refusal(() => sale.SetItem(P1, new(Sku1, 59m, 10, 0), 100m, Now)));
        Assert.Equal("flash.limit", Refusal(() => sale.SetItem(P1, new(Sku1, 59m, 10, 100), 100m, Now)));
        Assert.Equal("flash.quota", Refusal(() => sale.SetItem(P1, new(Sku1, 59m, 0, 1), 100m, Now)));
        Assert.Equal("flash.quota", Refusal(() => sale.SetItem(P1, new(Sku1, 59m, 100_001, 1), 100m, Now)));
        Assert.Empty(sale.Items);

        var item = sale.SetItem(P1, new(Sku1, 99.99m, 50, 2), 100m, Now);
        Assert.Equal((Sku1, P1, 99.99m, 50, 2, 0, 50), (item.SkuId, item.ProductId, item.FlashPrice, item.Quota, item.PerShopperLimit, item.Sold, item.Left));
    }

    [Fact]
    public void Setting_a_sku_twice_changes_its_terms_and_a_session_holds_at_most_100_skus()
    {
        var sale = Sale();
        var first = sale.SetItem(P1, new(Sku1, 59m, 10, 1), 100m, Now);
        var again = sale.SetItem(P1, new(Sku1, 49m, 20, 3), 100m, Now);
        Assert.Same(first, again);
        Assert.Single(sale.Items);
        Assert.Equal((49m, 20, 3), (again.FlashPrice, again.Quota, again.PerShopperLimit));

        for (var i = 1; i < FlashSale.MaxItems; i++)
        {
            sale.SetItem(P1, new(Guid.NewGuid(), 1m, 1, 1), 2m, Now);
        }

        Assert.Equal("flash.items", Refusal(() => sale.SetItem(P1, new(Guid.NewGuid(), 1m, 1, 1), 2m, Now)));
        sale.RemoveItem(Sku1, Now);
        Assert.Equal(FlashSale.MaxItems - 1, sale.Items.Count);
        Assert.Equal("flash.item", Refusal(() => sale.RemoveItem(Sku1, Now)));
    }

    [Fact]
    public void A_flash_item_becomes_an_engine_rule_with_what_the_shopper_may_still_buy()
    {
        var sale = Sale();
        var item = sale.SetItem(P1, new(Sku1, 59m, 10, 3), 100m, Now);
        var rule = sale.ToRule(item, alreadyBought: 2);

        Assert.Equal((item.Id, sale.Id, Sku1, 59m, 10, 3, 2, 1),
            (rule.ItemId, rule.SessionId, rule.SkuId, rule.Price, rule.QuotaLeft, rule.PerShopperLimit, rule.AlreadyBought, rule.AllowedFor));
        Assert.Equal(0, (rule with { AlreadyBought = 5 }).AllowedFor);
        Assert.True(rule.IsLiveAt(Now) && !rule.IsLiveAt(Now.AddHours(2)));
    }
}
