using System.Net;
using Microsoft.Extensions.Logging;
using Storefront.Web.Tests.Infrastructure;

namespace Storefront.Web.Tests.CrossCutting.Web;

/// <summary>
/// Several app hosts share one test process (the suites run classes in parallel): each host's log events must reach
/// that host's own logger providers, whichever host started last.
/// </summary>
public sealed class LoggingPerAppTests
{
    [Fact]
    public async Task A_host_logs_to_its_own_providers_after_another_host_has_started()
    {
        var first = new PaymentsApp();
        var second = new PaymentsApp();
        try
        {
            await first.InitializeAsync();
            await second.InitializeAsync();

            var refused = await first.ClientFor("demo").PostCallbackAsync("{}", null);

            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            Assert.Contains(first.Logs, l => l.Level == LogLevel.Warning && l.Message.Contains("Sandbox callback refused"));
            Assert.DoesNotContain(second.Logs, l => l.Message.Contains("Sandbox callback refused"));
        }
        finally
        {
            await second.DisposeAsync();
            await first.DisposeAsync();
        }
    }
}
