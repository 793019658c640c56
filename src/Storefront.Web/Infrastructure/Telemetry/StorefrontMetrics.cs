using System.Diagnostics;
using System.Diagnostics.Metrics;
using Storefront.Web.Infrastructure.Data;

namespace Storefront.Web.Infrastructure.Telemetry;

/// <summary>
/// The app's own instruments, all on the one meter <see cref="MeterName"/> (created through IMeterFactory, so tests read
/// them per app). No store tag: with thousands of stores every instrument would carry a series per store; orders per
/// store are in the database (docs/decisions/0020-telemetry.md). Connection pool usage is Npgsql's own meter.
/// </summary>
public sealed class StorefrontMetrics
{
    public const string MeterName = "Storefront";

    private readonly Counter<long> _ordersPlaced;
    private readonly Histogram<double> _checkoutDuration;
    private readonly Histogram<double> _searchDuration;

    public StorefrontMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _ordersPlaced =
            meter.CreateCounter<long>("storefront.orders.placed", "{order}", "Orders placed (committed; a replayed Idempotency-Key is not counted again)");
        _checkoutDuration = meter.CreateHistogram<double>("storefront.checkout.duration", "s", "Placing an order, from the handler's start to its commit",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets });
        _searchDuration = meter.CreateHistogram<double>("storefront.search.duration", "s", "Answering a product search (page or API)",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets });
    }

    /// <summary>Seconds, as OpenTelemetry's semantic conventions bucket HTTP durations.</summary>
    private static readonly double[] LatencyBuckets = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

    /// <summary>Call as a checkout starts; once the order it places commits (<see cref="StorefrontDb.OnCommitted"/>) it is counted and timed.</summary>
    public Checkout StartCheckout(StorefrontDb db) => new(this, db, Stopwatch.GetTimestamp());

    /// <summary>Times a search until disposed: <c>using var timing = metrics.TimeSearch();</c></summary>
    public SearchTiming TimeSearch() => new(_searchDuration, Stopwatch.GetTimestamp());

    public readonly struct Checkout(StorefrontMetrics metrics, StorefrontDb db, long started)
    {
        /// <summary>The order is written: counted and timed when its transaction commits, not at all if it rolls back.</summary>
        public void Placed()
        {
            var (m, s) = (metrics, started);
            db.OnCommitted(() =>
            {
                m._checkoutDuration.Record(Stopwatch.GetElapsedTime(s).TotalSeconds);
                m._ordersPlaced.Add(1);
            });
        }
    }

    public readonly struct SearchTiming(Histogram<double> histogram, long started) : IDisposable
    {
        public void Dispose() => histogram.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
    }
}
