using Microsoft.Net.Http.Headers;

namespace Storefront.Web.Infrastructure.Media;

/// <summary>Serves stored images at /media/{name}. A name is the hash of the bytes, so the answer never changes: cache it for a year.</summary>
public static class MediaEndpoints
{
    public const string CacheControl = "public, max-age=31536000, immutable";

    /// <summary>Uploaded images: stored under Storefront:MediaPath.</summary>
    public static IHostApplicationBuilder AddStorefrontMedia(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<MediaOptions>(builder.Configuration.GetSection("Storefront"));
        builder.Services.AddSingleton<ImageStore>();
        return builder;
    }

    public static void MapMedia(this IEndpointRouteBuilder app) =>
        app.MapGet("/media/{name}", (string name, ImageStore images, HttpContext context) =>
        {
            if (images.Find(name) is not { } path)
            {
                return Results.NotFound();
            }

            context.Response.Headers.CacheControl = CacheControl;
            // An image and nothing else: its own type (nosniff is on every answer), shown inline under its own name, and
            // a policy that runs nothing should a browser ever take the bytes for a document (a GIF/HTML polyglot).
            context.Response.Headers.ContentSecurityPolicy = Web.SecurityHeaders.MediaContentSecurityPolicy;
            context.Response.Headers.ContentDisposition = $"inline; filename=\"{name}\"";
            return Results.File(path, ImageStore.ContentType(name), entityTag: new EntityTagHeaderValue($"\"{name[..16]}\""), enableRangeProcessing: true);
        }).ExcludeFromDescription();
}
