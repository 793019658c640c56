using Storefront.Domain.Insight;
using Storefront.Web.Infrastructure.Web;

namespace Storefront.Web.Features.Insight.Tracking;

/// <summary>Visit tracking's services: the queue, the pace check for robots, the writer (a hosted service) and the use cases' recorder.</summary>
public static class VisitTrackingModule
{
    public static IHostApplicationBuilder AddVisitTracking(this IHostApplicationBuilder builder)
    {
        var pace = Math.Max(1, builder.Configuration.GetValue("Storefront:Tracking:MaxPagesPerMinute", 60));
        builder.Services.AddSingleton<VisitQueue>();
        builder.Services.AddSingleton(new VisitPace(pace));
        builder.Services.AddSingleton<VisitWriter>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<VisitWriter>());
        builder.Services.AddScoped<Visits>();
        builder.Services.AddHttpContextAccessor();
        builder.Services.Configure<PagePipelineOptions>(o => o.BeforePageCache.Add(typeof(VisitTrackingMiddleware)));
        return builder;
    }
}
