using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Storefront.Web.Infrastructure.Data;

namespace Storefront.Web.Infrastructure.Identity;

/// <summary>
/// Server-side sessions and security stamps, checked on every request that carries a shopper or staff cookie
/// (docs/decisions/0003-sessions.md). A cookie is good while its account's security stamp is the one it carries
/// (Identity changes the stamp with the password; a role removal must change it too) and its session id (claim
/// <see cref="SessionClaim"/>) is still in account_sessions (logout deletes it, a password change deletes the others).
/// What a request checks against is kept here per account, so an unchanged account costs no database round trip and
/// the cookie is not re-issued: an entry is dropped at once on this instance when the account's sessions or stamp change
/// (after the change commits) and on the others through NOTIFY on <see cref="Channel"/> (heard by CatalogChangeListener).
/// A cookie the kept entry does not vouch for is checked against the database before it is refused.
/// </summary>
public sealed class AccountSessions(TimeProvider clock, IOptions<IdentityOptions> identity)
{
    public const string SessionClaim = "sid";
    public const string Channel = "account_changed";

    /// <summary>A session ends this long after its sign-in, however often its cookie was renewed since.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromDays(30);

    private const int MaxKept = 200_000;

    private readonly ConcurrentDictionary<(string Kind, Guid Id), Entry> _kept = new();
    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    // Bumped by every drop: a load that began before a drop is used by its own request but not kept.
    private long _generation;

    private string StampClaim => identity.Value.ClaimsIdentity.SecurityStampClaimType;

    /// <summary>Whether the cookie's principal is still a live session: stamp unchanged, session not ended.</summary>
    public async Task<bool> IsLiveAsync(ClaimsPrincipal principal, IServiceProvider services, CancellationToken ct)
    {
        if (principal.FindFirstValue(StoreClaims.Kind) is not { } kind || principal.UserId() is not { } id
            || principal.FindFirstValue(StampClaim) is not { } stamp
            || !Guid.TryParse(principal.FindFirstValue(SessionClaim), out var session))
        {
            return false;   // issued before sessions were recorded, or not ours
        }

        var now = clock.GetUtcNow();
        if (_kept.TryGetValue((kind, id), out var kept) && kept.Vouches(stamp, session, now))
        {
            return true;
        }

        var generation = Interlocked.Read(ref _generation);
        var loaded = await LoadAsync(services.GetRequiredService<StorefrontDb>(), kind, id, ct);
        if (loaded is not null && Interlocked.Read(ref _generation) == generation)
        {
            if (_kept.Count >= MaxKept)
            {
                _kept.Clear();
            }

            _kept[(kind, id)] = loaded;
        }

        return loaded?.Vouches(stamp, session, now) == true;
    }

    /// <summary>Records a new session of the account (at sign-in) and returns its id.</summary>
    public async Task<Guid> StartAsync(StorefrontDb db, string kind, Guid accountId, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var id = Guid.NewGuid();   // random, not time-ordered: nothing about it is guessable
        await db.Database.ExecuteSqlAsync(
            $"""
            delete from account_sessions where account_id = {accountId} and created_at < {now - MaxAge};
            insert into account_sessions (account_id, id, kind, created_at) values ({accountId}, {id}, {kind}, {now})
            """,
            ct);
        return id;
    }

    /// <summary>
    /// Ends one session (<paramref name="only"/>) or every session but <paramref name="except"/> (null: all) of the
    /// account, in the caller's transaction if there is one; every instance forgets what it kept for the account once that commits.
    /// </summary>
    public async Task EndAsync(StorefrontDb db, string kind, Guid accountId, Guid? only, Guid? except, CancellationToken ct)
    {
        var payload = $"{kind}:{accountId}";
        if (only is { } session)
        {
            await db.Database.ExecuteSqlAsync(
                $"delete from account_sessions where account_id = {accountId} and id = {session}; select pg_notify({Channel}, {payload})", ct);
        }
        else
        {
            var keep = except ?? Guid.Empty;
            await db.Database.ExecuteSqlAsync(
                $"delete from account_sessions where account_id = {accountId} and id <> {keep}; select pg_notify({Channel}, {payload})", ct);
        }

        db.OnCommitted(() => Forget(kind, accountId));
    }

    /// <summary>The account's stamp changed (in the caller's transaction): every instance forgets it once that commits.</summary>
    public Task StampChangedAsync(StorefrontDb db, string kind, Guid accountId, CancellationToken ct) => ChangedAsync(db, kind, accountId, ct);

    /// <summary>
    /// Something kept about the account changed (its stamp, or what <see cref="Forgotten"/>'s listeners keep, like a
    /// shopper's member tier), in the caller's transaction: every instance forgets it once that commits.
    /// </summary>
    public async Task ChangedAsync(StorefrontDb db, string kind, Guid accountId, CancellationToken ct)
    {
        var payload = $"{kind}:{accountId}";
        await db.Database.ExecuteSqlAsync($"select pg_notify({Channel}, {payload})", ct);
        db.OnCommitted(() => Forget(kind, accountId));
    }

