using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Storefront.Web.Infrastructure.Caching;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Identity;
using Storefront.Web.Infrastructure.Tenancy;

namespace Storefront.Web.Features.Members;

/// <summary>
/// The member tier of the request's signed-in shopper, for the prices the catalog pages show (<see cref="MemberPriceTag"/>)
/// and for the page cache's key (<see cref="VariantAsync"/>: one shared copy of a page per tier that gives a discount).
/// Read without a database round trip once known: the store's tiers are kept with its catalog (<see cref="CatalogCache"/>:
/// a saved tier is a catalog change) and each shopper's tier id and growth here, dropped when the shopper's tier changes
/// (TransactionBehavior announces it through <see cref="AccountSessions"/>, which every instance hears). The tier is the
/// one <c>ShopperPricing</c> prices with: the account's tier, else the highest one its growth (0 without an account)
/// reaches. See docs/decisions/0028-signed-in-pages-cached.md.
/// </summary>
public sealed class ShopperTiers
{
    private const int MaxKept = 200_000;
    private static readonly object ItemKey = new();

    private readonly CatalogCache _cache;
    private readonly ConcurrentDictionary<Guid, Standing> _kept = new();

    // Bumped by every drop: a standing read before a drop is used by its own request but not kept.
    private long _generation;

    public ShopperTiers(CatalogCache cache, AccountSessions sessions)
    {
        _cache = cache;
        sessions.Forgotten += Forget;
    }

    public sealed record Tier(Guid Id, string Name, decimal GrowthThreshold, decimal DiscountRate);

    private sealed record Standing(Guid? TierId, decimal Growth);

    /// <summary>What a signed-in shopper's cached page varies by: the tier when it gives a discount (its id, rate and name), else "".</summary>
    public static async ValueTask<string> VariantAsync(HttpContext http) =>
        await http.RequestServices.GetRequiredService<ShopperTiers>().ForAsync(http) is { DiscountRate: < 1m } tier
            ? $"{tier.Id:N}:{tier.DiscountRate.ToString(CultureInfo.InvariantCulture)}:{tier.Name}"
            : "";

    /// <summary>The tier of the request's signed-in shopper at its store (null: a guest, or the store has no tiers); once per request.</summary>
    public async ValueTask<Tier?> ForAsync(HttpContext http)
    {
        if (http.Items.TryGetValue(ItemKey, out var known))
        {
            return (Tier?)known;
        }

        var tier = await ResolveAsync(http);
        http.Items[ItemKey] = tier;
        return tier;
    }

    private async Task<Tier?> ResolveAsync(HttpContext http)
    {
        var store = http.Features.Get<StoreInfo>();
        var user = http.User;
        if (store is null || user.FindFirstValue(StoreClaims.Kind) != "shopper" || user.FindFirstValue(StoreClaims.Store) != store.Id.ToString()
            || user.UserId() is not { } shopperId)
        {
            return null;
        }

        // Both kept in memory: a database scope only on a miss.
        var ct = http.RequestAborted;
        var tiers = await _cache.GetAsync(store.Id, "member-tiers", c => InScopeAsync(http, db => LoadTiersAsync(db, c)), ct);
        if (tiers.Count == 0)
        {
            return null;
        }

        var standing = _kept.TryGetValue(shopperId, out var kept) ? kept : await InScopeAsync(http, db => LoadStandingAsync(db, shopperId, ct));
        return standing.TierId is { } id
            ? tiers.FirstOrDefault(t => t.Id == id)
            : tiers.Where(t => t.GrowthThreshold <= standing.Growth).MaxBy(t => t.GrowthThreshold);
    }

    private static async Task<List<Tier>> LoadTiersAsync(StorefrontDb db, CancellationToken ct) =>
        await db.MemberTiers.AsNoTracking().Select(t => new Tier(t.Id, t.Name, t.GrowthThreshold, t.DiscountRate)).ToListAsync(ct);

    /// <summary>Work on a DbContext of a scope of its own: a page's components render at the same time with the request's.</summary>
    private static async Task<T> InScopeAsync<T>(HttpContext http, Func<StorefrontDb, Task<T>> work)
    {
        await using var scope = http.RequestServices.GetRequiredService<IServiceScopeFactory>().CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<StorefrontDb>());
    }

    private async Task<Standing> LoadStandingAsync(StorefrontDb db, Guid shopperId, CancellationToken ct)
    {
        var generation = Interlocked.Read(ref _generation);
        var standing = await db.MemberAccounts.AsNoTracking().Where(a => a.ShopperId == shopperId)
            .Select(a => new Standing(a.TierId, a.Growth)).FirstOrDefaultAsync(ct) ?? new Standing(null, 0m);
        if (Interlocked.Read(ref _generation) == generation)
        {
            if (_kept.Count >= MaxKept)
            {
                _kept.Clear();
            }

            _kept[shopperId] = standing;
        }

        return standing;
    }

    /// <summary>An account's kept data was dropped (null: every account's).</summary>
    private void Forget(Guid? accountId)
    {
        Interlocked.Increment(ref _generation);
        if (accountId is { } id)
        {
            _kept.TryRemove(id, out _);
        }
        else
        {
            _kept.Clear();
        }
    }
}
