using Microsoft.Net.Http.Headers;

namespace Storefront.Web.Infrastructure.Media;

/// <summary>Serves stored images at /media/{name}. A name is the hash of the bytes, so the answer never changes: cache it for a year.</summary>
public static class MediaEndpoints
{
    public const string CacheControl = "public, max-age=31536000, immutable";

    /// <summary>Uploaded images: in a folder (Storefront:MediaPath) or PostgreSQL, as Storefront:Media:Store says (Folder by default).</summary>
    public static IHostApplicationBuilder AddStorefrontMedia(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<MediaOptions>(builder.Configuration.GetSection("Storefront"));
        var kind = builder.Configuration["Storefront:Media:Store"] is { Length: > 0 } setting
            ? Enum.TryParse<MediaStoreKind>(setting, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) ? parsed
                : throw new InvalidOperationException($"Storefront:Media:Store is '{setting}': use Folder or Database.")
            : MediaStoreKind.Folder;
        if (kind == MediaStoreKind.Database)
        {
            builder.Services.AddScoped<IMediaStore, DatabaseMediaStore>();
        }
        else
        {
            builder.Services.AddSingleton<IMediaStore, FolderMediaStore>();
        }

        builder.Services.AddScoped<ImageStore>();
        return builder;
    }

    public static void MapMedia(this IEndpointRouteBuilder app) =>
        app.MapGet("/media/{name}", async (string name, ImageStore images, HttpContext context) =>
        {
            if (await images.FindAsync(name, context.RequestAborted) is not { } image)
            {
                return Results.NotFound();
            }

            context.Response.Headers.CacheControl = CacheControl;
            // An image and nothing else: its own type (nosniff is on every answer), shown inline under its own name, and
            // a policy that runs nothing should a browser ever take the bytes for a document (a GIF/HTML polyglot).
            context.Response.Headers.ContentSecurityPolicy = Web.SecurityHeaders.MediaContentSecurityPolicy;
            context.Response.Headers.ContentDisposition = $"inline; filename=\"{name}\"";
            var tag = new EntityTagHeaderValue($"\"{name[..16]}\"");
            return image.FilePath is { } path
                ? Results.File(path, image.ContentType, entityTag: tag, enableRangeProcessing: true)
                : Results.File(image.Bytes!, image.ContentType, entityTag: tag, enableRangeProcessing: true);
        }).ExcludeFromDescription();
}
