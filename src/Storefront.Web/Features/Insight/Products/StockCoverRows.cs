using Microsoft.EntityFrameworkCore;
using Storefront.Domain.Insight;
using Storefront.Web.Infrastructure.Data;

namespace Storefront.Web.Features.Insight.Products;

/// <summary>
/// Stock days of cover of the SKUs that sold in the last <see cref="StockCover.PaceDays"/> store days (from product_days: one
/// range read), with the reorder suggestion (<see cref="StockCover"/>). Shared by the product analysis and 库存预警.
/// </summary>
public static class StockCoverRows
{
    public sealed record Row(Guid SkuId, Guid ProductId, string ProductName, string Code, string SpecText, int Available, int UnitsLast30,
        decimal DailyUnits, decimal? DaysOfCover, int Suggested);

    /// <summary>The rows, least cover first; with <paramref name="onlyToReorder"/> only those below the lead time.</summary>
    internal static async Task<IReadOnlyList<Row>> ReadAsync(StorefrontDb db, DateOnly today, int leadDays, bool onlyToReorder, CancellationToken ct)
    {
        var since = today.AddDays(1 - StockCover.PaceDays);
        var pace = await db.Set<ProductDay>().AsNoTracking().Where(d => d.Day >= since && d.Day <= today)
            .GroupBy(d => d.SkuId).Select(g => new { SkuId = g.Key, Units = g.Sum(d => d.Units) }).Where(g => g.Units > 0)
            .ToDictionaryAsync(g => g.SkuId, g => g.Units, ct);
        var skuIds = pace.Keys.ToList();
        var skus = await (from s in db.Skus.AsNoTracking()
                          join p in db.Products.AsNoTracking() on s.ProductId equals p.Id
                          where skuIds.Contains(s.Id)
                          select new { s.Id, s.ProductId, p.Name, s.Code, s.SpecValues, Available = s.OnHand - s.Reserved })
            .ToListAsync(ct);
        return [.. skus.Select(s => new Row(s.Id, s.ProductId, s.Name, s.Code, string.Join(" / ", s.SpecValues), s.Available, pace[s.Id],
                StockCover.DailyUnits(pace[s.Id]), StockCover.DaysOfCover(s.Available, pace[s.Id]), StockCover.Suggested(s.Available, pace[s.Id], leadDays)))
            .Where(r => !onlyToReorder || r.Suggested > 0)
            .OrderBy(r => r.DaysOfCover).ThenBy(r => r.Code, StringComparer.Ordinal)];
    }
}
