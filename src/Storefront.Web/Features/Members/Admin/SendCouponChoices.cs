using MediatR;
using Microsoft.EntityFrameworkCore;
using Storefront.Domain.Promotions;
using Storefront.Web.Infrastructure.Data;

namespace Storefront.Web.Features.Members.Admin;

/// <summary>What the admin member page offers for sending a coupon: the coupons that can be issued now and the tiers with their member counts.</summary>
public static class SendCouponChoices
{
    public sealed record Query : IRequest<Choices>;

    public sealed record Choice(Guid Id, string Label);

    public sealed record Choices(IReadOnlyList<Choice> Coupons, IReadOnlyList<Choice> Tiers);

    internal sealed class Handler(StorefrontDb db, TimeProvider clock) : IRequestHandler<Query, Choices>
    {
        public async Task<Choices> Handle(Query request, CancellationToken cancellationToken)
        {
            var now = clock.GetUtcNow();
            var coupons = await db.Coupons.AsNoTracking()
                .Where(c => c.IsEnabled && (c.Validity == CouponValidity.DaysFromClaim || c.ValidUntil > now))
                .OrderByDescending(c => c.CreatedAt).Take(200)
                .Select(c => new { c.Id, c.Name, Left = c.TotalQuantity - c.Issued }).ToListAsync(cancellationToken);
            var tiers = await db.MemberTiers.AsNoTracking().OrderBy(t => t.GrowthThreshold)
                .Select(t => new { t.Id, t.Name, Members = db.MemberAccounts.Count(a => a.TierId == t.Id) }).ToListAsync(cancellationToken);
            return new Choices(
                [.. coupons.Select(c => new Choice(c.Id, string.Format(MembersText.SendCouponChoice, c.Name, c.Left)))],
                [.. tiers.Select(t => new Choice(t.Id, string.Format(MembersText.SendTierChoice, t.Name, t.Members)))]);
        }
    }
}
