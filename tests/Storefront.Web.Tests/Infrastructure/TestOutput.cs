using Xunit.Abstractions;
using Xunit.Sdk;

[assembly: TestFramework("Storefront.Web.Tests.Infrastructure.TestOutput", "Storefront.Web.Tests")]

namespace Storefront.Web.Tests.Infrastructure;

/// <summary>
/// xunit's own test framework, keeping its diagnostic message sink so that shared fixtures can put a line on the test
/// output (which PostgreSQL ran); xunit.runner.json switches diagnostic messages on. Test projects that use these
/// fixtures name it in their own TestFramework attribute.
/// </summary>
public sealed class TestOutput : XunitTestFramework
{
    private static IMessageSink? _sink;

    public TestOutput(IMessageSink messageSink)
        : base(messageSink) => _sink = messageSink;

    public static void Report(string line)
    {
        if (_sink is { } sink)
        {
            sink.OnMessage(new DiagnosticMessage(line));
        }
        else
        {
            Console.WriteLine(line);
        }
    }
}
