using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Storefront.Web.Infrastructure.Telemetry;
using Storefront.Web.Tests.Infrastructure;
using Storefront.Web.Tests.Ordering;

namespace Storefront.Web.Tests.Telemetry;

/// <summary>
/// The app's meter "Storefront" (read through the app's own IMeterFactory, so only this app's measurements count):
/// orders placed and checkout latency through the orders API, search latency through the catalog API. This app has no
/// OTLP endpoint configured, so no OpenTelemetry provider runs in it.
/// </summary>
public sealed class BusinessMetricsTests(StorefrontApp app) : IClassFixture<StorefrontApp>
{
    private MetricCollector<T> Collect<T>(string instrument) where T : struct =>
        new(app.Services.GetRequiredService<IMeterFactory>(), StorefrontMetrics.MeterName, instrument);

    [Fact]
    public async Task Placing_an_order_through_the_API_counts_it_once_and_records_its_checkout_latency()
    {
        using var placed = Collect<long>("storefront.orders.placed");
        using var latency = Collect<double>("storefront.checkout.duration");
        var (client, shopper) = await app.NewShopperAsync();
        await app.AddToCartAsync("demo", shopper, await app.SeedSkuAsync("demo", "OT-" + Guid.NewGuid().ToString("N")[..10], stock: 5), 1);

        var key = "key-" + Guid.NewGuid();
        Assert.Equal(HttpStatusCode.Created, (await client.PlaceOrderAsync(key, new { address = CheckoutSeed.InlineAddress })).StatusCode);

        Assert.Equal(1, Assert.Single(placed.GetMeasurementSnapshot()).Value);
        var seconds = Assert.Single(latency.GetMeasurementSnapshot()).Value;
        Assert.InRange(seconds, double.Epsilon, 600);

        // The same Idempotency-Key gives the order back: no second order, so no second count; an empty cart places nothing.
        Assert.Equal(HttpStatusCode.OK, (await client.PlaceOrderAsync(key, new { address = CheckoutSeed.InlineAddress })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await client.PlaceOrderAsync("key-" + Guid.NewGuid(), new { address = CheckoutSeed.InlineAddress })).StatusCode);
        Assert.Single(placed.GetMeasurementSnapshot());
        Assert.Single(latency.GetMeasurementSnapshot());
    }

    [Fact]
    public async Task A_search_through_the_catalog_API_records_its_latency()
    {
        using var latency = Collect<double>("storefront.search.duration");

        var response = await app.ClientFor("demo").GetAsync("/api/v1/catalog/products?q=" + Uri.EscapeDataString("蓝牙 " + Guid.NewGuid().ToString("N")[..6]));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.InRange(Assert.Single(latency.GetMeasurementSnapshot()).Value, double.Epsilon, 600);
    }

    [Fact]
    public void Without_an_OTLP_endpoint_no_OpenTelemetry_provider_runs()
    {
        Assert.Null(app.Services.GetService<TracerProvider>());
        Assert.Null(app.Services.GetService<MeterProvider>());
    }
}
