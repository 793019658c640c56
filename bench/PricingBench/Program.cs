// Prices a 50-line cart with 10 live promotions (3 限时折扣, 1 秒杀 item, 3 满减/满折 with scopes, 3 coupons held with
// CouponChoice.Best), a member tier and points, through PricingEngine.Price: the work a cart page, a checkout preview and
// placing an order each do once. Run with bench/pricing.sh (Release); `--check` prints the quote once and exits.
using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;
using PricingBench;

if (args.Contains("--check"))
{
    var bench = new PricingBenchmark();
    bench.Setup();
    var quote = bench.Price();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"lines {quote.Lines.Count}, subtotal {quote.Subtotal}, discount {quote.Discount}, shipping {quote.ShippingFee}, "
        + $"total {quote.Total}, coupon {quote.CouponId}, points {quote.PointsUsed}"));
    foreach (var a in quote.OrderAdjustments)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  order: {a.Kind} {a.Label} {a.Amount}"));
    }

    var lineKinds = quote.Lines.SelectMany(l => l.Adjustments).GroupBy(a => a.Kind).Select(g => $"{g.Key} x{g.Count()}");
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  line kinds: {string.Join(", ", lineKinds)}"));
    foreach (var o in quote.CouponOptions)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  coupon option: {o.Name} usable {o.Usable} saving {o.Saving} {o.Reason}"));
    }

    foreach (var h in quote.Hints)
    {
        Console.WriteLine($"  hint: {h.Text}");
    }

    return;
}

BenchmarkRunner.Run<PricingBenchmark>(
    DefaultConfig.Instance.AddColumn(StatisticColumn.P95).WithOptions(ConfigOptions.DisableLogFile), args);
