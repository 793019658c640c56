using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Threading.RateLimiting;
using MediatR;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Storefront.Web.Infrastructure.Behaviors;
using Storefront.Web.Infrastructure.Identity;
using Storefront.Web.Infrastructure.Tenancy;

namespace Storefront.Web.Infrastructure.Web;

/// <summary>One limit: so many requests per client address and per account in a fixed window. 0 turns that half off.</summary>
public sealed class RateLimit
{
    public int PerIp { get; set; }

    public int PerAccount { get; set; }

    public int WindowSeconds { get; set; } = 60;

    public TimeSpan Window => TimeSpan.FromSeconds(Math.Max(1, WindowSeconds));
}

/// <summary>Storefront:RateLimits. Defaults are for production; tests and benchmarks switch them off (Enabled=false).</summary>
public sealed class RateLimitOptions
{
    public bool Enabled { get; set; } = true;

    public RateLimit SignIn { get; set; } = new() { PerIp = 60, PerAccount = 10, WindowSeconds = 300 };

    public RateLimit Register { get; set; } = new() { PerIp = 30, PerAccount = 5, WindowSeconds = 3600 };

    public RateLimit Password { get; set; } = new() { PerIp = 30, PerAccount = 5, WindowSeconds = 900 };

    public RateLimit CouponClaim { get; set; } = new() { PerAccount = 30, WindowSeconds = 60 };

    public RateLimit Search { get; set; } = new() { PerIp = 120, WindowSeconds = 60 };

    public RateLimit Catalog { get; set; } = new() { PerIp = 600, WindowSeconds = 60 };

    public RateLimit PaymentCallback { get; set; } = new() { PerIp = 600, WindowSeconds = 60 };

    public RateLimit For(string policy) => policy switch
    {
        RateLimits.SignIn => SignIn,
        RateLimits.Register => Register,
        RateLimits.Password => Password,
        RateLimits.CouponClaim => CouponClaim,
        RateLimits.Search => Search,
        RateLimits.Catalog => Catalog,
        RateLimits.PaymentCallback => PaymentCallback,
        _ => throw new ArgumentOutOfRangeException(nameof(policy), policy, "no such rate limit"),
    };
}

/// <summary>
/// Rate limits (issue 15): ASP.NET Core's rate limiter counts requests per client address for the endpoints that carry a
/// policy (<c>RequireRateLimiting</c> on API endpoints, <c>[EnableRateLimiting]</c> on pages: only their form posts
/// count); <see cref="AccountRateLimiter"/> counts per account inside the use cases that name one
/// (<see cref="IAccountRateLimited"/>), so the API, the pages and the admin circuit share one count. Refused: 429 with
/// Retry-After, problem+json under /api, a short page elsewhere. The client address is the connection's, or the one
/// a configured proxy forwarded (Storefront:ForwardedHeaders:KnownProxies); a client cannot name its own.
/// See docs/decisions/0006-rate-limits-and-headers.md.
/// </summary>
public static class RateLimits
{
    public const string SignIn = "sign-in";
    public const string Register = "register";
    public const string Password = "password";
    public const string CouponClaim = "coupon-claim";
    public const string Search = "search";
    public const string Catalog = "catalog";
    public const string PaymentCallback = "payment-callback";

