namespace Storefront.Web.Features.Catalog;

/// <summary>Where the storefront finds an image: stored images (content-hash names) are served under /media/.</summary>
public static class ProductImages
{
    public static string? Url(string? image) => image switch
    {
        null or "" => null,
        _ when image.StartsWith('/')
            || image.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
            || image.StartsWith("http://", StringComparison.OrdinalIgnoreCase) => image,
        _ => "/media/" + Uri.EscapeDataString(image),
    };
}
