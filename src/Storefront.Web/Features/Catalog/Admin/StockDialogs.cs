using Radzen;

namespace Storefront.Web.Features.Catalog.Admin;

/// <summary>Opens the 库存调整 and 库存记录 dialogs the same way from the low-stock list, the product list and the editor.</summary>
public static class StockDialogs
{
    /// <summary>The adjustment dialog for one SKU; the result when the merchant saved one, else null.</summary>
    public static async Task<AdjustStock.Result?> AdjustAsync(DialogService dialogs, Guid skuId, string code, int onHand, string title) =>
        await dialogs.OpenAsync<StockAdjustDialog>($"{CatalogText.AdjustStock} · {title}",
            new Dictionary<string, object?>
            {
                [nameof(StockAdjustDialog.SkuId)] = skuId,
                [nameof(StockAdjustDialog.Code)] = code,
                [nameof(StockAdjustDialog.OnHand)] = onHand,
            },
            new DialogOptions { Width = "460px" }) as AdjustStock.Result;

    public static Task HistoryAsync(DialogService dialogs, Guid skuId, string code) =>
        dialogs.OpenAsync<StockHistoryDialog>($"{CatalogText.StockHistory} · {code}",
            new Dictionary<string, object?> { [nameof(StockHistoryDialog.SkuId)] = skuId },
            new DialogOptions { Width = "820px" });

    /// <summary>What the page says after an adjustment: the SKU, the change and what is on hand now.</summary>
    public static string Adjusted(AdjustStock.Result done) =>
        string.Format(CatalogText.StockAdjusted, done.Code, done.Delta.ToString("+0;-0"), done.OnHand);
}
