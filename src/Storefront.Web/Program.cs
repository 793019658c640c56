using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Radzen;
using Serilog;
using Storefront.Domain.Accounts;
using Storefront.Web;
using Storefront.Web.Components;
using Storefront.Web.Features;
using Storefront.Web.Infrastructure.Behaviors;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Identity;
using Storefront.Web.Infrastructure.Telemetry;
using Storefront.Web.Infrastructure.Tenancy;
using Storefront.Web.Infrastructure.Web;

var builder = WebApplication.CreateBuilder(args);
builder.UseStaticWebAssetsInEveryEnvironment();

Log.Logger = new LoggerConfiguration()
    .ReadFrom.Configuration(builder.Configuration)
    .Enrich.FromLogContext()
    .Enrich.With<HttpContextLogEnricher>()
    .WriteTo.Console(outputTemplate:
        "[{Timestamp:HH:mm:ss} {Level:u3}] {Message:lj} {{TenantId={TenantId} UserId={UserId} RequestId={RequestId}}} <{SourceContext}>{NewLine}{Exception}")
    .CreateLogger();
builder.Logging.ClearProviders();
builder.Logging.AddSerilog(Log.Logger, dispose: true);

var services = builder.Services;
builder.AddStorefrontSecurityHeaders();
builder.AddStorefrontTelemetry();   // OpenTelemetry: exported over OTLP only when an endpoint is configured

// A search address can be long (a 10,000-character keyword must get the search page's message, not a bare 414).
builder.WebHost.ConfigureKestrel(o => o.Limits.MaxRequestLineSize = 64 * 1024);
var appConnection = builder.Configuration.GetConnectionString("Storefront")
    ?? throw new InvalidOperationException("ConnectionStrings:Storefront is not set (./run.sh sets it for you).");

services.AddSingleton(TimeProvider.System);
services.AddHttpContextAccessor();
services.AddMemoryCache();
services.Configure<TenancyOptions>(builder.Configuration.GetSection("Storefront"));
services.AddScoped<TenantContext>();
services.AddScoped<CurrentUser>();
services.AddScoped<StoreDirectory>();
services.AddSingleton<StoreScopes>();
services.AddScoped<CircuitSender>();
services.Configure<Storefront.Web.Infrastructure.Media.MediaOptions>(builder.Configuration.GetSection("Storefront"));
services.AddSingleton<Storefront.Web.Infrastructure.Media.ImageStore>();
services.AddSingleton<Storefront.Web.Infrastructure.Jobs.ListingScheduleJob>();
services.AddHostedService(sp => sp.GetRequiredService<Storefront.Web.Infrastructure.Jobs.ListingScheduleJob>());

// Ordering: payments (gateway, callback delivery)
// The sandbox gateway writes its charge in the caller's transaction, so it lives per scope; its callbacks go out from
// a background job over HTTP (client "sandbox-callbacks"; tests plug the test server's handler in).
services.Configure<Storefront.Web.Infrastructure.Payments.SandboxOptions>(builder.Configuration.GetSection("Storefront:Payments"));
services.AddScoped<Storefront.Web.Infrastructure.Payments.SandboxGateway>();
services.AddScoped<Storefront.Web.Infrastructure.Payments.IPaymentGateway>(sp => sp.GetRequiredService<Storefront.Web.Infrastructure.Payments.SandboxGateway>());
services.AddSingleton<Storefront.Web.Infrastructure.Payments.PaymentFaults>();
services.AddHttpClient(Storefront.Web.Infrastructure.Payments.SandboxCallbacks.HttpClientName, c => c.Timeout = TimeSpan.FromMinutes(2));
services.AddSingleton<Storefront.Web.Infrastructure.Payments.SandboxCallbacks>();
services.AddHostedService(sp => sp.GetRequiredService<Storefront.Web.Infrastructure.Payments.SandboxCallbacks>());


// Ordering: order timers and outbox
services.Configure<Storefront.Web.Infrastructure.Notifications.MailOptions>(builder.Configuration.GetSection("Storefront:Mail"));
services.AddSingleton<Storefront.Web.Infrastructure.Notifications.INotificationSender, Storefront.Web.Infrastructure.Notifications.PickupDirectorySender>();
services.AddSingleton<Storefront.Web.Infrastructure.Jobs.OrderTimersJob>();
services.AddHostedService(sp => sp.GetRequiredService<Storefront.Web.Infrastructure.Jobs.OrderTimersJob>());
services.AddSingleton<Storefront.Web.Infrastructure.Jobs.OutboxJob>();
services.AddHostedService(sp => sp.GetRequiredService<Storefront.Web.Infrastructure.Jobs.OutboxJob>());


