using Storefront.Domain.Catalog;

namespace Storefront.Web.Features.Catalog;

/// <summary>
/// Words for a product's status and a stock movement's reason, from CatalogText.resx by a key built from the value
/// (ProductStatus_Listed): the class the SDK generates has no property that takes a value. LabelsTests checks that
/// every value has its key in both languages.
/// </summary>
public static class CatalogLabels
{
    public static string ProductStatus(ProductStatus status) => Get("ProductStatus_" + status);

    public static string StockReason(StockReason reason) => Get("StockReason_" + reason);

    private static string Get(string key) => CatalogText.ResourceManager.GetString(key, CatalogText.Culture) ?? key;
}
