namespace Storefront.Web.Features.Accounts;

/// <summary>
/// Where to go after signing in, switching language or claiming a coupon: a path on this site only, never another
/// site. The one check every returnUrl goes through. Refused (the local default instead): anything not starting with
/// one '/', '//host' and '/\host' (browsers read both as another host), backslashes, control characters (browsers drop
/// tabs and newlines, so "/\t/evil" becomes "//evil"), and the same tricks percent-encoded ("/%09/x", "/%2F%2Fevil").
/// </summary>
internal static class LocalUrl
{
    public static string OrHome(string? url, string home = "/") => IsLocal(url) ? url! : home;

    public static bool IsLocal(string? url)
    {
        if (string.IsNullOrEmpty(url) || url.Length > 2048 || !IsLocalPath(url))
        {
            return false;
        }

        try
        {
            // Decoded until it stops changing (a double-encoded "%2509" too), each form checked again.
            var decoded = url;
            for (var i = 0; i < 3; i++)
            {
                var next = Uri.UnescapeDataString(decoded);
                if (next == decoded)
                {
                    return true;
                }

                if (!IsLocalPath(next))
                {
                    return false;
                }

                decoded = next;
            }

            return false;
        }
        catch (UriFormatException)
        {
            return false;
        }
    }

    private static bool IsLocalPath(string url) =>
        url[0] == '/'
        && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'))
        && !url.Contains('\\', StringComparison.Ordinal)
        && !url.Any(char.IsControl);
}
