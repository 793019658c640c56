using Storefront.Web.Features.Catalog.Admin;
using Storefront.Web.Features.Catalog.Admin.Csv;
using Storefront.Web.Features.Catalog.Search;

namespace Storefront.Web.Features.Catalog;

/// <summary>Products, categories, stock and search; the listing-schedule job; sitemap and robots.txt.</summary>
public static class CatalogModule
{
    public static IHostApplicationBuilder AddCatalog(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ListingScheduleJob>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ListingScheduleJob>());
        builder.Services.AddSingleton<HotSearches>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<HotSearches>());
        // jieba's dictionary takes seconds to load: started now, in the background, so the first search seldom waits for it.
        _ = Task.Run(SearchText.Warm);
        return builder;
    }

    public static IEndpointRouteBuilder MapCatalog(this IEndpointRouteBuilder app, IEndpointRouteBuilder api)
    {
        SearchProducts.Map(api);
        SuggestSearches.Map(api);
        ListSynonymGroups.Map(api);
        SaveSynonymGroup.Map(api);
        DeleteSynonymGroup.Map(api);
        ListCategories.Map(api);
        GetProduct.Map(api);
        CreateProduct.Map(api);
        ListProducts.Map(api);
        Admin.GetProduct.Map(api);
        UpdateProduct.Map(api);
        ListProduct.Map(api);
        DelistProduct.Map(api);
        ScheduleProduct.Map(api);
        Admin.ListCategories.Map(api);
        CreateCategory.Map(api);
        UpdateCategory.Map(api);
        DeleteCategory.Map(api);
        UploadImage.Map(api);
        AdjustStock.Map(api);
        StockHistory.Map(api);
        LowStockSkus.Map(api);
        LowStockCount.Map(api);
        ExportProductsCsv.Map(api);
        ImportProductsCsv.Map(api);
        Sitemap.MapSeo(app);
        return app;
    }
}
