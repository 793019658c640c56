using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Storefront.Web.Tests.Infrastructure;

namespace Storefront.Web.Tests.CrossCutting.Scaling;

/// <summary>
/// A node stopped as SIGTERM stops it (the host's StopAsync) behind a load balancer: it answers /health/ready with 503 at
/// once, keeps serving for the drain delay, then closes its listener, finishes the request in flight and exits
/// (docs/decisions/0049-cluster-on-loopback.md).
/// </summary>
public sealed class GracefulDrainTests(GracefulDrainTests.DrainingNode node) : IClassFixture<GracefulDrainTests.DrainingNode>
{
    private static readonly TimeSpan Delay = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task A_stopping_node_turns_unready_serves_through_the_delay_then_finishes_the_request_in_flight_and_exits()
    {
        using var probe = new HttpClient { BaseAddress = new Uri($"http://localhost:{node.Port}"), Timeout = TimeSpan.FromSeconds(30) };
        Assert.Equal(HttpStatusCode.OK, (await probe.GetAsync("/health/ready")).StatusCode);

        // A sign-in whose body arrives in two parts: in flight on the node while it stops.
        var body = """{"email":"shopper@demo.local","password":"storefront-demo"}"""u8.ToArray();
        var slow = new HalfThenRest(body);
        using var client = new HttpClient { Timeout = TimeSpan.FromMinutes(2) };
        using var signIn = new HttpRequestMessage(HttpMethod.Post, $"http://localhost:{node.Port}/api/v1/account/login") { Content = slow };
        signIn.Headers.Host = $"demo.localhost:{node.Port}";
        signIn.Headers.Add("X-Requested-With", "XMLHttpRequest");
        var inFlight = client.SendAsync(signIn);
        await slow.FirstHalfSent.Task.WaitAsync(TimeSpan.FromSeconds(30));

        var host = node.Services.GetRequiredService<IHost>();
        var stopped = host.StopAsync();

        // Unready at once, while still serving (the balancer's health check sees 503, other requests still get answers).
        await Until(async () => (await probe.GetAsync("/health/ready")).StatusCode == HttpStatusCode.ServiceUnavailable, "ready turns 503");
        var health = await node.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(c => c.Tags.Contains("ready"));
        Assert.Equal(["draining"], health.Entries.Where(e => e.Value.Status != HealthStatus.Healthy).Select(e => e.Key));
        var live = await probe.GetAsync("/health/live");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.True(live.Headers.ConnectionClose, "a draining node's answers close their connection, so keep-alive clients move on");
        Assert.False(stopped.IsCompleted);

        // The delay passes: the listener closes, and new connections are refused while the sign-in is still in flight.
        await Until(async () =>
        {
            node.Clock.Advance(Delay);
            return !await AcceptsAsync(node.Port);
        }, "the listener closes after the delay");
        Assert.False(inFlight.IsCompleted);
        Assert.False(stopped.IsCompleted);

        // The rest of the body: the request in flight is finished, and answered in full, before the host exits.
        slow.SendRest.SetResult();
        var answer = await inFlight.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.True(answer.Headers.Contains("Set-Cookie"));
        await stopped.WaitAsync(TimeSpan.FromSeconds(30));
    }

    private static async Task<bool> AcceptsAsync(int port)
    {
        using var socket = new TcpClient();
        try
        {
            await socket.ConnectAsync("localhost", port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static async Task Until(Func<Task<bool>> condition, string what)
    {
        var until = DateTime.UtcNow.AddSeconds(30);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < until, $"waited 30 s for: {what}");
            await Task.Delay(50);   // polling the node
        }
    }

    /// <summary>A request body sent in two parts: the first at once, the rest when the test says.</summary>
    private sealed class HalfThenRest : HttpContent
    {
        private readonly byte[] _body;

        public HalfThenRest(byte[] body)
        {
            _body = body;
            Headers.ContentType = new("application/json") { CharSet = Encoding.UTF8.WebName };
        }

        public TaskCompletionSource FirstHalfSent { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource SendRest { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await stream.WriteAsync(_body.AsMemory(0, _body.Length / 2));
            await stream.FlushAsync();
            FirstHalfSent.SetResult();
            await SendRest.Task;
            await stream.WriteAsync(_body.AsMemory(_body.Length / 2));
        }

        protected override bool TryComputeLength(out long length)
        {
            length = _body.Length;
            return true;
        }
    }

    /// <summary>The app on a real Kestrel port with a drain delay on its test clock; the test stops it.</summary>
    public sealed class DrainingNode : StorefrontApp
    {
        public DrainingNode() => UseKestrel(0);

        /// <summary>The loopback port Kestrel listens on.</summary>
        public int Port
        {
            get
            {
                var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
                return new Uri(address.Replace("[::]", "localhost", StringComparison.Ordinal).Replace("+", "localhost", StringComparison.Ordinal)).Port;
            }
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Storefront:Drain:Delay", Delay.ToString());
        }
    }
}