// Ordering: cart and checkout
services.AddScoped<Storefront.Web.Features.Ordering.CartOwner>();
services.AddScoped<Storefront.Web.Features.Ordering.CartBadge>();


// Promotions: operators admin


// Promotions: cart and checkout pricing


// Promotions: coupons, members, flash storefront (jobs)
services.AddSingleton<Storefront.Web.Infrastructure.Jobs.MembersJob>();
services.AddHostedService(sp => sp.GetRequiredService<Storefront.Web.Infrastructure.Jobs.MembersJob>());


// AfterSales: cases (jobs)
services.AddSingleton<Storefront.Web.Infrastructure.Jobs.AfterSalesJob>();
services.AddHostedService(sp => sp.GetRequiredService<Storefront.Web.Infrastructure.Jobs.AfterSalesJob>());


// AfterSales: complaints and reviews


services.AddStorefrontDb(builder.Configuration, appConnection);

// MediatR 5.1: handlers and validators found by Scrutor; behaviours run in the order registered (outermost first).
services.AddScoped<ServiceFactory>(sp => sp.GetService!);
services.AddScoped<IMediator, Mediator>();
services.Scan(scan => scan.FromAssemblyOf<Program>()
    .AddClasses(c => c.AssignableTo(typeof(IRequestHandler<,>)), publicOnly: false).AsImplementedInterfaces().WithTransientLifetime()
    .AddClasses(c => c.AssignableTo(typeof(IValidator<>)), publicOnly: false).AsImplementedInterfaces().WithTransientLifetime());
services.AddTransient(typeof(IPipelineBehavior<,>), typeof(LoggingBehavior<,>));
services.AddTransient(typeof(IPipelineBehavior<,>), typeof(RateLimitBehavior<,>));
services.AddTransient(typeof(IPipelineBehavior<,>), typeof(TenantBehavior<,>));
services.AddTransient(typeof(IPipelineBehavior<,>), typeof(ValidationBehavior<,>));
services.AddTransient(typeof(IPipelineBehavior<,>), typeof(TransactionBehavior<,>));
services.AddInputRules();

// Accounts: shoppers (one store each) and staff (roles per store), each with its own cookie.
void ConfigureIdentity(IdentityOptions o)
{
    o.User.RequireUniqueEmail = false;
    o.User.AllowedUserNameCharacters += "'";
    o.Password.RequiredLength = Storefront.Domain.Accounts.PasswordRules.MinimumLength;   // and PasswordPolicy: not a common one
    o.Password.RequireDigit = false;
    o.Password.RequireLowercase = false;
    o.Password.RequireUppercase = false;
    o.Password.RequireNonAlphanumeric = false;
    o.Lockout.MaxFailedAccessAttempts = 5;
    o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
    o.Lockout.AllowedForNewUsers = true;
}

services.AddIdentityCore<Shopper>(ConfigureIdentity)
    .AddUserStore<AccountStore<Shopper>>()
    .AddClaimsPrincipalFactory<ShopperPrincipalFactory>()
    .AddSignInManager<ShopperSignInManager>();
services.AddIdentityCore<StaffAccount>(ConfigureIdentity)
    .AddUserStore<AccountStore<StaffAccount>>()
    .AddClaimsPrincipalFactory<StaffPrincipalFactory>()
    .AddSignInManager<StaffSignInManager>();

services.AddAuthentication(StoreClaims.DefaultScheme)
    .AddPolicyScheme(StoreClaims.DefaultScheme, null, o => o.ForwardDefaultSelector = context =>
        StoreClaims.IsStaffScheme(context.Request.Path) ? StoreClaims.StaffScheme : StoreClaims.ShopperScheme)
    .AddCookie(StoreClaims.ShopperScheme, o => Cookies(o, StoreClaims.ShopperCookie, "/account/login", "/account/login"))
    .AddCookie(StoreClaims.StaffScheme, o => Cookies(o, ".storefront.staff", "/admin/login", "/admin/denied"));

static void Cookies(CookieAuthenticationOptions o, string name, string loginPath, string deniedPath)
{
    o.Cookie.Name = name;
    o.Cookie.HttpOnly = true;
    o.Cookie.SameSite = SameSiteMode.Lax;
    o.LoginPath = loginPath;
    o.AccessDeniedPath = deniedPath;
    o.ExpireTimeSpan = TimeSpan.FromDays(7);
    o.SlidingExpiration = true;
    o.Events.OnRedirectToLogin = context => Redirect(context, StatusCodes.Status401Unauthorized, login: true);
    o.Events.OnRedirectToAccessDenied = context => Redirect(context, StatusCodes.Status403Forbidden, login: false);
}

