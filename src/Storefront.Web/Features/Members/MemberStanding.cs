using MediatR;
using Microsoft.EntityFrameworkCore;
using Storefront.Domain.Members;
using Storefront.Web.Infrastructure;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Identity;

namespace Storefront.Web.Features.Members;

/// <summary>
/// A shopper's standing in the member programme, read (never written: an account not yet opened reads as a new one):
/// tier and its benefits, growth value over the window, the next tier and the growth still missing, the points balance,
/// what expires next, and the latest of the ledger. Used by the shopper's own page and API and by the admin member page.
/// </summary>
public static class MemberStanding
{
    public const int LedgerSize = 50;

    public sealed record Query(Guid ShopperId) : IRequest<Standing>;

    public sealed record Tier(Guid Id, string Name, decimal GrowthThreshold, decimal DiscountRate, bool FreeShipping, decimal PointsMultiplier);

    public sealed record Entry(
        Guid Id, DateTimeOffset At, PointsEntryKind Kind, int Points, int Remaining, DateTimeOffset? ExpiresAt, Guid? OrderId, string Note);

    public sealed record Standing(
        Guid ShopperId,
        Tier? Tier,
        decimal Growth,
        int GrowthWindowDays,
        Tier? NextTier,
        decimal? GrowthToNextTier,
        int PointsBalance,
        int PointsExpiringNext,
        DateTimeOffset? NextExpiry,
        IReadOnlyList<Tier> Tiers,
        IReadOnlyList<Entry> Ledger,
        DateTimeOffset? TierChangedAt);

    internal sealed class Handler(StorefrontDb db, TimeProvider clock) : IRequestHandler<Query, Standing>
    {
        public async Task<Standing> Handle(Query request, CancellationToken cancellationToken)
        {
            var now = clock.GetUtcNow();
            var programme = await Membership.ProgrammeAsync(db, cancellationToken);
            var tiers = (await db.MemberTiers.AsNoTracking().OrderBy(t => t.GrowthThreshold).ToListAsync(cancellationToken))
                .Select(t => new Tier(t.Id, t.Name, t.GrowthThreshold, t.DiscountRate, t.FreeShipping, t.PointsMultiplier)).ToList();
            var account = await db.MemberAccounts.AsNoTracking().SingleOrDefaultAsync(a => a.ShopperId == request.ShopperId, cancellationToken);
            if (account is null && !await db.Shoppers.AnyAsync(s => s.Id == request.ShopperId, cancellationToken))
            {
                // Staff asked for someone who is not a shopper of this store (the query filter hides other stores').
                throw new NotFoundException("shopper", MembersText.MemberNotFound);
            }

            var growth = account?.Growth ?? 0m;
            var tier = account?.TierId is { } tierId ? tiers.SingleOrDefault(t => t.Id == tierId) : tiers.LastOrDefault(t => t.GrowthThreshold <= growth);
            var next = tiers.FirstOrDefault(t => t.GrowthThreshold > (tier?.GrowthThreshold ?? -1m) && t.GrowthThreshold > growth);
            var ledger = await db.PointsEntries.AsNoTracking().Where(e => e.ShopperId == request.ShopperId)
                .OrderByDescending(e => e.At).ThenByDescending(e => e.Id).Take(LedgerSize)
                .Select(e => new Entry(e.Id, e.At, e.Kind, e.Points, e.Remaining, e.ExpiresAt, e.OrderId, e.Note))
                .ToListAsync(cancellationToken);
            var nextExpiry = await db.PointsEntries.AsNoTracking()
                .Where(e => e.ShopperId == request.ShopperId && e.Remaining > 0 && e.ExpiresAt != null && e.ExpiresAt > now)
                .GroupBy(e => e.ExpiresAt).OrderBy(g => g.Key).Select(g => new { At = g.Key, Points = g.Sum(e => e.Remaining) })
                .FirstOrDefaultAsync(cancellationToken);
            return new Standing(request.ShopperId, tier, growth, programme.GrowthWindowDays, next, next is null ? null : next.GrowthThreshold - growth,
                account?.PointsBalance ?? 0, nextExpiry?.Points ?? 0, nextExpiry?.At, tiers, ledger, account?.TierChangedAt);
        }
    }

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/members/me", async (CurrentUser user, IMediator mediator, CancellationToken ct) =>
            TypedResults.Ok(await mediator.Send(new Query(user.RequiredId), ct)))
            .RequireAuthorization(Policies.Shopper).WithTags("Members");
}
