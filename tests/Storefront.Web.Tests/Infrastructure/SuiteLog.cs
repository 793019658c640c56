using System.Collections.Concurrent;
using Serilog.Core;
using Serilog.Events;

namespace Storefront.Web.Tests.Infrastructure;

/// <summary>
/// Every log event the suite's apps write (each <see cref="StorefrontApp"/> adds this sink to its Serilog logger), rendered
/// with its properties and exception, so a test can scan what the whole run logged so far for personal data (issue 19).
/// </summary>
public static class SuiteLog
{
    private static readonly ConcurrentQueue<string> Lines = new();

    public static ILogEventSink Sink { get; } = new Capture();

    public static IReadOnlyCollection<string> Snapshot() => Lines.ToArray();

    private sealed class Capture : ILogEventSink
    {
        public void Emit(LogEvent logEvent)
        {
            var properties = string.Join(" ", logEvent.Properties.Select(p => $"{p.Key}={p.Value}"));
            Lines.Enqueue($"{logEvent.Timestamp:HH:mm:ss.fff} [{logEvent.Level}] {logEvent.RenderMessage()} {properties} {logEvent.Exception}");
        }
    }
}
