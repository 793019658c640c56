using System.Threading.Channels;
using Storefront.Domain.Insight;
using Storefront.Web.Infrastructure.Tenancy;

namespace Storefront.Web.Features.Insight.Tracking;

/// <summary>One tracked event, waiting in memory for <see cref="VisitWriter"/>.</summary>
public sealed record VisitEvent(
    StoreInfo Store, DateTimeOffset At, Guid Visitor, VisitEventKind Kind, PageKind? Page, string? ProductSlug, VisitSource Source);

/// <summary>
/// The bounded in-memory queue between the requests that record events and <see cref="VisitWriter"/>: recording never
/// waits and never touches the database; when the queue is full (Storefront:Tracking:QueueCapacity, default 100,000) the
/// event is dropped and counted in <see cref="Dropped"/>.
/// </summary>
public sealed class VisitQueue(IConfiguration configuration)
{
    private readonly Channel<VisitEvent> _channel = Channel.CreateBounded<VisitEvent>(
        new BoundedChannelOptions(Math.Max(1, configuration.GetValue("Storefront:Tracking:QueueCapacity", 100_000)))
        {
            FullMode = BoundedChannelFullMode.Wait,   // TryWrite then answers false instead of blocking: the event is dropped
            SingleReader = true,
        });

    private long _dropped;
    private long _written;

    internal ChannelReader<VisitEvent> Reader => _channel.Reader;

    /// <summary>Events dropped because the queue was full, since the app started.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Events stored by the writer, since the app started.</summary>
    public long Written => Interlocked.Read(ref _written);

    public bool Enqueue(VisitEvent e)
    {
        if (_channel.Writer.TryWrite(e))
        {
            return true;
        }

        Interlocked.Increment(ref _dropped);
        return false;
    }

    internal void CountWritten(int n) => Interlocked.Add(ref _written, n);
}
