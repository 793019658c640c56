using Storefront.Web;
using Storefront.Web.Components;
using Storefront.Web.Features.Accounts;
using Storefront.Web.Features.AfterSales;
using Storefront.Web.Features.Audit;
using Storefront.Web.Features.Catalog;
using Storefront.Web.Features.Catalog.Recommendations;
using Storefront.Web.Features.Insight;
using Storefront.Web.Features.Members;
using Storefront.Web.Features.Ordering;
using Storefront.Web.Features.PaymentSandbox;
using Storefront.Web.Features.Platform;
using Storefront.Web.Features.Privacy;
using Storefront.Web.Features.Promotions;
using Storefront.Web.Features.Settings;
using Storefront.Web.Features.Staff;
using Storefront.Web.Infrastructure.Media;
using Storefront.Web.Infrastructure.Telemetry;
using Storefront.Web.Infrastructure.Web;

var builder = WebApplication.CreateBuilder(args);
builder.AddStorefrontLogging();
builder.AddStorefrontTelemetry();       // OpenTelemetry, exported over OTLP only when an endpoint is configured
builder.AddStorefrontWeb();             // Kestrel, JSON, problem details, security headers, rate limits, output cache, Blazor
builder.AddStorefrontOpenApi();
builder.AddStorefrontHealthChecks();
builder.AddStorefrontDrain();           // on SIGTERM: /health/ready 503, serve Storefront:Drain:Delay more, then stop
builder.AddStorefrontApp();             // localization, data, tenancy, mediator, identity, media, notifications, the areas (the generator calls it too)

var app = builder.Build();
if (await Cli.RunAsync(app, args)) return;

app.UseStorefrontPipeline();
app.MapStorefrontOpenApi();
app.MapStorefrontHealthChecks();
app.MapMedia();
app.MapBenchmarkEndpoints();

var api = app.MapApiV1();
app.MapAccounts(api);
app.MapPlatform(api);
app.MapStaff(api);
app.MapCatalog(api);
app.MapOrdering(api);
app.MapPaymentSandbox(api);
app.MapPromotions(api);
app.MapMembers(api);
app.MapAfterSales(api);
app.MapInsight(api);
app.MapRecommendations(api);
app.MapSettings(api);
app.MapAudit(api);
app.MapPrivacy(api);
app.MapRazorComponents<App>().AddInteractiveServerRenderMode(o => o.ContentSecurityFrameAncestorsPolicy = null);   // ours has frame-ancestors
await app.RunAsync();
