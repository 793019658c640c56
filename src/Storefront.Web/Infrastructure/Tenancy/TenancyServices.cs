namespace Storefront.Web.Infrastructure.Tenancy;

public static class TenancyServices
{
    /// <summary>Which store a request or a background pass works in (<see cref="TenantContext"/>), and the store directory.</summary>
    public static IHostApplicationBuilder AddStorefrontTenancy(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<TenancyOptions>(builder.Configuration.GetSection("Storefront"));
        builder.Services.AddScoped<TenantContext>();
        builder.Services.AddScoped<StoreDirectory>();
        builder.Services.AddSingleton<StoreScopes>();
        return builder;
    }
}
