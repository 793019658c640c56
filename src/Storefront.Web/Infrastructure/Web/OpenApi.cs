namespace Storefront.Web.Infrastructure.Web;

/// <summary>The OpenAPI document of the JSON API at /openapi/v1.json.</summary>
public static class OpenApi
{
    public static IHostApplicationBuilder AddStorefrontOpenApi(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOpenApi(o => o.CreateSchemaReferenceId = OpenApiSchemaIds.Create);
        return builder;
    }

    public static IEndpointRouteBuilder MapStorefrontOpenApi(this IEndpointRouteBuilder app)
    {
        app.MapOpenApi();
        return app;
    }
}
