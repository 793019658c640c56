using BenchmarkDotNet.Attributes;
using Storefront.Domain.Ordering;
using Storefront.Domain.Pricing;

namespace PricingBench;

[MemoryDiagnoser]
public class PricingBenchmark
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 12, 0, 0, TimeSpan.FromHours(8));
    private PricingRequest _request = null!;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(20261130);
        var categories = Enumerable.Range(0, 8).Select(_ => Guid.NewGuid()).ToArray();
        var lines = Enumerable.Range(0, 50).Select(i => new PricingLine(
            Guid.NewGuid(), Guid.NewGuid(), categories[i % categories.Length],
            Math.Round(9.9m + (decimal)random.NextDouble() * 290m, 2), 1 + random.Next(3), 200 + random.Next(1500))).ToList();
        var from = Now.AddDays(-1);
        var until = Now.AddDays(7);
        static HashSet<Guid> Set(IEnumerable<Guid> ids) => [.. ids];

        // 3 限时折扣: a rate on 8 products, a fixed price on 3 SKUs, a rate overlapping the first on 6 products.
        var itemDiscounts = new List<ItemDiscountRule>
        {
            new(Guid.NewGuid(), "双十二预热 8.5折", ItemDiscountKind.Rate, 0.85m, Set(lines.Take(8).Select(l => l.ProductId)), Set([]), from, until),
            new(Guid.NewGuid(), "爆款一口价", ItemDiscountKind.FixedPrice, 19.9m, Set([]), Set(lines.Skip(10).Take(3).Select(l => l.SkuId)), from, until),
            new(Guid.NewGuid(), "母婴周 9折", ItemDiscountKind.Rate, 0.9m, Set(lines.Skip(4).Take(6).Select(l => l.ProductId)), Set([]), from, until),
        };

        // 1 秒杀 item on line 20, within the shopper's limit and the quota.
        var flash = new List<FlashPriceRule>
        {
            new(Guid.NewGuid(), Guid.NewGuid(), "整点秒杀", lines[20].SkuId, 1m, 100, 5, 0, Now.AddHours(-1), Now.AddHours(1)),
        };

        // 3 满减/满折: whole store 满200减20/满500减60, two categories 满3件9折, listed products 满300减40 (not stacking with coupons).
        var orderPromotions = new List<OrderPromotionRule>
        {
            new(Guid.NewGuid(), "全场满减", OrderPromotionKind.AmountOff, ThresholdKind.Amount, [new(200m, 20m), new(500m, 60m), new(1000m, 150m)],
                PromotionScope.WholeStore, true, from, until),
            new(Guid.NewGuid(), "纸尿裤满3件9折", OrderPromotionKind.Rate, ThresholdKind.Quantity, [new(3m, 0.9m), new(6m, 0.85m)],
                new PromotionScope(ScopeKind.Categories, Set(categories.Take(2))), true, from, until),
            new(Guid.NewGuid(), "精选满300减40", OrderPromotionKind.AmountOff, ThresholdKind.Amount, [new(300m, 40m)],
                new PromotionScope(ScopeKind.Products, Set(lines.Skip(30).Take(10).Select(l => l.ProductId))), false, from, until),
        };

        // 3 coupons held: store-wide 满500减80 (stackable), a category 9折 capped at ¥50 (stackable), an exclusive ¥100 off above ¥2000.
        var coupons = new List<CouponOffer>
        {
            new(Guid.NewGuid(), Guid.NewGuid(), "全场满500减80", CouponKind.Amount, 80m, null, 500m, PromotionScope.WholeStore, true, from, until),
            new(Guid.NewGuid(), Guid.NewGuid(), "玩具9折券", CouponKind.Rate, 0.9m, 50m, 100m,
                new PromotionScope(ScopeKind.Categories, Set(categories.Skip(4).Take(2))), true, from, until),
            new(Guid.NewGuid(), Guid.NewGuid(), "店铺大额券", CouponKind.Amount, 100m, null, 2000m, PromotionScope.WholeStore, false, from, until),
        };

        var member = new MemberBenefits(Guid.NewGuid(), "金卡", 0.95m, false, 1.5m);
        var shipping = ShippingTemplate.Create(Guid.NewGuid(), new("快递", ShippingFeeKind.FreeAbove, 10m, FreeAbove: 99m), Now);
        var context = new PricingContext(member, itemDiscounts, flash, orderPromotions, coupons, CouponChoice.Best, new PointsRules(100, 20), 5000, 2000);
        _request = new PricingRequest(lines, shipping, Now, context);
    }

    [Benchmark]
    public PriceQuote Price() => PricingEngine.Price(_request);
}
