using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Storefront.Web.Tests.Telemetry;

/// <summary>
/// A stand-in OTLP/HTTP collector: Kestrel on 127.0.0.1 (a free port), keeping every request it gets and answering
/// 200 with an empty protobuf message, as a collector answers a full success.
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;

    public sealed record Received(string Method, string Path, string? ContentType, byte[] Body);

    public ConcurrentQueue<Received> Requests { get; } = new();

    public Uri Endpoint { get; }

    public OtlpReceiver()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        _app = builder.Build();
        _app.Run(async context =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            Requests.Enqueue(new Received(context.Request.Method, context.Request.Path, context.Request.ContentType, body.ToArray()));
            context.Response.ContentType = "application/x-protobuf";
        });
        _app.Start();
        Endpoint = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
    }

    /// <summary>
    /// The requests to <paramref name="path"/> once they satisfy <paramref name="done"/>; fails after 30 seconds with
    /// what had arrived.
    /// </summary>
    public async Task<IReadOnlyList<Received>> WaitForAsync(string path, Func<IReadOnlyList<Received>, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var received = Requests.Where(r => r.Path == path).ToList();
            if (done(received))
            {
                return received;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{received.Count} requests to {path} arrived in 30 s; none had what the test waits for");
            }

            await Task.Delay(50);
        }
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
