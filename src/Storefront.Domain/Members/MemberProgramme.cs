using Storefront.Domain.Common;
using Storefront.Domain.Pricing;
using Storefront.Domain.Tenancy;

namespace Storefront.Domain.Members;

/// <summary>
/// A store's points and growth rules (积分规则), kept on the store: points earned per yuan paid (times the tier's
/// multiplier, rounded down), points per yuan when redeeming, the most of an order points may pay (percent), how long
/// earned points live (until the end of the Nth calendar year after earning, in the store's time zone), and the growth window.
/// </summary>
public sealed record MemberProgramme(int EarnPerYuan, int RedeemPointsPerYuan, int RedeemCapPercent, int ExpiryYears, int GrowthWindowDays)
{
    public static readonly MemberProgramme Default = new(1, 100, 20, 1, 365);

    /// <summary>The store's time zone (IANA id), whose calendar years points expire by.</summary>
    public string TimeZoneId { get; init; } = StoreTimeZone.Default;

    public void Validate()
    {
        if (EarnPerYuan is < 0 or > 100)
        {
            throw new DomainException("points.earn", "每元积分为 0–100。");
        }

        if (RedeemPointsPerYuan is < 1 or > 10_000)
        {
            throw new DomainException("points.redeem", "抵扣比例为 1–10000 积分抵 1 元。");
        }

        if (RedeemCapPercent is < 0 or > 100)
        {
            throw new DomainException("points.cap", "积分抵扣上限为订单金额的 0–100%。");
        }

        if (ExpiryYears is < 1 or > 5)
        {
            throw new DomainException("points.expiry", "积分有效期为 1–5 年。");
        }

        if (GrowthWindowDays is < 30 or > 1095)
        {
            throw new DomainException("points.window", "成长值统计周期为 30–1095 天。");
        }
    }

    public PointsRules Redemption => new(RedeemPointsPerYuan, RedeemCapPercent);

    /// <summary>Points for <paramref name="paidAmount"/> yuan paid (goods, not shipping), rounded down.</summary>
    public int PointsFor(decimal paidAmount, decimal multiplier) =>
        paidAmount <= 0 ? 0 : (int)decimal.Floor(paidAmount * EarnPerYuan * multiplier);

    /// <summary>
    /// When points earned at <paramref name="earnedAt"/> expire: the first instant of the year after the Nth year after earning,
    /// both years read in the store's time zone (<see cref="TimeZoneId"/>).
    /// </summary>
    public DateTimeOffset ExpiryFor(DateTimeOffset earnedAt)
    {
        var zone = StoreTimeZone.Find(TimeZoneId);
        var year = StoreTimeZone.ToLocal(earnedAt, zone).Year + ExpiryYears + 1;
        return StoreTimeZone.StartOfDay(new DateOnly(year, 1, 1), zone);
    }

    public DateTimeOffset GrowthWindowStart(DateTimeOffset now) => now.AddDays(-GrowthWindowDays);
}
