using Storefront.Domain.Common;
using Storefront.Domain.Pricing;
using static Storefront.Domain.Tests.Pricing.PricingCases;

namespace Storefront.Domain.Tests.Pricing;

/// <summary>
/// The table of priced carts: each rule of <see cref="PricingEngine"/> alone, then in combination, at its boundaries.
/// Every expected amount is worked out by hand from the rules in the engine's doc comment (the arithmetic is in the
/// comment beside each case), never by calling the engine.
/// </summary>
public sealed class PricingCaseTests
{
    private static readonly PricingCase[] Cases =
    [
        // ---------------- list price and shipping ----------------
        new("list: price times quantity, no promotions", [L("a", 19.90m, 3), L("b", 0.33m, 7)],
            E(62.01m, 0m, 0m, 62.01m, 59.70m, 2.31m)),
        new("shipping: a flat fee is added to the total", [L("a", 50m)],
            E(50m, 0m, 10m, 60m, 50m)) { Shipping = Flat10 },
        new("shipping: free from 99 at exactly 99.00", [L("a", 33m, 3)],
            E(99m, 0m, 0m, 99m, 99m)) { Shipping = Free99 },
        new("shipping: 98.99 pays the fee", [L("a", 98.99m)],
            E(98.99m, 0m, 10m, 108.99m, 98.99m)) { Shipping = Free99 },

        // ---------------- member tier ----------------
        // 99.99 × 0.95 = 94.9905 → 94.99 a unit; × 3 = 284.97; 299.97 − 284.97 = 15.00.
        new("member: the tier's rate per unit, rounded to the cent", [L("a", 99.99m, 3)],
            E(299.97m, 15m, 0m, 284.97m, 284.97m) with { LineAdjustments = [["member 15.00 白银"]] }) { Tier = Tier("白银", 0.95m) },
        // 0.10 × 0.95 = 0.095 → 0.10 (half away from zero): nothing saved, no adjustment.
        new("member: a half cent rounds away from zero, so 0.10 at 95折 stays 0.10", [L("a", 0.10m, 5)],
            E(0.50m, 0m, 0m, 0.50m, 0.50m) with { LineAdjustments = [[]] }) { Tier = Tier("白银", 0.95m) },
        // 0.30 × 0.95 = 0.285 → 0.29.
        new("member: 0.30 at 95折 is 0.29", [L("a", 0.30m)],
            E(0.30m, 0.01m, 0m, 0.29m, 0.29m)) { Tier = Tier("白银", 0.95m) },
        new("member: a tier with free shipping waives the whole fee", [L("a", 50m)],
            E(50m, 0m, 0m, 50m, 50m) with { Waived = 10m }) { Tier = Tier("黄金", 1m, freeShipping: true, multiplier: 2m), Shipping = Flat10 },
        // 2 × 700 g = 1400 g: 18 + one further step of 8 = 26, waived.
        new("member: free shipping waives a by-weight fee too", [L("a", 20m, 2, grams: 700)],
            E(40m, 0m, 0m, 40m, 40m) with { Waived = 26m }) { Tier = Tier("钻石", 1m, freeShipping: true), Shipping = ByWeight },

        // ---------------- 限时折扣 ----------------
        // 99.90 × 0.8 = 79.92; × 2 = 159.84; 199.80 − 159.84 = 39.96.
        new("discount: 8折 on a product", [L("a", 99.90m, 2)],
            E(199.80m, 39.96m, 0m, 159.84m, 159.84m) with { LineAdjustments = [["item-discount 39.96 八折"]] })
        {
            Discounts = [RateOff("八折", 0.8m, products: ["a"])],
        },
        new("discount: a fixed price per unit", [L("a", 59m, 2)],
            E(118m, 40m, 0m, 78m, 78m) with { LineAdjustments = [["item-discount 40.00 特价39"]] }) { Discounts = [FixedPrice("特价39", 39m, products: ["a"])] },
        new("discount: a fixed price above the list price does nothing", [L("a", 30m)],
            E(30m, 0m, 0m, 30m, 30m) with { LineAdjustments = [[]] }) { Discounts = [FixedPrice("特价39", 39m, products: ["a"])] },
        // 8折 gives 80.00, the fixed price 75.00: the lower wins.
        new("discount: the lowest of two live discounts wins", [L("a", 100m)],
            E(100m, 25m, 0m, 75m, 75m) with { LineAdjustments = [["item-discount 25.00 特价75"]] })
        {
            Discounts = [RateOff("八折", 0.8m, products: ["a"]), FixedPrice("特价75", 75m, products: ["a"])],
        },
        new("discount: on one SKU of a product, not its sibling", [L("a", 100m, product: "p"), L("b", 100m, product: "p")],
            E(200m, 30m, 0m, 170m, 70m, 100m)) { Discounts = [RateOff("七折", 0.7m, skus: ["a"])] },
        // a: 限时折扣 85 (the member rate does not stack on it); b: member 90.
        new("discount: replaces the member rate, which still applies to other lines", [L("a", 100m), L("b", 100m)],
            E(200m, 25m, 0m, 175m, 85m, 90m) with { LineAdjustments = [["item-discount 15.00 85折"], ["member 10.00 白银"]] })
        {
            Tier = Tier("白银", 0.9m), Discounts = [RateOff("85折", 0.85m, products: ["a"])],
        },
        new("discount: over at its end second", [L("a", 100m)],
            E(100m, 0m, 0m, 100m, 100m)) { Discounts = [RateOff("八折", 0.8m, products: ["a"], from: Before, to: At)] },
        new("discount: live at its start second", [L("a", 100m)],
            E(100m, 20m, 0m, 80m, 80m)) { Discounts = [RateOff("八折", 0.8m, products: ["a"], from: At, to: After)] },
        new("discount: one second before its start it is not live", [L("a", 100m)],
            E(100m, 0m, 0m, 100m, 100m)) { Discounts = [RateOff("八折", 0.8m, products: ["a"], from: At.AddSeconds(1), to: After)] },

        // ---------------- 秒杀 ----------------
        // 59.90 × 2 = 119.80; 200 − 119.80 = 80.20.
        new("flash: the flash price within limit and quota", [L("a", 100m, 2)],
            E(200m, 80.20m, 0m, 119.80m, 119.80m) with { FlashItems = ["秒杀A"], LineAdjustments = [["flash 80.20 秒杀A"]] })
        {
            Flash = [Flash("秒杀A", "a", 59.90m, quotaLeft: 10, limit: 2)],
        },
        new("flash: more than the per-shopper limit pays the list price for the whole line", [L("a", 100m, 3)],
            E(300m, 0m, 0m, 300m, 300m) with { FlashItems = [null], Notes = ["秒杀每人限购 2 件，超出按原价计：请改为 2 件以享秒杀价。"] })
        {
            Flash = [Flash("秒杀A", "a", 59.90m, quotaLeft: 10, limit: 2)],
        },
        new("flash: a shopper who already bought the limit pays the list price", [L("a", 100m)],
            E(100m, 0m, 0m, 100m, 100m) with { Notes = ["秒杀每人限购 2 件，你已买过，按原价计。"] }) { Flash = [Flash("秒杀A", "a", 59.90m, limit: 2, bought: 2)] },
        new("flash: one bought of a limit of 2 leaves one at the flash price", [L("a", 100m)],
            E(100m, 40.10m, 0m, 59.90m, 59.90m) with { FlashItems = ["秒杀A"] }) { Flash = [Flash("秒杀A", "a", 59.90m, limit: 2, bought: 1)] },
        new("flash: one bought of a limit of 2: two more pay the list price", [L("a", 100m, 2)],
            E(200m, 0m, 0m, 200m, 200m) with { Notes = ["秒杀每人限购 2 件，超出按原价计：请改为 1 件以享秒杀价。"] }) { Flash = [Flash("秒杀A", "a", 59.90m, limit: 2, bought: 1)] },
        new("flash: more than the quota left pays the list price", [L("a", 100m, 2)],
            E(200m, 0m, 0m, 200m, 200m) with { Notes = ["秒杀仅剩 1 件，超出按原价计。"] }) { Flash = [Flash("秒杀A", "a", 59.90m, quotaLeft: 1, limit: 5)] },
        new("flash: exactly the quota left gets the flash price", [L("a", 100m, 2)],
            E(200m, 80.20m, 0m, 119.80m, 119.80m) with { FlashItems = ["秒杀A"] }) { Flash = [Flash("秒杀A", "a", 59.90m, quotaLeft: 2, limit: 2)] },
        new("flash: sold out", [L("a", 100m)],
            E(100m, 0m, 0m, 100m, 100m) with { Notes = ["秒杀已抢光，按原价计。"] }) { Flash = [Flash("秒杀A", "a", 59.90m, quotaLeft: 0)] },
        // Not live: no note, and the member rate applies: 90.
        new("flash: over at its end second, the member price applies", [L("a", 100m)],
            E(100m, 10m, 0m, 90m, 90m) with { FlashItems = [null] }) { Tier = Tier("白银", 0.9m), Flash = [Flash("秒杀A", "a", 59.90m, from: Before, to: At)] },
        new("flash: live at its start second, instead of the member price", [L("a", 100m)],
            E(100m, 40.10m, 0m, 59.90m, 59.90m) with { FlashItems = ["秒杀A"], LineAdjustments = [["flash 40.10 秒杀A"]] })
        {
            Tier = Tier("白银", 0.9m), Flash = [Flash("秒杀A", "a", 59.90m, from: At, to: After)],
        },
        // b alone (150) is below 满200, the flash line does not count; the coupon covers b only: 150 − 10.
        new("flash: the flash line is left out of 满减 and the coupon", [L("a", 100m), L("b", 150m)],
            E(250m, 50m, 0m, 200m, 60m, 140m) with
            {
                Coupon = "满100减10", Recommended = "满100减10", Order = ["coupon 10.00 满100减10"], Hints = ["再买¥50.00可减50"],
                LineAdjustments = [["flash 40.00 秒杀A"], ["coupon 10.00 满100减10"]], FlashItems = ["秒杀A", null],
            })
        {
            Flash = [Flash("秒杀A", "a", 60m)], Promotions = [AmountOff("满200减50", [(200m, 50m)])], Coupons = [AmountCoupon("满100减10", 10m, minSpend: 100m)],
        },
        // Over the limit the line is ordinary again: 300 reaches 满200.
        new("flash: a line refused the flash price takes 满减 like any other", [L("a", 100m, 3)],
            E(300m, 50m, 0m, 250m, 250m) with { Order = ["order-promotion 50.00 满200减50"], Hints = ["已享满200减50"], Notes = ["秒杀每人限购 2 件，超出按原价计：请改为 2 件以享秒杀价。"] })
        {
            Flash = [Flash("秒杀A", "a", 60m, limit: 2)], Promotions = [AmountOff("满200减50", [(200m, 50m)])],
        },
        // 限时折扣 6折 = 60 beats the flash price 70: the line is an ordinary one (and so takes 满减 and coupons).
        new("flash: a 限时折扣 below the flash price wins over it", [L("a", 100m, 2)],
            E(200m, 80m, 0m, 120m, 120m) with { FlashItems = [null], LineAdjustments = [["item-discount 80.00 六折"]] })
        {
            Flash = [Flash("秒杀A", "a", 70m)], Discounts = [RateOff("六折", 0.6m, products: ["a"])],
        },
        new("flash: a member price below the flash price wins over it", [L("a", 100m)],
            E(100m, 50m, 0m, 50m, 50m) with { FlashItems = [null], LineAdjustments = [["member 50.00 五折会员"]] })
        {
            Tier = Tier("五折会员", 0.5m), Flash = [Flash("秒杀A", "a", 60m)],
        },
        new("flash: a flash price not below the list price is ignored, the 限时折扣 applies", [L("a", 50m)],
            E(50m, 10m, 0m, 40m, 40m) with { FlashItems = [null] }) { Flash = [Flash("秒杀A", "a", 60m)], Discounts = [RateOff("八折", 0.8m, products: ["a"])] },

        // ---------------- 满减 / 满折 ----------------
        // 50 over 120:80 = 30 and 20.
        new("满减: exactly 200.00 reaches 满200", [L("a", 120m), L("b", 80m)],
            E(200m, 50m, 0m, 150m, 90m, 60m) with { Order = ["order-promotion 50.00 满200减50"], Hints = ["已享满200减50"] })
        {
            Promotions = [AmountOff("满200减50", [(200m, 50m)])],
        },
        new("满减: 199.99 misses by a cent", [L("a", 119.99m), L("b", 80m)],
            E(199.99m, 0m, 0m, 199.99m, 119.99m, 80m) with { Hints = ["再买¥0.01可减50"] }) { Promotions = [AmountOff("满200减50", [(200m, 50m)])] },
        new("满减: the highest tier reached, no hint beyond the last tier", [L("a", 350m)],
            E(350m, 100m, 0m, 250m, 250m) with { Order = ["order-promotion 100.00 满减"], Hints = ["已享满300减100"] })
        {
            Promotions = [AmountOff("满减", [(200m, 50m), (300m, 100m)])],
        },
        new("满减: applied and the next tier within reach", [L("a", 250m)],
            E(250m, 50m, 0m, 200m, 200m) with { Order = ["order-promotion 50.00 满减"], Hints = ["已享满200减50", "再买¥50.00可减100"] })
        {
            Promotions = [AmountOff("满减", [(200m, 50m), (300m, 100m)])],
        },
        // 50 over 250 / 0.01: the small line's share (0.19 of a cent) rounds to nothing, but it still counts toward the next tier: 49.99 to go.
        new("满减: a line whose share rounds to nothing still counts toward the next tier", [L("a", 250m), L("b", 0.01m)],
            E(250.01m, 50m, 0m, 200.01m, 200m, 0.01m) with
            {
                Order = ["order-promotion 50.00 满减"],
                Hints = ["已享满200减50", "再买¥49.99可减100"],
                LineAdjustments = [["order-promotion 50.00 满减"], []],
            })
        {
            Promotions = [AmountOff("满减", [(200m, 50m), (300m, 100m)])],
        },
        // 0.01 × 0.9 = 0.009 → 0.01: nothing off.
        new("coupon: a rate coupon that takes nothing off is not usable", [L("a", 0.01m)],
            E(0.01m, 0m, 0m, 0.01m, 0.01m) with { Options = ["9折券 ✗ 这张优惠券对本单没有优惠。"] }) { Coupons = [RateCoupon("9折券", 0.9m)] },
        // 100 × 0.9 = 90: 10 off over 45:55 = 4.50 and 5.50.
        new("满折: 满2件9折 on two pieces", [L("a", 45m), L("b", 55m)],
            E(100m, 10m, 0m, 90m, 40.50m, 49.50m) with { Order = ["order-promotion 10.00 满件折"], Hints = ["已享满2件9折", "再买1件享8折"] })
        {
            Promotions = [PiecesRate("满件折", [(2m, 0.9m), (3m, 0.8m)])],
        },
        new("满折: one piece short", [L("a", 45m)],
            E(45m, 0m, 0m, 45m, 45m) with { Hints = ["再买1件享9折"] }) { Promotions = [PiecesRate("满件折", [(2m, 0.9m), (3m, 0.8m)])] },
        // Quantity of one line counts: 3 pieces → 8折: 3 × 33.33 = 99.99; × 0.8 = 79.992 → 79.99; off 20.00.
        new("满折: three of one SKU reach the 3-piece tier", [L("a", 33.33m, 3)],
            E(99.99m, 20m, 0m, 79.99m, 79.99m) with { Order = ["order-promotion 20.00 满件折"], Hints = ["已享满3件8折"] })
        {
            Promotions = [PiecesRate("满件折", [(2m, 0.9m), (3m, 0.8m)])],
        },
        // 100.00 × 0.95 = 95.00: 5.00 over 33.33/33.33/33.34: floors 1.66 each (remainders .65/.65/.70), the two cents left go to c then a.
        new("满折: the amount off spread by largest remainder", [L("a", 33.33m), L("b", 33.33m), L("c", 33.34m)],
            E(100m, 5m, 0m, 95m, 31.66m, 31.67m, 31.67m) with { Order = ["order-promotion 5.00 满100享95折"], Hints = ["已享满100打9.5折"] })
        {
            Promotions = [Promotion("满100享95折", OrderPromotionKind.Rate, ThresholdKind.Amount, [(100m, 0.95m)])],
        },
        // 50 over 79/129/299 (507): 7.79, 12.72, 29.49.
        new("满减: 50 spread over three uneven lines sums exactly", [L("a", 79m), L("b", 129m), L("c", 299m)],
            E(507m, 50m, 0m, 457m, 71.21m, 116.28m, 269.51m) with { Order = ["order-promotion 50.00 满500减50"], Hints = ["已享满500减50"] })
        {
            Promotions = [AmountOff("满500减50", [(500m, 50m)])],
        },
        new("满减: a category scope counts only its lines", [L("a", 150m, category: "鞋"), L("b", 100m, category: "包")],
            E(250m, 20m, 0m, 230m, 130m, 100m) with { Order = ["order-promotion 20.00 鞋满100减20"], Hints = ["已享满100减20"] })
        {
            Promotions = [AmountOff("鞋满100减20", [(100m, 20m)], Categories("鞋"))],
        },
        new("满减: a product scope is not reached by the rest of the cart", [L("a", 80m), L("b", 150m)],
            E(230m, 0m, 0m, 230m, 80m, 150m) with { Hints = ["再买¥20.00可减20"] }) { Promotions = [AmountOff("A满100减20", [(100m, 20m)], Products("a"))] },
        // 鞋 saves 40 on a (150), the store-wide one 30 on both: 鞋 goes first and claims a; b alone (100) misses 满200.
        new("满减: promotions do not stack on a line; the one saving most goes first", [L("a", 150m, category: "鞋"), L("b", 100m, category: "包")],
            E(250m, 40m, 0m, 210m, 110m, 100m) with { Order = ["order-promotion 40.00 鞋满100减40"], Hints = ["再买¥100.00可减30", "已享满100减40"] })
        {
            Promotions = [AmountOff("全场满200减30", [(200m, 30m)]), AmountOff("鞋满100减40", [(100m, 40m)], Categories("鞋"))],
        },
        new("满减: two promotions on different lines both apply", [L("a", 120m, category: "鞋"), L("b", 100m, category: "包")],
            E(220m, 30m, 0m, 190m, 100m, 90m) with
            {
                Order = ["order-promotion 20.00 鞋满100减20", "order-promotion 10.00 包满100减10"],
                Hints = ["已享满100减20", "已享满100减10"],
            })
        {
            Promotions = [AmountOff("鞋满100减20", [(100m, 20m)], Categories("鞋")), AmountOff("包满100减10", [(100m, 10m)], Categories("包"))],
        },
        // 250 × 0.8 = 200.00: exactly reaches 满200 after the item stage.
        new("满减: the threshold is on the amount after the 限时折扣", [L("a", 250m)],
            E(250m, 100m, 0m, 150m, 150m) with
            {
                Order = ["order-promotion 50.00 满200减50"],
                Hints = ["已享满200减50"],
                LineAdjustments = [["item-discount 50.00 八折", "order-promotion 50.00 满200减50"]],
            })
        {
            Discounts = [RateOff("八折", 0.8m, products: ["a"])], Promotions = [AmountOff("满200减50", [(200m, 50m)])],
        },
        // 220 × 0.9 = 198: 2.00 short.
        new("满减: the member price counts toward the threshold", [L("a", 220m)],
            E(220m, 22m, 0m, 198m, 198m) with { Hints = ["再买¥2.00可减50"] }) { Tier = Tier("白银", 0.9m), Promotions = [AmountOff("满200减50", [(200m, 50m)])] },
        new("满减: over at its end second (no hint either)", [L("a", 200m)],
            E(200m, 0m, 0m, 200m, 200m)) { Promotions = [AmountOff("满200减50", [(200m, 50m)], from: Before, to: At)] },
        new("满减: live at its start second", [L("a", 200m)],
            E(200m, 50m, 0m, 150m, 150m) with { Order = ["order-promotion 50.00 满200减50"], Hints = ["已享满200减50"] })
        {
            Promotions = [AmountOff("满200减50", [(200m, 50m)], from: At, to: After)],
        },
        // 满1件减50 on a 30.00 line: never more than the amount, the line is free and the total is not negative.
        new("满减: never more than the covered amount", [L("a", 30m)],
            E(30m, 30m, 10m, 10m, 0m) with { Order = ["order-promotion 30.00 满1件减50"], Hints = ["已享满1件减50"] })
        {
            Shipping = Flat10, Promotions = [Promotion("满1件减50", OrderPromotionKind.AmountOff, ThresholdKind.Quantity, [(1m, 50m)])],
        },
        // Flash lines do not count toward 满N件 either: b alone is one piece.
        new("满折: flash lines do not count toward the pieces", [L("a", 100m), L("b", 50m)],
            E(150m, 40m, 0m, 110m, 60m, 50m) with { Hints = ["再买1件享9折"], FlashItems = ["秒杀A", null] })
        {
            Flash = [Flash("秒杀A", "a", 60m)], Promotions = [PiecesRate("满2件9折", [(2m, 0.9m)])],
        },

        // ---------------- coupons ----------------
        // 300 − 50 (满减, stacks) = 250 ≥ 200: − 20 = 230.
        new("coupon: a stackable coupon on top of 满减", [L("a", 300m)],
            E(300m, 70m, 0m, 230m, 230m) with
            {
                Order = ["order-promotion 50.00 满200减50", "coupon 20.00 满200减20券"],
                Hints = ["已享满200减50"],
                Coupon = "满200减20券",
                Recommended = "满200减20券",
                Options = ["满200减20券 20.00"],
            })
        {
            Promotions = [AmountOff("满200减50", [(200m, 50m)])], Coupons = [AmountCoupon("满200减20券", 20m, minSpend: 200m)],
        },
        // 220 − 50 = 170 < 200: the minimum spend is on the amount after promotions.
        new("coupon: the minimum spend counts after 满减", [L("a", 220m)],
            E(220m, 50m, 0m, 170m, 170m) with
            {
                Order = ["order-promotion 50.00 满200减50"],
                Hints = ["已享满200减50"],
                Options = ["满200减20券 ✗ 适用商品满¥200.00可用，还差¥30.00。"],
            })
        {
            Promotions = [AmountOff("满200减50", [(200m, 50m)])], Coupons = [AmountCoupon("满200减20券", 20m, minSpend: 200m)],
        },
        new("coupon: minimum spend reached exactly", [L("a", 99m), L("b", 1m)],
            E(100m, 10m, 0m, 90m, 89.10m, 0.90m) with { Order = ["coupon 10.00 满100减10"], Coupon = "满100减10", Recommended = "满100减10" })
        {
            Coupons = [AmountCoupon("满100减10", 10m, minSpend: 100m)],
        },
        // Exclusive 减30 drops the 满减: 270 against 250 without it; the engine keeps the 满减. Its saving is −20.
        new("coupon: an exclusive coupon worth less than the 满减 it drops is not used", [L("a", 300m)],
            E(300m, 50m, 0m, 250m, 250m) with { Order = ["order-promotion 50.00 满200减50"], Hints = ["已享满200减50"], Options = ["独享减30 -20.00"] })
        {
            Promotions = [AmountOff("满200减50", [(200m, 50m)])], Coupons = [AmountCoupon("独享减30", 30m, minSpend: 100m, stackable: false)],
        },
        new("coupon: an exclusive coupon chosen drops every order promotion", [L("a", 300m)],
            E(300m, 30m, 0m, 270m, 270m) with { Order = ["coupon 30.00 独享减30"], Coupon = "独享减30" })
        {
            Promotions = [AmountOff("满200减50", [(200m, 50m)])], Coupons = [AmountCoupon("独享减30", 30m, minSpend: 100m, stackable: false)],
            Choice = CouponChoice.Of(Id("独享减30")),
        },
        new("coupon: an exclusive coupon worth more than the 满减 is recommended and used", [L("a", 300m)],
            E(300m, 80m, 0m, 220m, 220m) with { Order = ["coupon 80.00 独享减80"], Coupon = "独享减80", Recommended = "独享减80" })
        {
            Promotions = [AmountOff("满200减50", [(200m, 50m)])], Coupons = [AmountCoupon("独享减80", 80m, minSpend: 200m, stackable: false)],
        },
        // Exclusive: its minimum spend is on 260 (the 满减 it drops does not count); 260 − 60 = 200 against 260 − 50 = 210.
        new("coupon: an exclusive coupon's minimum spend is counted without the 满减 it drops", [L("a", 260m)],
            E(260m, 60m, 0m, 200m, 200m) with
            {
                Order = ["coupon 60.00 独享满250减60"],
                Coupon = "独享满250减60",
                Recommended = "独享满250减60",
                Options = ["独享满250减60 10.00", "叠加满250减60 ✗ 适用商品满¥250.00可用，还差¥40.00。"],
            })
        {
            Promotions = [AmountOff("满200减50", [(200m, 50m)])],
            Coupons = [AmountCoupon("独享满250减60", 60m, minSpend: 250m, stackable: false), AmountCoupon("叠加满250减60", 60m, minSpend: 250m, until: At.AddDays(2))],
        },
        // 满减 50 + stackable 10 = 60 against exclusive 70: exclusive wins.
        new("coupon: best of exclusive against 满减 plus a stackable coupon", [L("a", 300m)],
            E(300m, 70m, 0m, 230m, 230m) with
            {
                Order = ["coupon 70.00 独享减70"],
                Coupon = "独享减70",
                Recommended = "独享减70",
                Options = ["独享减70 20.00", "叠加减10 10.00"],
            })
        {
            Promotions = [AmountOff("满200减50", [(200m, 50m)])],
            Coupons = [AmountCoupon("叠加减10", 10m, minSpend: 100m), AmountCoupon("独享减70", 70m, minSpend: 100m, stackable: false)],
        },
        // The 满减 does not stack with coupons: the coupon would give 300 − 30 = 270 against 250.
        new("coupon: a promotion not stacking with coupons beats a smaller coupon", [L("a", 300m)],
            E(300m, 50m, 0m, 250m, 250m) with { Order = ["order-promotion 50.00 不叠券满减"], Hints = ["已享满200减50"], Options = ["减30 -20.00"] })
        {
            Promotions = [AmountOff("不叠券满减", [(200m, 50m)], stacks: false)], Coupons = [AmountCoupon("减30", 30m, minSpend: 100m)],
        },
        new("coupon: chosen, a stackable coupon drops the promotions that do not stack", [L("a", 300m)],
            E(300m, 30m, 0m, 270m, 270m) with { Order = ["coupon 30.00 减30"], Coupon = "减30", Recommended = null })
        {
            Promotions = [AmountOff("不叠券满减", [(200m, 50m)], stacks: false)], Coupons = [AmountCoupon("减30", 30m, minSpend: 100m)],
            Choice = CouponChoice.Of(Id("减30")),
        },
        // Only the stacking one stays with the coupon: 300 − 40 (叠券) − 10 = 250, against 300 − 60 (不叠券 saves most, claims a) = 240.
        new("coupon: with a coupon chosen only stacking promotions remain", [L("a", 300m)],
            E(300m, 50m, 0m, 250m, 250m) with
            {
                Order = ["order-promotion 40.00 叠券满减", "coupon 10.00 减10"],
                Hints = ["已享满200减40"],
                Coupon = "减10",
                Options = ["减10 -10.00"],
            })
        {
            Promotions = [AmountOff("不叠券满减", [(200m, 60m)], stacks: false), AmountOff("叠券满减", [(200m, 40m)])],
            Coupons = [AmountCoupon("减10", 10m)], Choice = CouponChoice.Of(Id("减10")),
        },
        // 减20 → 180; 85折 capped at 25 (30 off otherwise) → 175; 9折 → 180. Ties on saving listed expiring first.
        new("coupon: the recommendation is the one saving most (a capped rate here)", [L("a", 200m)],
            E(200m, 25m, 0m, 175m, 175m) with
            {
                Order = ["coupon 25.00 85折券"],
                Coupon = "85折券",
                Recommended = "85折券",
                Options = ["85折券 25.00", "减20 20.00", "9折券 20.00"],
            })
        {
            Coupons =
            [
                RateCoupon("9折券", 0.9m, until: At.AddDays(3)),
                AmountCoupon("减20", 20m, minSpend: 100m, until: At.AddDays(2)),
                RateCoupon("85折券", 0.85m, cap: 25m),
            ],
        },
        new("coupon: two saving the same, the one expiring first is used", [L("a", 100m)],
            E(100m, 20m, 0m, 80m, 80m) with { Order = ["coupon 20.00 先到期"], Coupon = "先到期", Recommended = "先到期" })
        {
            Coupons = [AmountCoupon("后到期", 20m, until: At.AddDays(5)), AmountCoupon("先到期", 20m, until: At.AddDays(2))],
        },
        // 33.33 × 0.88 = 29.3304 → 29.33: 4.00 off, capped at 3.00.
        new("coupon: a rate coupon rounds, then its cap applies", [L("a", 33.33m)],
            E(33.33m, 3m, 0m, 30.33m, 30.33m) with { Order = ["coupon 3.00 88折券"], Coupon = "88折券", Recommended = "88折券" })
        {
            Coupons = [RateCoupon("88折券", 0.88m, cap: 3m)],
        },
        new("coupon: a rate coupon without a cap", [L("a", 33.33m)],
            E(33.33m, 4m, 0m, 29.33m, 29.33m) with { Order = ["coupon 4.00 88折券"], Coupon = "88折券", Recommended = "88折券" })
        {
            Coupons = [RateCoupon("88折券", 0.88m)],
        },
        new("coupon: valid from this second; expired at this second; not yet valid", [L("a", 100m)],
            E(100m, 10m, 0m, 90m, 90m) with
            {
                Order = ["coupon 10.00 刚生效"],
                Coupon = "刚生效",
                Recommended = "刚生效",
                Options = ["刚生效 10.00", "刚过期 ✗ 已过期", "未生效 ✗ 未到使用时间"],
            })
        {
            Coupons = [AmountCoupon("刚过期", 50m, until: At), AmountCoupon("刚生效", 10m, from: At), AmountCoupon("未生效", 50m, from: At.AddSeconds(1))],
        },
        new("coupon: a product-scoped coupon covers only its product", [L("a", 80m), L("b", 100m)],
            E(180m, 40m, 0m, 140m, 40m, 100m) with { Order = ["coupon 40.00 A五折"], Coupon = "A五折", Recommended = "A五折" })
        {
            Coupons = [RateCoupon("A五折", 0.5m, scope: Products("a"))],
        },
        new("coupon: a category-scoped coupon with none of its lines cannot be used", [L("a", 80m, category: "包")],
            E(80m, 0m, 0m, 80m, 80m) with { Options = ["鞋券 ✗ 订单中没有这张券适用的商品。"] }) { Coupons = [AmountCoupon("鞋券", 10m, scope: Categories("鞋"))] },
        new("coupon: never more than the lines it covers", [L("a", 30m), L("b", 70m)],
            E(100m, 30m, 0m, 70m, 0m, 70m) with { Order = ["coupon 30.00 A减50"], Coupon = "A减50", Recommended = "A减50" })
        {
            Coupons = [AmountCoupon("A减50", 50m, scope: Products("a"))],
        },
        // 10 over 10/20/30: floors 1.66, 3.33, 5.00 (remainders .67, .33, 0): the cent left goes to a.
        new("coupon: spread over its lines by largest remainder", [L("a", 10m), L("b", 20m), L("c", 30m)],
            E(60m, 10m, 0m, 50m, 8.33m, 16.67m, 25m) with
            {
                Order = ["coupon 10.00 减10"],
                Coupon = "减10",
                Recommended = "减10",
                LineAdjustments = [["coupon 1.67 减10"], ["coupon 3.33 减10"], ["coupon 5.00 减10"]],
            })
        {
            Coupons = [AmountCoupon("减10", 10m)],
        },
        new("coupon: none asked, none used, one still recommended", [L("a", 100m)],
            E(100m, 0m, 0m, 100m, 100m) with { Recommended = "减10", Options = ["减10 10.00"] })
        {
            Coupons = [AmountCoupon("减10", 10m)], Choice = CouponChoice.None,
        },
        // With the coupon the goods come to 95: below 99, shipping 10, 105 in all; without it 100 and free shipping.
        new("coupon: not recommended when it costs the free shipping", [L("a", 100m)],
            E(100m, 0m, 0m, 100m, 100m) with { Options = ["减5 -5.00"] }) { Shipping = Free99, Coupons = [AmountCoupon("减5", 5m)] },
        new("coupon: chosen although it costs the free shipping", [L("a", 100m)],
            E(100m, 5m, 10m, 105m, 95m) with { Order = ["coupon 5.00 减5"], Coupon = "减5" })
        {
            Shipping = Free99, Coupons = [AmountCoupon("减5", 5m)], Choice = CouponChoice.Of(Id("减5")),
        },
        new("coupon: chosen but expired is refused", [L("a", 100m)], null)
        {
            Coupons = [AmountCoupon("刚过期", 10m, until: At)], Choice = CouponChoice.Of(Id("刚过期")), Refusal = "这张优惠券已过期。",
        },
        new("coupon: chosen but not yet valid is refused", [L("a", 100m)], null)
        {
            Coupons = [AmountCoupon("未生效", 10m, from: At.AddSeconds(1))], Choice = CouponChoice.Of(Id("未生效")), Refusal = "这张优惠券还未到使用时间。",
        },
        new("coupon: chosen but not held is refused", [L("a", 100m)], null)
        {
            Coupons = [AmountCoupon("减10", 10m)], Choice = CouponChoice.Of(Id("别人的券")), Refusal = "这张优惠券不可用（已使用或不属于你）。",
        },
        new("coupon: chosen below its minimum spend is refused with what is missing", [L("a", 99.50m)], null)
        {
            Coupons = [AmountCoupon("满100减10", 10m, minSpend: 100m)], Choice = CouponChoice.Of(Id("满100减10")), Refusal = "适用商品满¥100.00可用，还差¥0.50。",
        },

        // ---------------- points ----------------
        // 20 % of 200 = 40.00 = 4000 points (of 100000).
        new("points: as many as allowed stops at the cap percent", [L("a", 200m)],
            E(200m, 40m, 0m, 160m, 160m) with { Order = ["points 40.00 -"], PointsUsed = 4000, PointsDeduction = 40m, PointsUsable = 4000 })
        {
            Points = PointsPer(100, 20), Balance = 100_000, Use = int.MaxValue,
        },
        new("points: stops at the balance", [L("a", 200m)],
            E(200m, 12.34m, 0m, 187.66m, 187.66m) with { Order = ["points 12.34 -"], PointsUsed = 1234, PointsDeduction = 12.34m, PointsUsable = 1234 })
        {
            Points = PointsPer(100, 20), Balance = 1234, Use = int.MaxValue,
        },
        new("points: the shopper asks for fewer", [L("a", 200m)],
            E(200m, 5.55m, 0m, 194.45m, 194.45m) with { Order = ["points 5.55 -"], PointsUsed = 555, PointsDeduction = 5.55m, PointsUsable = 4000 })
        {
            Points = PointsPer(100, 20), Balance = 100_000, Use = 555,
        },
        new("points: none asked, none used, the usable number still shown", [L("a", 200m)],
            E(200m, 0m, 0m, 200m, 200m) with { PointsUsable = 4000 }) { Points = PointsPer(100, 20), Balance = 100_000, Use = 0 },
        // 3 points a yuan, 10 points: 3.33 (floored to the cent), which takes ⌈9.99⌉ = 10 points.
        new("points: a rate that does not divide a cent, floored, points rounded up", [L("a", 50m)],
            E(50m, 3.33m, 0m, 46.67m, 46.67m) with { Order = ["points 3.33 -"], PointsUsed = 10, PointsDeduction = 3.33m, PointsUsable = 10 })
        {
            Points = PointsPer(3, 100), Balance = 10, Use = int.MaxValue,
        },
        // 1000 points a yuan: 5 points are half a cent, floored to nothing.
        new("points: fewer than a cent's worth deduct nothing", [L("a", 50m)],
            E(50m, 0m, 0m, 50m, 50m) with { PointsUsable = 0 }) { Points = PointsPer(1000, 100), Balance = 5, Use = int.MaxValue },
        // Coupon first: 110; 20 % of 110 = 22.00; shipping on 110 (before points): free from 99, although 88 is paid.
        new("points: capped on the amount after the coupon; shipping on the amount before points", [L("a", 120m)],
            E(120m, 32m, 0m, 88m, 88m) with
            {
                Order = ["coupon 10.00 减10", "points 22.00 -"],
                Coupon = "减10",
                Recommended = "减10",
                PointsUsed = 2200,
                PointsDeduction = 22m,
            })
        {
            Shipping = Free99, Coupons = [AmountCoupon("减10", 10m)], Points = PointsPer(100, 20), Balance = 5000, Use = int.MaxValue,
        },
        // With the coupon: 90 + 10 shipping = 100, the same as 100 with free shipping: it saves nothing, so none is used; points take 20 % of 100.
        new("coupon: saving nothing once shipping counts is not used", [L("a", 100m)],
            E(100m, 20m, 0m, 80m, 80m) with { Order = ["points 20.00 -"], PointsUsed = 2000, PointsDeduction = 20m, Options = ["减10 0.00"] })
        {
            Shipping = Free99, Coupons = [AmountCoupon("减10", 10m)], Points = PointsPer(100, 20), Balance = 5000, Use = int.MaxValue,
        },
        // Goods 100 reach free shipping before points take 20 off.
        new("points: do not cost the free shipping", [L("a", 100m)],
            E(100m, 20m, 0m, 80m, 80m) with { Order = ["points 20.00 -"], PointsUsed = 2000, PointsDeduction = 20m })
        {
            Shipping = Free99, Points = PointsPer(100, 20), Balance = 5000, Use = int.MaxValue,
        },
        // Points pay for flash lines too: 50 % of (60 + 40) = 50, spread 30 / 20.
        new("points: pay for flash lines as well", [L("a", 100m), L("b", 40m)],
            E(140m, 90m, 0m, 50m, 30m, 20m) with
            {
                Order = ["points 50.00 -"],
                PointsUsed = 5000,
                PointsDeduction = 50m,
                FlashItems = ["秒杀A", null],
                LineAdjustments = [["flash 40.00 秒杀A", "points 30.00 -"], ["points 20.00 -"]],
            })
        {
            Flash = [Flash("秒杀A", "a", 60m)], Points = PointsPer(100, 50), Balance = 10_000, Use = int.MaxValue,
        },
        new("points: a zero cap uses none", [L("a", 200m)],
            E(200m, 0m, 0m, 200m, 200m) with { PointsUsable = 0 }) { Points = PointsPer(100, 0), Balance = 10_000, Use = int.MaxValue },
        new("points: no balance uses none", [L("a", 200m)],
            E(200m, 0m, 0m, 200m, 200m) with { PointsUsable = 0 }) { Points = PointsPer(100, 20), Balance = 0, Use = int.MaxValue },
        // 100 % allowed on 0.01 of goods: one point.
        new("points: may pay the whole goods amount, never the shipping", [L("a", 0.01m)],
            E(0.01m, 0.01m, 10m, 10m, 0m) with { Order = ["points 0.01 -"], PointsUsed = 1, PointsDeduction = 0.01m, PointsUsable = 1 })
        {
            Shipping = Flat10, Points = PointsPer(100, 100), Balance = 50, Use = int.MaxValue,
        },

        // ---------------- everything together ----------------
        // a: member 95 × 2 = 190; b: 限时折扣 59 × 0.8 = 47.20 (no member rate on it); c: flash 30 (list 50).
        // 满200减20 over a + b = 237.20: 16.02 / 3.98 → 173.98, 43.22. Coupon 满150减15 over 217.20: 12.02 / 2.98 → 161.96, 40.24.
        // Points: cap 10 % of 232.20 = 23.22, balance 800 = 8.00: spread over 161.96 / 40.24 / 30 → 5.58 / 1.39 / 1.03.
        // Shipping 10 waived by the tier. Paid 156.38 + 38.85 + 28.97 = 224.20; 309 − 224.20 = 84.80 discount.
        new("together: member, 限时折扣, flash, 满减, coupon, points and free shipping", [L("a", 100m, 2), L("b", 59m), L("c", 50m)],
            E(309m, 84.80m, 0m, 224.20m, 156.38m, 38.85m, 28.97m) with
            {
                Order = ["order-promotion 20.00 满200减20", "coupon 15.00 满150减15", "points 8.00 -"], Hints = ["已享满200减20"],
                Coupon = "满150减15", Recommended = "满150减15", PointsUsed = 800, PointsDeduction = 8m, PointsUsable = 800, Waived = 10m,
                FlashItems = [null, null, "秒杀C"],
                LineAdjustments =
                [
                    ["member 10.00 白银", "order-promotion 16.02 满200减20", "coupon 12.02 满150减15", "points 5.58 -"],
                    ["item-discount 11.80 八折", "order-promotion 3.98 满200减20", "coupon 2.98 满150减15", "points 1.39 -"],
                    ["flash 20.00 秒杀C", "points 1.03 -"],
                ],
            })
        {
            Tier = Tier("白银", 0.95m, freeShipping: true, multiplier: 1.5m), Discounts = [RateOff("八折", 0.8m, products: ["b"])],
            Flash = [Flash("秒杀C", "c", 30m)],
            Promotions = [AmountOff("满200减20", [(200m, 20m)])], Coupons = [AmountCoupon("满150减15", 15m, minSpend: 150m)],
            Points = PointsPer(100, 10), Balance = 800, Use = int.MaxValue, Shipping = Flat10,
        },
        // Exclusive 9折 (cap 100) on the member prices 180 + 90 = 270: 27 off, the 满减 (which would give 30 on 270 ≥ 250) dropped.
        // Without a coupon: 270 − 30 = 240 < 243 with it: no coupon.
        new("together: member prices, 满减 against an exclusive rate coupon", [L("a", 200m), L("b", 100m)],
            E(300m, 60m, 0m, 240m, 160m, 80m) with { Order = ["order-promotion 30.00 满250减30"], Hints = ["已享满250减30"], Options = ["独享9折 -3.00"] })
        {
            Tier = Tier("黄金", 0.9m), Promotions = [AmountOff("满250减30", [(250m, 30m)])], Coupons = [RateCoupon("独享9折", 0.9m, cap: 100m, stackable: false)],
        },
        // Flash line a (40) and an item discount on b (100 → 70): the category 满减 covers b (70 < 100); the store coupon covers b only.
        new("together: flash and 限时折扣 lines with a category 满减 out of reach and a coupon", [L("a", 80m, category: "鞋"), L("b", 100m, category: "鞋")],
            E(180m, 75m, 10m, 115m, 40m, 65m) with
            {
                Order = ["coupon 5.00 减5"],
                Hints = ["再买¥30.00可减20"],
                Coupon = "减5",
                Recommended = "减5",
                FlashItems = ["秒杀A", null],
            })
        {
            Flash = [Flash("秒杀A", "a", 40m)], Discounts = [RateOff("七折", 0.7m, products: ["b"])],
            Promotions = [AmountOff("鞋满100减20", [(100m, 20m)], Categories("鞋"))],
            Coupons = [AmountCoupon("减5", 5m)], Shipping = Flat10,
        },
        // Two shoppers' view of the same flash line: limit reached → list price, member rate applies (no note about the member).
        new("together: a flash line over the limit gets the member price and 满减", [L("a", 120m, 3)],
            E(360m, 86m, 0m, 274m, 274m) with
            {
                Order = ["order-promotion 50.00 满200减50"],
                Hints = ["已享满200减50"],
                Notes = ["秒杀每人限购 2 件，超出按原价计：请改为 2 件以享秒杀价。"],
                LineAdjustments = [["member 36.00 白银", "order-promotion 50.00 满200减50"]],
            })
        {
            Tier = Tier("白银", 0.9m), Flash = [Flash("秒杀A", "a", 60m, limit: 2)], Promotions = [AmountOff("满200减50", [(200m, 50m)])],
        },
    ];

