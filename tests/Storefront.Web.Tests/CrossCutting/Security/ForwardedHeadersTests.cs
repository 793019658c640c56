using System.Net;
using Microsoft.AspNetCore.Hosting;
using Storefront.Web.Tests.Infrastructure;

namespace Storefront.Web.Tests.CrossCutting.Security;

/// <summary>The app behind a configured proxy (10.15.99.1), with a catalog limit of 3 per address.</summary>
public sealed class ProxiedApp : StorefrontApp
{
    public const string Proxy = "10.15.99.1";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Storefront:RateLimits:Enabled", "true");
        builder.UseSetting("Storefront:RateLimits:Catalog:PerIp", "3");
        builder.UseSetting("Storefront:RateLimits:Catalog:WindowSeconds", "3600");
        builder.UseSetting("Storefront:ForwardedHeaders:KnownProxies:0", Proxy);
    }
}

/// <summary>Issue 15 item 10: behind a configured proxy, limits count the address it forwards; nobody else can name one.</summary>
public sealed class ForwardedHeadersTests(ProxiedApp app) : IClassFixture<ProxiedApp>
{
    [Fact]
    public async Task The_proxy_forwarded_address_is_what_counts_and_a_client_cannot_forward_its_own()
    {
        var viaProxy = app.ClientFor("demo").From(ProxiedApp.Proxy);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await GetAsync(viaProxy, "198.51.100.1")).StatusCode);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, (await GetAsync(viaProxy, "198.51.100.1")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(viaProxy, "198.51.100.2")).StatusCode);   // another shopper behind the proxy

        // A client that is not the proxy: its X-Forwarded-For is ignored, its own address counts.
        var direct = app.ClientFor("demo").From("10.15.99.2");
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await GetAsync(direct, $"198.51.100.{10 + i}")).StatusCode);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, (await GetAsync(direct, "198.51.100.99")).StatusCode);
    }

    private static async Task<HttpResponseMessage> GetAsync(HttpClient client, string forwardedFor)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/catalog/categories");
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        return await client.SendAsync(request);
    }
}
