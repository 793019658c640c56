namespace Storefront.Domain.Ordering.Risk;

/// <summary>One rule's contribution to an order's risk score: the rule's code, its points and the fact behind it (a count, an amount).</summary>
public sealed record RiskReason(string Code, int Points, string Detail);

/// <summary>What scoring found: the sum of the rules' points, each rule that fired, and whether the order is held for review.</summary>
public sealed record RiskAssessment(int Score, IReadOnlyList<RiskReason> Reasons, bool Held)
{
    public static readonly RiskAssessment None = new(0, [], false);
}

/// <summary>
/// The facts about an order that the rules judge, read at checkout in one query. Counts do not include the order being
/// placed. <see cref="UsualProvince"/>/<see cref="UsualCity"/>: where the shopper's earlier orders (not cancelled) went
/// most often; null when there are none. <see cref="SharedCouponAccounts"/>: how many other accounts claimed the coupon this
/// order uses from the same IP or the same address as this shopper's copy (0 without a coupon).
/// </summary>
public sealed record RiskFacts(
    decimal Total,
    TimeSpan AccountAge,
    int OrdersToAddressToday,
    int OrdersToPhoneToday,
    int FailedPaymentsToday,
    int SharedCouponAccounts,
    string ShipProvince,
    string ShipCity,
    string? UsualProvince,
    string? UsualCity);

/// <summary>
/// 风控: the rules that score an order, as pure functions of <see cref="RiskFacts"/> and the store's
/// <see cref="RiskSettings"/>. Each rule gives its weight (or none) with a reason; the score is the sum; an order whose score
/// is above the store's threshold is held (待审核) until staff approve it (docs/decisions/0041-risk-control.md).
/// <list type="bullet">
/// <item>new-account: the account is younger than <see cref="RiskSettings.NewAccountDays"/> days and the order's total is at
/// least <see cref="RiskSettings.HighAmount"/>.</item>
/// <item>address-orders / phone-orders: in the last 24 hours at least <see cref="RiskSettings.OrdersPerDay"/> orders of the
/// store (any account) went to this exact address, or to this phone number.</item>
/// <item>failed-payments: the shopper's payments that failed in the last 24 hours reach <see cref="RiskSettings.FailedPayments"/>.</item>
/// <item>shared-coupon: the coupon used was also claimed by at least <see cref="RiskSettings.SharedCouponAccounts"/> other
/// accounts from the same IP (the device, as far as the server can tell) or the same address.</item>
/// <item>far-address: the shopper has earlier orders and this one goes elsewhere. Far is judged by region, not distance:
/// another province gives the full weight, the same province but another city half of it (rounded down).</item>
/// </list>
/// </summary>
public static class RiskRules
{
    public const string NewAccount = "new-account";
    public const string AddressOrders = "address-orders";
    public const string PhoneOrders = "phone-orders";
    public const string FailedPayments = "failed-payments";
    public const string SharedCoupon = "shared-coupon";
    public const string FarAddress = "far-address";

    public static readonly IReadOnlyList<string> Codes = [NewAccount, AddressOrders, PhoneOrders, FailedPayments, SharedCoupon, FarAddress];

    public static RiskReason? NewAccountHighAmount(RiskFacts facts, RiskSettings settings) =>
        facts.AccountAge < TimeSpan.FromDays(settings.NewAccountDays) && facts.Total >= settings.HighAmount
            ? new RiskReason(NewAccount, settings.NewAccountWeight, facts.Total.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture))
            : null;

    public static RiskReason? ManyOrdersToAddress(RiskFacts facts, RiskSettings settings) =>
        facts.OrdersToAddressToday >= settings.OrdersPerDay ? Count(AddressOrders, settings.AddressOrdersWeight, facts.OrdersToAddressToday) : null;

    public static RiskReason? ManyOrdersToPhone(RiskFacts facts, RiskSettings settings) =>
        facts.OrdersToPhoneToday >= settings.OrdersPerDay ? Count(PhoneOrders, settings.PhoneOrdersWeight, facts.OrdersToPhoneToday) : null;

    public static RiskReason? ManyFailedPayments(RiskFacts facts, RiskSettings settings) =>
        facts.FailedPaymentsToday >= settings.FailedPayments ? Count(FailedPayments, settings.FailedPaymentsWeight, facts.FailedPaymentsToday) : null;

    public static RiskReason? CouponSharedBetweenAccounts(RiskFacts facts, RiskSettings settings) =>
        facts.SharedCouponAccounts >= settings.SharedCouponAccounts ? Count(SharedCoupon, settings.SharedCouponWeight, facts.SharedCouponAccounts) : null;

    public static RiskReason? FarFromUsualAddress(RiskFacts facts, RiskSettings settings)
    {
        if (facts.UsualProvince is null)
        {
            return null;
        }

        if (!Same(facts.UsualProvince, facts.ShipProvince))
        {
            return new RiskReason(FarAddress, settings.FarAddressWeight, $"{facts.UsualProvince} → {facts.ShipProvince}");
        }

        return Same(facts.UsualCity, facts.ShipCity)
            ? null
            : new RiskReason(FarAddress, settings.FarAddressWeight / 2, $"{facts.UsualCity} → {facts.ShipCity}");
    }

    /// <summary>Every rule, summed; held when the score is above the threshold. Rules that give no points are left out.</summary>
    public static RiskAssessment Assess(RiskFacts facts, RiskSettings settings)
    {
        RiskReason?[] fired =
        [
            NewAccountHighAmount(facts, settings),
            ManyOrdersToAddress(facts, settings),
            ManyOrdersToPhone(facts, settings),
            ManyFailedPayments(facts, settings),
            CouponSharedBetweenAccounts(facts, settings),
            FarFromUsualAddress(facts, settings),
        ];
        var reasons = fired.OfType<RiskReason>().Where(r => r.Points > 0).ToList();
        var score = reasons.Sum(r => r.Points);
        return new RiskAssessment(score, reasons, IsHeld(score, settings));
    }

    /// <summary>Above the threshold, not at it: a threshold of 60 holds 61 and lets 60 through.</summary>
    public static bool IsHeld(int score, RiskSettings settings) => settings.Enabled && score > settings.Threshold;

    /// <summary>
    /// An address as a key for counting claims (never the address itself): SHA-256 of its province, city, district and street,
    /// spaces removed and letters lower-cased, so 文三路 90 号 and 文三路90号 are one address. Recipient and phone are not part of it.
    /// </summary>
    public static string AddressKey(ShippingAddress address)
    {
        var text = string.Join('|', new[] { address.Province, address.City, address.District, address.Street }
            .Select(p => new string([.. (p ?? "").Where(c => !char.IsWhiteSpace(c))]).ToLowerInvariant()));
        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)));
    }

    private static RiskReason Count(string code, int points, int count) =>
        new(code, points, count.ToString(System.Globalization.CultureInfo.InvariantCulture));

    private static bool Same(string? a, string? b) => string.Equals((a ?? "").Trim(), (b ?? "").Trim(), StringComparison.Ordinal);
}
