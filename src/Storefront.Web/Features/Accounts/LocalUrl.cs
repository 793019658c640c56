namespace Storefront.Web.Features.Accounts;

/// <summary>
/// Where to go after signing in: a local path only, never another site. A control character (a tab browsers drop,
/// a newline that cannot go in a Location header) sends home too.
/// </summary>
internal static class LocalUrl
{
    public static string OrHome(string? url, string home = "/") =>
        url is { Length: > 0 } && url[0] == '/' && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal)
            && !url.Any(char.IsControl)
            ? url
            : home;
}
