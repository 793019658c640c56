using Storefront.Domain.Common;

namespace Storefront.Domain.Insight;

/// <summary>
/// Stock days of cover and the reorder suggestion (库存预警 by sales pace; docs/metrics.md): the average daily units are
/// those of the last <see cref="PaceDays"/> store days, today included; a SKU covering fewer days than the store's lead time
/// is suggested enough to cover the lead time and <see cref="PaceDays"/> more days.
/// </summary>
public static class StockCover
{
    public const int PaceDays = 30;

    public const int DefaultLeadDays = 7;

    public const int MaxLeadDays = 365;

    public static int ValidLeadDays(int days) => days is >= 1 and <= MaxLeadDays
        ? days
        : throw new DomainException("insight.lead-days", $"补货周期须在 1 到 {MaxLeadDays} 天之间。");

    /// <summary>Average daily units over the pace window, to 2 places (half away from zero).</summary>
    public static decimal DailyUnits(int unitsInPace) => Math.Round((decimal)unitsInPace / PaceDays, 2, MidpointRounding.AwayFromZero);

    /// <summary>Days the available stock lasts at the pace, to 1 place; null without sales in the window (no pace to divide by).</summary>
    public static decimal? DaysOfCover(int available, int unitsInPace) =>
        unitsInPace <= 0 ? null : Math.Round(Math.Max(0, available) * (decimal)PaceDays / unitsInPace, 1, MidpointRounding.AwayFromZero);

    /// <summary>
    /// Units to order when the cover is below the lead time: the units the pace sells over lead time + <see cref="PaceDays"/>
    /// days, rounded up, less what is available; 0 when the cover is enough or nothing sold.
    /// </summary>
    public static int Suggested(int available, int unitsInPace, int leadDays)
    {
        if (unitsInPace <= 0 || Math.Max(0, available) * (long)PaceDays >= (long)unitsInPace * leadDays)
        {
            return 0;
        }

        var need = (int)Math.Ceiling((decimal)unitsInPace * (leadDays + PaceDays) / PaceDays);
        return Math.Max(0, need - Math.Max(0, available));
    }
}

/// <summary>Rates of the product and promotion analysis: fractions to 4 places, absent (null) over 0.</summary>
public static class InsightRates
{
    public static decimal? Rate(long part, long whole) => whole == 0 ? null : Math.Round((decimal)part / whole, 4, MidpointRounding.AwayFromZero);

    /// <summary>ROI = GMV ÷ discount cost, to 2 places; absent without a discount.</summary>
    public static decimal? Roi(decimal gmv, decimal discount) => discount == 0 ? null : Math.Round(gmv / discount, 2, MidpointRounding.AwayFromZero);
}

/// <summary>A store's sales of one SKU on one of its days (migration 0044), kept by triggers; read-only here.</summary>
public sealed class ProductDay : ITenantOwned
{
    private ProductDay()
    {
    }

    public Guid TenantId { get; private set; }

    public DateOnly Day { get; private set; }

    public Guid ProductId { get; private set; }

    public Guid SkuId { get; private set; }

    public int Units { get; private set; }

    public decimal Amount { get; private set; }

    public int RefundedUnits { get; private set; }
}

/// <summary>A buyer of a product on one of the store's days (migration 0044).</summary>
public sealed class ProductBuyerDay : ITenantOwned
{
    private ProductBuyerDay()
    {
    }

    public Guid TenantId { get; private set; }

    public DateOnly Day { get; private set; }

    public Guid ProductId { get; private set; }

    public Guid ShopperId { get; private set; }
}

/// <summary>A visitor who viewed a product page (by slug) on one of the store's days (migration 0044).</summary>
public sealed class ProductVisitorDay : ITenantOwned
{
    private ProductVisitorDay()
    {
    }

    public Guid TenantId { get; private set; }

    public DateOnly Day { get; private set; }

    public string ProductSlug { get; private set; } = "";

    public Guid VisitorId { get; private set; }
}

/// <summary>What one promotion did on one of the store's days (migration 0045): kind is an adjustment kind.</summary>
public sealed class PromotionDay : ITenantOwned
{
    private PromotionDay()
    {
    }

    public Guid TenantId { get; private set; }

    public DateOnly Day { get; private set; }

    public string Kind { get; private set; } = "";

    public Guid PromotionId { get; private set; }

    public int Orders { get; private set; }

    public int Units { get; private set; }

    public decimal Gmv { get; private set; }

    public decimal Discount { get; private set; }

    public int Claimed { get; private set; }
}
