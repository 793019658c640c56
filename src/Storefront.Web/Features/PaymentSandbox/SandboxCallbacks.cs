using System.Text;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Jobs;
using Storefront.Web.Infrastructure.Tenancy;

namespace Storefront.Web.Features.PaymentSandbox;

/// <summary>Storefront:Payments settings of the sandbox gateway's callback delivery.</summary>
public sealed class SandboxOptions
{
    /// <summary>
    /// Where the sandbox connects to deliver callbacks (the app's own base address, e.g. http://127.0.0.1:5000); the
    /// request still carries the store's host name, so the store is resolved as for any request. When empty, the app's
    /// own listening address is used, and failing that the callback address as recorded (http://{store host}/...).
    /// </summary>
    public string? CallbackBaseAddress { get; set; }

    /// <summary>Runs the delivery job in this instance (default true).</summary>
    public bool DeliverCallbacks { get; set; } = true;

    /// <summary>How often the job looks for due callbacks (default 5 seconds of <see cref="TimeProvider"/> time).</summary>
    public int CallbackIntervalSeconds { get; set; } = 5;

    /// <summary>How long one delivery waits for the store's answer (default 15 seconds).</summary>
    public int CallbackTimeoutSeconds { get; set; } = 15;

    /// <summary>
    /// A claimed attempt that never reports back (the process died) may be tried again after this (default 30 s); never
    /// less than the timeout plus 5 s, so an attempt still in flight is not sent a second time beside it.
    /// </summary>
    public int CallbackLeaseSeconds { get; set; } = 30;

    public TimeSpan Lease => TimeSpan.FromSeconds(Math.Max(CallbackLeaseSeconds, CallbackTimeoutSeconds + 5));

    /// <summary>First wait after a failed attempt; doubled after each further failure (default 10 s).</summary>
    public int CallbackBackoffSeconds { get; set; } = 10;

    /// <summary>The longest wait between attempts (default one hour).</summary>
    public int CallbackMaxBackoffSeconds { get; set; } = 3600;

    /// <summary>After this many attempts the gateway gives up on a callback (default 20, about a day with the defaults).</summary>
    public int CallbackMaxAttempts { get; set; } = 20;
}

