using System.Linq.Expressions;
using Storefront.Domain.Ordering;

namespace Storefront.Domain.Members;

/// <summary>
/// Growth value (成长值), the measure tiers are graded by: the sum, over a shopper's orders completed within the store's
/// growth window (<see cref="MemberProgramme.GrowthWindowStart"/>), of what was paid for goods and kept — total less
/// shipping less refunds, never below zero. Written once as expressions, so the database sums by the same rule
/// (EF translates them) that <see cref="Of"/> applies in memory.
/// </summary>
public static class MemberGrowth
{
    /// <summary>What one order adds to its shopper's growth: the goods paid and kept (shaped for a GROUP BY shopper).</summary>
    public static readonly Expression<Func<Order, Contribution>> ContributionOf =
        o => new Contribution
        {
            ShopperId = o.ShopperId,
            Value = o.Total - o.ShippingFee - o.RefundedAmount > 0m ? o.Total - o.ShippingFee - o.RefundedAmount : 0m,
        };

    /// <summary>Which orders count: completed, and completed at or after <paramref name="windowStart"/>.</summary>
    public static Expression<Func<Order, bool>> Counts(DateTimeOffset windowStart) =>
        o => o.Status == OrderStatus.Completed && o.CompletedAt >= windowStart;

    /// <summary>The growth of one shopper's orders now, by the rule above.</summary>
    public static decimal Of(IEnumerable<Order> orders, MemberProgramme programme, DateTimeOffset now) =>
        orders.AsQueryable().Where(Counts(programme.GrowthWindowStart(now))).Select(ContributionOf).Sum(c => c.Value);

    public sealed class Contribution
    {
        public Guid ShopperId { get; init; }

        public decimal Value { get; init; }
    }
}