    public static TheoryData<string> CaseNames()
    {
        var data = new TheoryData<string>();
        foreach (var c in Cases)
        {
            data.Add(c.Name);
        }

        return data;
    }

    [Fact]
    public void The_table_has_at_least_60_priced_carts_with_distinct_names()
    {
        Assert.True(Cases.Count(c => c.Expect is not null) >= 60, $"{Cases.Count(c => c.Expect is not null)} priced carts");
        Assert.Equal(Cases.Length, Cases.Select(c => c.Name).Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Priced_cart(string name)
    {
        var c = Cases.Single(x => x.Name == name);
        if (c.Refusal is { } refusal)
        {
            var error = Assert.Throws<DomainException>(() => PricingEngine.Price(c.Request));
            Assert.Equal("pricing.coupon", error.Code);
            Assert.Equal(refusal, error.Message);
            return;
        }

        var e = c.Expect!;
        var q = PricingEngine.Price(c.Request);

        Assert.Equal(
            (e.Subtotal, e.Discount, e.Shipping, e.Total),
            (q.Subtotal, q.Discount, q.ShippingFee, q.Total));
        Assert.Equal(e.Paid, q.Lines.Select(l => l.Paid));
        Assert.Equal(e.Order, q.OrderAdjustments.Select(Show));
        Assert.Equal(e.Hints, q.Hints.Select(h => h.Text));
        Assert.Equal(e.Coupon, q.CouponId is null ? null : NameOf(q.CouponId));
        Assert.Equal(e.Recommended, q.RecommendedCouponId is null ? null : NameOf(q.RecommendedCouponId));
        Assert.Equal((e.PointsUsed, e.PointsDeduction), (q.PointsUsed, q.PointsDeduction));
        Assert.Equal(e.Waived, q.ShippingWaived);
        Assert.Equal(e.Notes, q.Lines.SelectMany(l => l.Notes));
        Assert.Equal(e.FlashItems ?? [.. c.Lines.Select(_ => (string?)null)], q.Lines.Select(l => l.FlashItemId is null ? null : NameOf(l.FlashItemId)));
        Assert.Equal(c.Tier?.TierId, q.MemberTierId);
        Assert.Equal(c.Tier?.PointsMultiplier ?? 1m, q.PointsMultiplier);
        if (e.PointsUsable is { } usable)
        {
            Assert.Equal(usable, q.PointsUsable);
        }

        if (e.LineAdjustments is { } lineAdjustments)
        {
            Assert.Equal(lineAdjustments.Length, q.Lines.Count);
            for (var i = 0; i < lineAdjustments.Length; i++)
            {
                Assert.Equal(lineAdjustments[i], q.Lines[i].Adjustments.Select(Show));
            }
        }

        if (e.Options is { } options)
        {
            Assert.Equal(options, q.CouponOptions.Select(o => o.Usable ? $"{o.Name} {Yuan(o.Saving)}" : $"{o.Name} ✗ {o.Reason}"));
        }

        // The invariants hold in every case.
        Assert.Equal(q.Total, q.Subtotal - q.Discount + q.ShippingFee);
        Assert.Equal(q.Total - q.ShippingFee, q.Lines.Sum(l => l.Paid));
        Assert.All(q.Lines, l => Assert.Equal(l.Subtotal - l.Paid, l.Discount));
        Assert.All(q.Lines, l => Assert.Equal(l.Discount, l.Adjustments.Sum(a => a.Amount)));
        foreach (var adjustment in q.OrderAdjustments)
        {
            Assert.Equal(adjustment.Amount,
                q.Lines.SelectMany(l => l.Adjustments).Where(a => a.Kind == adjustment.Kind && a.SourceId == adjustment.SourceId).Sum(a => a.Amount));
        }
    }
}
