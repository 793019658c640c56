using Storefront.Domain.Common;

namespace Storefront.Domain.Insight;

/// <summary>
/// A store's additive figures of one of its days (in its time zone), kept by database triggers as orders are paid,
/// refunded and shipped, shoppers register and after-sales cases are answered (migration 0030). Read-only here.
/// </summary>
public sealed class InsightDay : ITenantOwned
{
    private InsightDay()
    {
    }

    public Guid TenantId { get; private set; }

    public DateOnly Day { get; private set; }

    public int PaidOrders { get; private set; }

    public decimal PaidAmount { get; private set; }

    public int RefundedOrders { get; private set; }

    public decimal RefundedAmount { get; private set; }

    public int NewMembers { get; private set; }

    public int ShippedOrders { get; private set; }

    public long ShipSeconds { get; private set; }

    public int AnsweredCases { get; private set; }

    public long AnswerSeconds { get; private set; }
}

/// <summary>A buyer's paid orders on one of the store's days: distinct and repeat buyers of a period come from these.</summary>
public sealed class InsightBuyerDay : ITenantOwned
{
    private InsightBuyerDay()
    {
    }

    public Guid TenantId { get; private set; }

    public DateOnly Day { get; private set; }

    public Guid ShopperId { get; private set; }

    public int PaidOrders { get; private set; }

    public decimal PaidAmount { get; private set; }

    /// <summary>The days of the buyer's last two paid orders before this day (the same day twice when it had two; migration 0052).</summary>
    public DateOnly? PreviousDay { get; private set; }

    public DateOnly? SecondPreviousDay { get; private set; }
}