static Task Redirect(Microsoft.AspNetCore.Authentication.RedirectContext<CookieAuthenticationOptions> context, int apiStatus, bool login)
{
    if (context.Request.Path.StartsWithSegments("/api"))
    {
        context.Response.StatusCode = apiStatus;
        return Task.CompletedTask;
    }

    var target = context.RedirectUri;
    if (context.Request.Path.StartsWithSegments("/platform"))
    {
        target = target.Replace("/admin/login", "/platform/login", StringComparison.Ordinal).Replace("/admin/denied", "/platform/login", StringComparison.Ordinal);
    }

    context.Response.Redirect(target);
    return Task.CompletedTask;
}

services.AddAccountSecurity();   // password policy, server-side sessions, staff invitations
services.AddAuthorization(Policies.Add);
services.AddScoped<IAuthorizationHandler, StoreMemberHandler>();
services.AddCascadingAuthenticationState();
services.AddAntiforgery();

services.AddLocalization();
services.Configure<RequestLocalizationOptions>(Culture.Configure);

services.AddWebEncoders(o => o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));
services.AddProblemDetails();
services.AddExceptionHandler<ProblemExceptionHandler>();
services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
services.AddOpenApi(o => o.CreateSchemaReferenceId = OpenApiSchemaIds.Create);
services.AddStorefrontRateLimits(builder.Configuration);
services.AddHealthChecks().AddCheck<DatabaseReadyCheck>("database", tags: ["ready"])
    .AddCheck<CatalogListenerReadyCheck>("catalog-listener", tags: ["ready"]);

services.AddOutputCache(o => o.AddPolicy(CatalogCache.PolicyName, new CatalogCachePolicy()));
services.AddSingleton<CatalogCache>();
services.AddSingleton<CatalogChangeListener>();
services.AddHostedService(sp => sp.GetRequiredService<CatalogChangeListener>());

services.AddRazorComponents().AddInteractiveServerComponents();
services.AddRadzenComponents();

var app = builder.Build();

var adminConnection = builder.Configuration.GetConnectionString("StorefrontAdmin");
if (args.Contains("migrate"))
{
    await new Migrator(adminConnection ?? appConnection, appConnection, app.Services.GetRequiredService<ILogger<Migrator>>()).MigrateAsync();
    return;
}

if (adminConnection is not null && builder.Configuration.GetValue("Storefront:MigrateOnStartup", true))
{
    await new Migrator(adminConnection, appConnection, app.Services.GetRequiredService<ILogger<Migrator>>()).MigrateAsync();
}

if (builder.Configuration.GetValue("Storefront:SeedDemoData", false))
{
    await DemoData.SeedAsync(app.Services);
    await DemoPromotions.SeedAsync(app.Services);   // promotions: operators admin (demo 满减, coupon, tiers, flash sale)
}

if (args.Contains("generate"))
{
    Environment.ExitCode = await CatalogGenerator.RunAsync(app.Services, args, Console.Out, Console.Error);
    return;
}

app.UseStorefrontForwardedHeaders();
app.UseStorefrontSecurityHeaders();
app.UseMiddleware<RequestLoggingMiddleware>();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseMiddleware<TenantResolutionMiddleware>();
app.UseRequestLocalization();
app.UseAuthentication();
app.UseAuthorization();
app.UseStorefrontCrossSiteGuard();
app.UseStorefrontRateLimits();
app.UseOutputCache();
app.UseAntiforgery();

app.MapStaticAssets();
app.MapOpenApi();
app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") });
Culture.MapSwitch(app);
Api.Map(app);
Storefront.Web.Infrastructure.Media.MediaEndpoints.Map(app);
Storefront.Web.Features.Accounts.SignOut.MapForms(app);
BenchmarkEndpoints.MapIfEnabled(app);

// Ordering: cart and checkout endpoints outside /api/v1
Storefront.Web.Features.Ordering.AddToCart.MapForm(app);

// Ordering: payment endpoints outside /api/v1 (gateway page, callback)

// Promotions: endpoints outside /api/v1 (forms)
Storefront.Web.Features.Promotions.Flash.ProductPromotionsEndpoint.MapForms(app);


Storefront.Web.Features.Catalog.Sitemap.MapSeo(app);
app.MapRazorComponents<App>().AddInteractiveServerRenderMode(o => o.ContentSecurityFrameAncestorsPolicy = null);   // ours has frame-ancestors

await app.RunAsync();

namespace Storefront.Web
{
    /// <summary>Entry point, named for the test host.</summary>
    public partial class Program;
}
