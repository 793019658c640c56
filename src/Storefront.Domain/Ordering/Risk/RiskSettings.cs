using Storefront.Domain.Common;

namespace Storefront.Domain.Ordering.Risk;

/// <summary>
/// A store's 风控 settings (the Owner edits them): each rule's weight and trigger (<see cref="RiskRules"/>), the threshold above
/// which an order is held for review, and the coupon claim limits per address and per IP (per coupon). A store without a
/// row uses <see cref="Default"/>: scored but nothing held, claims unlimited, until the owner opts in.
/// </summary>
public sealed class RiskSettings : ITenantOwned
{
    public const int MaxWeight = 100;
    public const int MaxThreshold = 1000;
    public const int MaxCount = 1000;
    public const decimal MaxAmount = 99_999_999m;

    private RiskSettings()
    {
    }

    public Guid TenantId { get; private set; }

    /// <summary>Off (the default until the owner turns review on): orders are still scored and their reasons kept, none is held.</summary>
    public bool Enabled { get; private set; }

    public int Threshold { get; private set; } = 60;

    public int NewAccountDays { get; private set; } = 7;

    public decimal HighAmount { get; private set; } = 2000m;

    public int NewAccountWeight { get; private set; } = 30;

    /// <summary>Orders in 24 hours to one address, or to one phone, from which the address and phone rules fire.</summary>
    public int OrdersPerDay { get; private set; } = 5;

    public int AddressOrdersWeight { get; private set; } = 25;

    public int PhoneOrdersWeight { get; private set; } = 25;

    public int FailedPayments { get; private set; } = 3;

    public int FailedPaymentsWeight { get; private set; } = 20;

    /// <summary>Other accounts that claimed the same coupon from this IP or address, from which the coupon rule fires.</summary>
    public int SharedCouponAccounts { get; private set; } = 2;

    public int SharedCouponWeight { get; private set; } = 30;

    public int FarAddressWeight { get; private set; } = 20;

    /// <summary>Claims of one coupon from one IP, or for one address, across accounts; 0 (the default): no limit.</summary>
    public int ClaimsPerIp { get; private set; }

    public int ClaimsPerAddress { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public static RiskSettings Default(Guid tenantId) => new() { TenantId = tenantId };

    /// <summary>Changes every value at once; refused (domain error risk.settings) when one is out of its range.</summary>
    public void Configure(RiskSettingsValues values, DateTimeOffset now)
    {
        int[] weights =
        [
            values.NewAccountWeight, values.AddressOrdersWeight, values.PhoneOrdersWeight, values.FailedPaymentsWeight, values.SharedCouponWeight,
            values.FarAddressWeight,
        ];
        int[] counts = [values.NewAccountDays, values.OrdersPerDay, values.FailedPayments, values.SharedCouponAccounts];
        if (weights.Any(w => w is < 0 or > MaxWeight) || counts.Any(c => c is < 1 or > MaxCount) || values.Threshold is < 0 or > MaxThreshold
            || values.HighAmount is < 0 or > MaxAmount || values.ClaimsPerIp is < 0 or > MaxCount || values.ClaimsPerAddress is < 0 or > MaxCount)
        {
            throw new DomainException("risk.settings", "风控设置超出允许范围。");
        }

        var highAmount = decimal.Round(values.HighAmount, 2, MidpointRounding.AwayFromZero);
        (Enabled, Threshold, NewAccountDays, HighAmount, NewAccountWeight) =
            (values.Enabled, values.Threshold, values.NewAccountDays, highAmount, values.NewAccountWeight);
        (OrdersPerDay, AddressOrdersWeight, PhoneOrdersWeight, FailedPayments, FailedPaymentsWeight) =
            (values.OrdersPerDay, values.AddressOrdersWeight, values.PhoneOrdersWeight, values.FailedPayments, values.FailedPaymentsWeight);
        (SharedCouponAccounts, SharedCouponWeight, FarAddressWeight, ClaimsPerIp, ClaimsPerAddress) =
            (values.SharedCouponAccounts, values.SharedCouponWeight, values.FarAddressWeight, values.ClaimsPerIp, values.ClaimsPerAddress);
        UpdatedAt = now;
    }

    public RiskSettingsValues Values => new(
        Enabled, Threshold, NewAccountDays, HighAmount, NewAccountWeight, OrdersPerDay, AddressOrdersWeight, PhoneOrdersWeight, FailedPayments,
        FailedPaymentsWeight, SharedCouponAccounts, SharedCouponWeight, FarAddressWeight, ClaimsPerIp, ClaimsPerAddress);
}

/// <summary>The editable values of <see cref="RiskSettings"/>, as one record (the settings form and the API body).</summary>
public sealed record RiskSettingsValues(
    bool Enabled,
    int Threshold,
    int NewAccountDays,
    decimal HighAmount,
    int NewAccountWeight,
    int OrdersPerDay,
    int AddressOrdersWeight,
    int PhoneOrdersWeight,
    int FailedPayments,
    int FailedPaymentsWeight,
    int SharedCouponAccounts,
    int SharedCouponWeight,
    int FarAddressWeight,
    int ClaimsPerIp,
    int ClaimsPerAddress);

/// <summary>Where an order stands in 风控 review, beside (not inside) its status: a held order ships only once approved.</summary>
public enum RiskReview
{
    /// <summary>Not held: the score was at or below the threshold.</summary>
    None,

    /// <summary>待审核: held; it cannot ship until staff approve it.</summary>
    Pending,

    Approved,

    /// <summary>Cancelled while held (by staff from the queue, the shopper or the payment timeout).</summary>
    Cancelled,
}
