using System.Threading.Channels;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using Storefront.Web.Infrastructure.Jobs;
using Storefront.Web.Infrastructure.Tenancy;
using Storefront.Web.Tests.Infrastructure;

namespace Storefront.Web.Tests.CrossCutting.Jobs;

/// <summary>
/// The loop every area's job inherits (<see cref="StorePassJob{TResult}"/>): a pass over the open stores at once, then
/// one each interval of the clock (seconds from configuration); a failed pass is logged and the loop goes on.
/// </summary>
public sealed class StorePassJobTests(StorefrontApp app) : IClassFixture<StorefrontApp>
{
    [Fact]
    public async Task A_failed_pass_is_logged_and_the_next_tick_runs_another()
    {
        var clock = new FakeTimeProvider(app.Clock.GetUtcNow());
        var log = new FakeLogger<ProbeJob>();
        using var job = new ProbeJob(app.Services, clock, log);
        Assert.Equal(TimeSpan.FromSeconds(5), job.Interval);

        await job.StartAsync(CancellationToken.None);
        var first = await NextPassAsync(job);   // at once; it throws
        Assert.Contains(first, s => s.Slug == "demo");
        clock.Advance(job.Interval);
        await NextPassAsync(job);               // the next tick: the loop went on
        await job.StopAsync(CancellationToken.None);

        var error = Assert.Single(log.Collector.GetSnapshot(), r => r.Level == LogLevel.Error);
        Assert.Equal("Probe pass failed", error.Message);
        Assert.IsType<InvalidOperationException>(error.Exception);
    }

    [Fact]
    public async Task A_clock_moved_on_by_years_runs_one_pass_and_the_next_is_due_an_interval_later()
    {
        var clock = new FakeTimeProvider(app.Clock.GetUtcNow());
        using var job = new ProbeJob(app.Services, clock, new FakeLogger<ProbeJob>());

        await job.StartAsync(CancellationToken.None);
        await NextPassAsync(job);
        clock.Advance(TimeSpan.FromDays(3650));   // a periodic timer would replay 63 million missed ticks here
        await NextPassAsync(job);
        clock.Advance(job.Interval - TimeSpan.FromSeconds(1));
        Assert.False(job.Passes.Reader.TryRead(out _));
        clock.Advance(TimeSpan.FromSeconds(1));
        await NextPassAsync(job);
        await job.StopAsync(CancellationToken.None);
    }

    private static Task<IReadOnlyList<StoreInfo>> NextPassAsync(ProbeJob job) =>
        job.Passes.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromMinutes(1));   // a guard against a hang, not a timing

    /// <summary>A job whose first pass fails: it reports the stores each pass was given.</summary>
    private sealed class ProbeJob(IServiceProvider services, TimeProvider clock, ILogger<ProbeJob> log)
        : StorePassJob<int>(services.GetRequiredService<IServiceScopeFactory>(), services.GetRequiredService<StoreScopes>(), clock,
            new ConfigurationBuilder().AddInMemoryCollection([KeyValuePair.Create("Probe:IntervalSeconds", (string?)"5")]).Build(), log,
            "Probe", "Probe:IntervalSeconds", 30)
    {
        private int _passes;

        public Channel<IReadOnlyList<StoreInfo>> Passes { get; } = Channel.CreateUnbounded<IReadOnlyList<StoreInfo>>();

        protected override Task<int> PassAsync(IReadOnlyList<StoreInfo> stores, CancellationToken ct)
        {
            Passes.Writer.TryWrite(stores);
            return Interlocked.Increment(ref _passes) == 1
                ? throw new InvalidOperationException("the first pass fails")
                : Task.FromResult(stores.Count);
        }
    }
}