    /// <summary>Completes once this instance listens for other instances' account changes (a test waits for it).</summary>
    internal Task Listening => _listening.Task;

    /// <summary>
    /// Raised when an account is forgotten here (its change committed here, or another instance announced it), with its
    /// id, or null for every account: what is kept per account elsewhere (a shopper's member tier) is dropped with it.
    /// </summary>
    public event Action<Guid?>? Forgotten;

    /// <summary>Raised after a NOTIFY from <see cref="Channel"/> was handled, with its payload (a test waits for it).</summary>
    internal event Action<string>? Heard;

    /// <summary>The listener (re)started listening: what it missed is unknown, so everything kept is dropped.</summary>
    internal void ListenerStarted()
    {
        ForgetAll();
        _listening.TrySetResult();
    }

    /// <summary>A NOTIFY payload from <see cref="Channel"/>: "kind:account id".</summary>
    internal void Notified(string payload)
    {
        Handle(payload);
        Heard?.Invoke(payload);
    }

    private void Handle(string payload)
    {
        var colon = payload.IndexOf(':', StringComparison.Ordinal);
        if (colon > 0 && Guid.TryParse(payload.AsSpan(colon + 1), out var id))
        {
            Forget(payload[..colon], id);
        }
        else
        {
            ForgetAll();
        }
    }

    internal void Forget(string kind, Guid accountId)
    {
        Interlocked.Increment(ref _generation);
        _kept.TryRemove((kind, accountId), out _);
        Forgotten?.Invoke(accountId);
    }

    /// <summary>Everything (the listener reconnected: what it missed is unknown).</summary>
    private void ForgetAll()
    {
        Interlocked.Increment(ref _generation);
        _kept.Clear();
        Forgotten?.Invoke(null);
    }

    private static async Task<Entry?> LoadAsync(StorefrontDb db, string kind, Guid id, CancellationToken ct)
    {
        // One round trip: the account's stamp (shoppers only in the request's store, through its filter and RLS) and its sessions.
        var rows = kind switch
        {
            "staff" => await db.Database.SqlQuery<Row>(
                $"""
                select a.security_stamp as "Stamp", s.id as "Session", s.created_at as "CreatedAt"
                from staff_accounts a left join account_sessions s on s.account_id = a.id and s.kind = 'staff'
                where a.id = {id}
                """).ToListAsync(ct),
            "shopper" => await db.Database.SqlQuery<Row>(
                $"""
                select a.security_stamp as "Stamp", s.id as "Session", s.created_at as "CreatedAt"
                from shoppers a left join account_sessions s on s.account_id = a.id and s.kind = 'shopper'
                where a.id = {id} and a.tenant_id = {db.TenantId}
                """).ToListAsync(ct),
            _ => [],
        };
        return rows.Count == 0
            ? null
            : new Entry(rows[0].Stamp, rows.Where(r => r.Session is not null).ToDictionary(r => r.Session!.Value, r => r.CreatedAt!.Value));
    }

    internal sealed class Row
    {
        public string? Stamp { get; set; }

        public Guid? Session { get; set; }

        public DateTimeOffset? CreatedAt { get; set; }
    }

    private sealed record Entry(string? Stamp, Dictionary<Guid, DateTimeOffset> Sessions)
    {
        public bool Vouches(string stamp, Guid session, DateTimeOffset now) =>
            Stamp == stamp && Sessions.TryGetValue(session, out var started) && now - started < MaxAge;
    }
}

/// <summary>The cookie events that record a session at sign-in and check it on every request.</summary>
internal static class SessionCookieEvents
{
    public static void Attach(CookieAuthenticationOptions options, string kind)
    {
        var events = options.Events;
        var validate = events.OnValidatePrincipal;
        events.OnValidatePrincipal = async context =>
        {
            await validate(context);
            if (context.Principal is null)
            {
                return;
            }

            var http = context.HttpContext;
            var sessions = http.RequestServices.GetRequiredService<AccountSessions>();
            if (!await sessions.IsLiveAsync(context.Principal, http.RequestServices, http.RequestAborted))
            {
                context.RejectPrincipal();
                await http.SignOutAsync(context.Scheme.Name);
            }
        };

        var signingIn = events.OnSigningIn;
        events.OnSigningIn = async context =>
        {
            await signingIn(context);
            if (context.Principal?.Identity is not ClaimsIdentity identity || context.Principal.UserId() is not { } id)
            {
                return;
            }

            // A refresh of the same account's cookie (after a password change) keeps its session; any other sign-in starts one.
            var current = context.HttpContext.User;
            var session = current.UserId() == id && current.FindFirstValue(StoreClaims.Kind) == kind
                && Guid.TryParse(current.FindFirstValue(AccountSessions.SessionClaim), out var kept)
                ? kept
                : await context.HttpContext.RequestServices.GetRequiredService<AccountSessions>()
                    .StartAsync(context.HttpContext.RequestServices.GetRequiredService<StorefrontDb>(), kind, id, context.HttpContext.RequestAborted);
            identity.AddClaim(new Claim(AccountSessions.SessionClaim, session.ToString()));
        };
    }
}