/// <summary>
/// The sandbox gateway's webhook sender. Callbacks wait in sandbox_charges; each pass goes store by store, claims the
/// due ones (SKIP LOCKED with a lease, so several instances are safe and a crash mid-attempt is retried), POSTs each
/// body with its signature over real HTTP, and records the answer: 2xx delivers it, anything else (a 5xx, a 409, a
/// refused connection, a timeout) schedules the next attempt with exponential backoff, as real gateways do. The hosted
/// page asks for one immediate attempt of the callback it just enqueued (<see cref="DeliverNowAsync"/>).
/// </summary>
public sealed class SandboxCallbacks(
    IServiceScopeFactory scopes,
    StoreScopes storeScopes,
    IHttpClientFactory http,
    IServer server,
    TimeProvider clock,
    IOptions<SandboxOptions> options,
    ILogger<SandboxCallbacks> log) : BackgroundService
{
    public const string HttpClientName = "sandbox-callbacks";
    private const int BatchSize = 50;

    private SandboxOptions Options => options.Value;

    /// <summary>One pass over every store; returns how many callbacks were delivered.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct = default)
    {
        List<StoreInfo> stores;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<StorefrontDb>();
            stores = [.. (await db.Stores.AsNoTracking().OrderBy(s => s.CreatedAt).ToListAsync(ct)).Select(StoreInfo.From)];
        }

        var delivered = 0;
        foreach (var store in stores)
        {
            try
            {
                delivered += await DeliverAsync(store, null, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "Sandbox callbacks of store {StoreSlug} failed", store.Slug);
            }
        }

        return delivered;
    }

    /// <summary>Tries the callback of one payment now, if it is due and no one else is delivering it; true when delivered.</summary>
    public async Task<bool> DeliverNowAsync(StoreInfo store, Guid paymentId, CancellationToken ct) =>
        await DeliverAsync(store, paymentId, ct) > 0;

    private async Task<int> DeliverAsync(StoreInfo store, Guid? paymentId, CancellationToken ct)
    {
        List<DueCallback> due;
        await using (var scope = storeScopes.For(store))
        {
            var db = scope.ServiceProvider.GetRequiredService<StorefrontDb>();
            due = await SandboxCharges.ClaimAsync(db, clock.GetUtcNow(), Options.Lease, BatchSize, paymentId, ct);
        }

        var delivered = 0;
        foreach (var callback in due)
        {
            var (status, error) = await PostAsync(callback, ct);
            await using var scope = storeScopes.For(store);
            var db = scope.ServiceProvider.GetRequiredService<StorefrontDb>();
            var now = clock.GetUtcNow();
            if (status is >= 200 and < 300)
            {
                await SandboxCharges.DeliveredAsync(db, callback.PaymentId, status.Value, now, ct);
                log.LogInformation(
                    "Sandbox callback of payment {PaymentId} delivered on attempt {Attempt} ({StatusCode})", callback.PaymentId, callback.Attempts, status);
                delivered++;
                continue;
            }

            var next = callback.Attempts >= Options.CallbackMaxAttempts ? (DateTimeOffset?)null : now + Backoff(callback.Attempts);
            await SandboxCharges.FailedAsync(db, callback.PaymentId, status, error, next, ct);
            log.LogWarning("Sandbox callback of payment {PaymentId} not delivered on attempt {Attempt} ({StatusCode} {Error}); next attempt {NextAttemptAt}",
                callback.PaymentId, callback.Attempts, status, error, next);
        }

        return delivered;
    }

    /// <summary>Wait after the n-th failed attempt: backoff × 2^(n−1), capped.</summary>
    public TimeSpan Backoff(int attempts) =>
        TimeSpan.FromSeconds(Math.Min(Options.CallbackMaxBackoffSeconds, Options.CallbackBackoffSeconds * Math.Pow(2, Math.Clamp(attempts - 1, 0, 20))));

    private async Task<(int? Status, string Error)> PostAsync(DueCallback callback, CancellationToken ct)
    {
        var notify = new Uri(callback.NotifyUrl);
        using var request = new HttpRequestMessage(HttpMethod.Post, Target(notify));
        request.Headers.Host = notify.IsDefaultPort ? notify.Host : notify.Authority;
        request.Headers.Add(SandboxGateway.SignatureHeader, callback.Signature);
        request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(callback.Body));
        request.Content.Headers.ContentType = new("application/json") { CharSet = "utf-8" };
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(Math.Max(1, Options.CallbackTimeoutSeconds)));
        try
        {
            using var response = await http.CreateClient(HttpClientName).SendAsync(request, timeout.Token);
            var answer = await response.Content.ReadAsStringAsync(timeout.Token);
            return ((int)response.StatusCode, answer.Length > 300 ? answer[..300] : answer);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            return (null, e.Message);
        }
    }

    /// <summary>The address to connect to: the configured base address, else the app's own, else the recorded one.</summary>
    private Uri Target(Uri notify)
    {
        var configured = Options.CallbackBaseAddress is { Length: > 0 } b ? b : OwnAddress();
        return configured is null ? notify : new Uri(new Uri(configured), notify.PathAndQuery);
    }

    private string? OwnAddress()
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses;
        var address = addresses?.FirstOrDefault(a => a.StartsWith("http://", StringComparison.OrdinalIgnoreCase)) ?? addresses?.FirstOrDefault();
        return address?.Replace("://[::]", "://127.0.0.1", StringComparison.Ordinal).Replace("://+", "://127.0.0.1", StringComparison.Ordinal)
            .Replace("://*", "://127.0.0.1", StringComparison.Ordinal).Replace("://0.0.0.0", "://127.0.0.1", StringComparison.Ordinal);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!Options.DeliverCallbacks)
        {
            return;
        }

        await Repeat.EveryAsync(TimeSpan.FromSeconds(Math.Max(1, Options.CallbackIntervalSeconds)), clock, RunOnceAsync,
            e => log.LogError(e, "Sandbox callback pass failed"), stoppingToken);
    }
}
