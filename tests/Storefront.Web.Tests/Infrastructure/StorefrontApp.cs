using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using Storefront.Web.Features.Demo;
using Storefront.Web.Infrastructure.Caching;
using Storefront.Web.Infrastructure.Tenancy;

namespace Storefront.Web.Tests.Infrastructure;

/// <summary>
/// The real app over its own database (copied from the migrated template) with the demo stores seeded:
/// demo and acme, each with owner@, merchant@, operator@ and shopper@{store}.local (password storefront-demo).
/// Time is a FakeTimeProvider the test can move. Use as an xunit class fixture.
/// </summary>
public class StorefrontApp : WebApplicationFactory<Program>, IAsyncLifetime
{
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero));

    public TestDatabase Database { get; protected set; } = null!;

    /// <summary>Where this app stores uploaded images: a temp folder of its own, removed when the app is disposed.</summary>
    public string MediaPath { get; } = Path.Combine(Path.GetTempPath(), "storefront-media-" + Guid.NewGuid().ToString("N"));

    /// <summary>Where this app's outbox writes .eml files: a temp folder of its own, removed when the app is disposed.</summary>
    public string MailPath { get; } = Path.Combine(Path.GetTempPath(), "storefront-mail-" + Guid.NewGuid().ToString("N"));

    public async Task InitializeAsync()
    {
        Database = await CreateDatabaseAsync();
        await DemoData.SeedAsync(Services);
        // Listening before any test runs: its first connection evicts everything kept (what it may have missed).
        await Services.GetRequiredService<CatalogChangeListener>().Listening.WaitAsync(TimeSpan.FromMinutes(1));
    }

    /// <summary>The database this app serves, made before the app starts: its own copy of the template (another node reuses one).</summary>
    protected virtual async Task<TestDatabase> CreateDatabaseAsync() => await (await PostgresServer.GetAsync()).CreateDatabaseAsync(GetType().Name);

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        foreach (var folder in new[] { MediaPath, MailPath }.Where(Directory.Exists))
        {
            Directory.Delete(folder, recursive: true);
        }

        GC.SuppressFinalize(this);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:Storefront", Database.AppConnectionString);
        builder.UseSetting("ConnectionStrings:StorefrontAdmin", Database.AdminConnectionString);
        builder.UseSetting("Storefront:MigrateOnStartup", "false");
        builder.UseSetting("Storefront:SeedDemoData", "false");
        builder.UseSetting("Storefront:MediaPath", MediaPath);
        builder.UseSetting("Storefront:Mail:PickupDirectory", MailPath);
        // Rate limits off: the suites sign in, register and search far more often than a person; RateLimitTests turn them on.
        builder.UseSetting("Storefront:RateLimits:Enabled", "false");
        builder.ConfigureServices(services =>
        {
            services.Replace(ServiceDescriptor.Singleton<TimeProvider>(Clock));
            services.AddTransient<IStartupFilter, TestClientAddress>();
            services.AddSingleton<Serilog.Core.ILogEventSink>(SuiteLog.Sink);   // what the suite logged, scanned for personal data
        });
    }

    /// <summary>
    /// An HTTP client for a store's host (demo → http://demo.localhost), keeping cookies, not following redirects. It sends
    /// X-Requested-With, as the app's own scripts would, so body-less API posts pass the cross-site rule; with
    /// <paramref name="requestedWith"/> false it is a browser posting a plain form (what another site could make it send).
    /// </summary>
    public HttpClient ClientFor(string store, bool requestedWith = true)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions
        {
            BaseAddress = new Uri(store.Length == 0 ? "http://localhost" : $"http://{store}.localhost"),
            AllowAutoRedirect = false,
            HandleCookies = true,
        });
        if (requestedWith)
        {
            client.DefaultRequestHeaders.Add("X-Requested-With", "XMLHttpRequest");
        }

        return client;
    }

    /// <summary>Sends a request inside one store, as the pages do.</summary>
    public async Task<T> SendAsync<T>(string store, IRequest<T> request)
    {
        StoreInfo info;
        await using (var lookup = Services.CreateAsyncScope())
        {
            info = await lookup.ServiceProvider.GetRequiredService<StoreDirectory>().FindBySlugAsync(store, default)
                ?? throw new InvalidOperationException($"no store {store}");
        }

        await using var scope = Services.GetRequiredService<StoreScopes>().For(info);
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(request);
    }

    public async Task<Guid> StoreIdAsync(string store)
    {
        await using var scope = Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<StoreDirectory>().FindBySlugAsync(store, default))!.Id;
    }
}

/// <summary>
/// The test host has no client address of its own: a request's X-Test-Client-IP header stands for the connection's
/// address (before forwarded headers, which may replace it). Only the test app has this.
/// </summary>
internal sealed class TestClientAddress : IStartupFilter
{
    public const string Header = "X-Test-Client-IP";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, nextMiddleware) =>
        {
            if (context.Request.Headers.TryGetValue(Header, out var value) && IPAddress.TryParse(value.ToString(), out var address))
            {
                context.Connection.RemoteIpAddress = address;
            }

            return nextMiddleware(context);
        });
        next(app);
    };
}

public static class HttpClientExtensions
{
    /// <summary>From now on the client's requests come from <paramref name="ip"/> (see <see cref="TestClientAddress"/>).</summary>
    public static HttpClient From(this HttpClient client, string ip)
    {
        client.DefaultRequestHeaders.Remove(TestClientAddress.Header);
        client.DefaultRequestHeaders.Add(TestClientAddress.Header, ip);
        return client;
    }

    /// <summary>Signs a staff member in through the admin API; the client keeps the cookie.</summary>
    public static async Task SignInStaffAsync(this HttpClient client, string email, string password = "storefront-demo")
    {
        var response = await client.PostAsJsonAsync("/api/v1/admin/login", new { email, password });
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"staff sign-in of {email} failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    public static async Task SignInShopperAsync(this HttpClient client, string email, string password = "storefront-demo")
    {
        var response = await client.PostAsJsonAsync("/api/v1/account/login", new { email, password });
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"shopper sign-in of {email} failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }
}

public static class InvitationMail
{
    /// <summary>The token of the latest staff invitation e-mailed to the address (read from the outbox as the owner's store wrote it).</summary>
    public static async Task<string> InvitationTokenAsync(this StorefrontApp app, string email)
    {
        await using var conn = new Npgsql.NpgsqlConnection(app.Database.AdminConnectionString);
        await conn.OpenAsync();
        await using var cmd = new Npgsql.NpgsqlCommand("select body from outbox_messages where kind = 'staff.invited' and \"to\" = $1 order by created_at "
            + "desc, id desc limit 1", conn);
        cmd.Parameters.AddWithValue(email);
        var body = (string?)await cmd.ExecuteScalarAsync() ?? throw new InvalidOperationException($"no invitation e-mail to {email}");
        var match = System.Text.RegularExpressions.Regex.Match(body, @"/admin/invitations/([A-Za-z0-9_-]+)");
        return match.Success ? match.Groups[1].Value : throw new InvalidOperationException($"no invitation link in the e-mail to {email}");
    }
}
