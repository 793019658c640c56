using Storefront.Web.Features.AfterSales;
using Storefront.Web.Features.Catalog;
using Storefront.Web.Features.Catalog.Recommendations;
using Storefront.Web.Features.Insight.Tracking;
using Storefront.Web.Features.Members;
using Storefront.Web.Features.Ordering;
using Storefront.Web.Features.PaymentSandbox;
using Storefront.Web.Features.Privacy;
using Storefront.Web.Infrastructure.Behaviors;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Identity;
using Storefront.Web.Infrastructure.Media;
using Storefront.Web.Infrastructure.Notifications;
using Storefront.Web.Infrastructure.Tenancy;
using Storefront.Web.Infrastructure.Web;

namespace Storefront.Web;

/// <summary>
/// The app's services that need no web server: localization, data, tenancy, the mediator, identity, media,
/// notifications and every area. Program.cs calls this after the HTTP host's registrations, and the data generator
/// (tools/Storefront.Generator) on its plain host, so an area added here reaches both.
/// </summary>
public static class StorefrontServices
{
    public static IHostApplicationBuilder AddStorefrontApp(this IHostApplicationBuilder builder)
    {
        builder.AddStorefrontLocalization();
        builder.AddStorefrontData();
        builder.AddStorefrontTenancy();
        builder.AddStorefrontMediator();
        builder.AddStorefrontIdentity();
        builder.AddStorefrontMedia();
        builder.AddStorefrontNotifications();
        builder.AddCatalog();
        builder.AddOrdering();
        builder.AddPaymentSandbox();
        builder.AddMembers();
        builder.AddAfterSales();
        builder.AddPrivacy();
        builder.AddVisitTracking();
        builder.AddRecommendations();
        return builder;
    }
}
