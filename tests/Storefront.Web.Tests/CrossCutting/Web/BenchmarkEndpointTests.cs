using System.Net;
using System.Text.Json;
using Storefront.Web.Infrastructure.Web;
using Storefront.Web.Tests.Infrastructure;

namespace Storefront.Web.Tests.CrossCutting.Web;

/// <summary>
/// The ceiling page of bench/catalog.sh: off unless configured, exactly as large as asked; and the memory report the
/// bench logs after every row (docs/decisions/0054).
/// </summary>
public sealed class BenchmarkEndpointTests(StorefrontApp app) : IClassFixture<StorefrontApp>
{
    [Fact]
    public async Task The_static_benchmark_page_is_not_served_unless_configured()
    {
        var response = await app.ClientFor("demo").GetAsync("/bench/static?bytes=1000");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(50)]
    [InlineData(12_345)]
    public async Task When_configured_it_answers_html_of_exactly_the_asked_size(int bytes)
    {
        using var bench = app.WithWebHostBuilder(b => b.UseSetting("Storefront:BenchmarkEndpoints", "true"));
        var response = await bench.CreateClient(new() { BaseAddress = new Uri("http://demo.localhost") }).GetAsync($"/bench/static?bytes={bytes}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(bytes, (await response.Content.ReadAsByteArrayAsync()).Length);
        Assert.Equal(bytes, BenchmarkEndpoints.Page(bytes).Length);
    }

    [Theory]
    [InlineData("bytes=-1")]
    [InlineData("bytes=99999999")]
    [InlineData("bytes=lots")]
    [InlineData("")]
    public async Task A_bad_size_gets_a_400_not_a_500(string query)
    {
        using var bench = app.WithWebHostBuilder(b => b.UseSetting("Storefront:BenchmarkEndpoints", "true"));
        var response = await bench.CreateClient(new() { BaseAddress = new Uri("http://demo.localhost") }).GetAsync($"/bench/static?{query}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task The_memory_report_is_not_served_unless_configured()
    {
        var response = await app.ClientFor("demo").GetAsync("/bench/memory");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task When_configured_the_memory_report_gives_resident_and_managed_memory()
    {
        using var bench = app.WithWebHostBuilder(b => b.UseSetting("Storefront:BenchmarkEndpoints", "true"));
        var response = await bench.CreateClient(new() { BaseAddress = new Uri("http://demo.localhost") }).GetAsync("/bench/memory");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var report = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = report.RootElement;
        Assert.True(root.GetProperty("managedNowMb").GetDouble() > 0);
        Assert.True(root.GetProperty("committedMb").GetDouble() >= 0);
        Assert.Equal(3, root.GetProperty("collections").GetArrayLength());
        if (OperatingSystem.IsLinux())
        {
            var rss = root.GetProperty("rssMb").GetDouble();
            Assert.True(rss > 0 && root.GetProperty("peakRssMb").GetDouble() >= rss, $"rss {rss}");
            Assert.True(root.GetProperty("rssAnonymousMb").GetDouble() + root.GetProperty("rssFilesMb").GetDouble() <= rss + 1);
        }
    }
}