    public static IServiceCollection AddStorefrontRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<RateLimitOptions>(configuration.GetSection("Storefront:RateLimits"));
        services.AddSingleton<AccountRateLimiter>();
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            // Only the proxies named in configuration are believed, and only their last hop (no defaults: the framework's
            // default trusts loopback, and a client on this machine would then pick its own address).
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            o.KnownIPNetworks.Clear();
            o.KnownProxies.Clear();
            foreach (var proxy in KnownProxies(configuration))
            {
                o.KnownProxies.Add(proxy);
            }
        });
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = (context, ct) => new ValueTask(RejectAsync(context.HttpContext, RetryAfter(context.Lease), ct));
            foreach (var policy in new[] { SignIn, Register, Password, Search, Catalog, PaymentCallback })
            {
                // Account pages answer GET with the form: only their posts count. Search and catalog count every request.
                var formsOnly = policy is SignIn or Register or Password;
                o.AddPolicy(policy, context => PerIp(context, policy, formsOnly));
            }
        });
        return services;
    }

    /// <summary>Forwarded headers (only when proxies are configured), then the limiter; after authentication, before the endpoints.</summary>
    public static WebApplication UseStorefrontForwardedHeaders(this WebApplication app)
    {
        if (KnownProxies(app.Configuration).Any())
        {
            app.UseForwardedHeaders();
        }

        return app;
    }

    public static WebApplication UseStorefrontRateLimits(this WebApplication app)
    {
        app.UseRateLimiter();
        return app;
    }

    /// <summary>Answers 429 with Retry-After (whole seconds): problem+json under /api, a readable page for forms and pages.</summary>
    public static async Task RejectAsync(HttpContext context, TimeSpan retryAfter, CancellationToken ct)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        if (context.Request.Path.StartsWithSegments("/api"))
        {
            await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = new ProblemDetails
                {
                    Status = StatusCodes.Status429TooManyRequests,
                    Type = "urn:storefront:rate-limited",
                    Title = "请求过于频繁，请稍后再试 (Too many requests: try again later)",
                    Extensions = { ["retryAfterSeconds"] = seconds },
                },
            });
            return;
        }

        var html = context.RequestServices.GetRequiredService<HtmlEncoder>();   // the app's: Chinese stays readable
        var minutes = Math.Max(1, (int)Math.Ceiling(seconds / 60d));
        context.Response.ContentType = "text/html; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        await context.Response.WriteAsync($"""
            <!DOCTYPE html>
            <html lang="{html.Encode(CultureInfo.CurrentUICulture.Name)}">
            <head><meta charset="utf-8" /><meta name="viewport" content="width=device-width, initial-scale=1.0" />
            <title>{html.Encode(SharedText.RateLimitedTitle)}</title><link rel="stylesheet" href="/app.css" /></head>
            <body><main class="site-main"><h1 data-testid="rate-limited">{html.Encode(SharedText.RateLimitedTitle)}</h1>
            <p>{html.Encode(string.Format(CultureInfo.CurrentCulture, SharedText.RateLimitedMessage, minutes))}</p>
            <p><a href="/">{html.Encode(SharedText.Home)}</a></p></main></body>
            </html>
            """, ct);
    }

    private static RateLimitPartition<string> PerIp(HttpContext context, string policy, bool formsOnly)
    {
        var options = context.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value;
        var limit = options.For(policy);
        if (!options.Enabled || limit.PerIp <= 0 || (formsOnly && (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method))))
        {
            return RateLimitPartition.GetNoLimiter("");
        }

        return RateLimitPartition.GetFixedWindowLimiter(context.Connection.RemoteIpAddress?.ToString() ?? "unknown", _ => Window(limit.PerIp, limit.Window));
    }

    internal static FixedWindowRateLimiterOptions Window(int permits, TimeSpan window) =>
        new() { PermitLimit = permits, Window = window, QueueLimit = 0, AutoReplenishment = true };

    internal static TimeSpan RetryAfter(RateLimitLease lease) =>
        lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromMinutes(1);

    private static IEnumerable<System.Net.IPAddress> KnownProxies(IConfiguration configuration) =>
        configuration.GetSection("Storefront:ForwardedHeaders:KnownProxies").Get<string[]>()?.Select(System.Net.IPAddress.Parse) ?? [];
}

/// <summary>Thrown when an account has used up a limit: 429 with Retry-After, like the per-address limits.</summary>
public sealed class RateLimitedException(TimeSpan retryAfter) : Exception("Too many requests for this account.")
{
    public TimeSpan RetryAfter { get; } = retryAfter;
}

/// <summary>
/// A use case limited per account: which limit, and the account's key (an e-mail as typed, lower-cased; null: the
/// signed-in account). A store's requests count per store; a platform request's (staff) across all stores.
/// </summary>
public interface IAccountRateLimited
{
    string RateLimitPolicy { get; }

    string? RateLimitAccount { get; }
}

/// <summary>Per-account counts, one partitioned fixed-window limiter per policy (idle partitions are dropped by the limiter).</summary>
public sealed class AccountRateLimiter(IOptions<RateLimitOptions> options) : IDisposable
{
    private readonly ConcurrentDictionary<string, PartitionedRateLimiter<string>> _limiters = new(StringComparer.Ordinal);

    /// <summary>Counts one attempt of <paramref name="account"/> against <paramref name="policy"/>; throws <see cref="RateLimitedException"/> past the
    /// limit.</summary>
    public void Check(string policy, string account)
    {
        var limit = options.Value.For(policy);
        if (!options.Value.Enabled || limit.PerAccount <= 0)
        {
            return;
        }

        var limiter = _limiters.GetOrAdd(policy, _ => PartitionedRateLimiter.Create<string, string>(
            key => RateLimitPartition.GetFixedWindowLimiter(key, _ => RateLimits.Window(limit.PerAccount, limit.Window)), StringComparer.Ordinal));
        using var lease = limiter.AttemptAcquire(account);
        if (!lease.IsAcquired)
        {
            throw new RateLimitedException(RateLimits.RetryAfter(lease));
        }
    }

    public void Dispose()
    {
        foreach (var limiter in _limiters.Values)
        {
            limiter.Dispose();
        }
    }
}

/// <summary>Applies <see cref="AccountRateLimiter"/> to requests that are <see cref="IAccountRateLimited"/>, before they validate or open a
/// transaction.</summary>
internal sealed class RateLimitBehavior<TRequest, TResponse>(AccountRateLimiter limiter, CurrentUser user, TenantContext tenant)
    : IPipelineBehavior<TRequest, TResponse>
    where TRequest : notnull
{
    public Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        if (request is IAccountRateLimited limited)
        {
            var account = limited.RateLimitAccount is { } named ? named.Trim().ToLowerInvariant() : user.Id?.ToString("N") ?? "anonymous";
            var scope = request is IPlatformRequest ? "platform" : tenant.Id?.ToString("N") ?? "platform";
            limiter.Check(limited.RateLimitPolicy, scope + ":" + account);
        }

        return next();
    }
}
