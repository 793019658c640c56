namespace Storefront.Web.Features.Catalog.Recommendations;

/// <summary>
/// Recommendations (issue 18, item 7; docs/decisions/0048-recommendations.md): 经常一起买 and 看了又看 computed by the
/// recommendations job, 最近浏览, a category's best sellers, and the store's thresholds.
/// </summary>
public static class RecommendationsModule
{
    public static IHostApplicationBuilder AddRecommendations(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<BlockSender>();
        builder.Services.AddSingleton<RecommendationsJob>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<RecommendationsJob>());
        return builder;
    }

    public static IEndpointRouteBuilder MapRecommendations(this IEndpointRouteBuilder app, IEndpointRouteBuilder api)
    {
        GetRecommendations.Map(api);
        RecommendationSettingsAdmin.Map(api);
        return app;
    }
}
