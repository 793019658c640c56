using System.Collections.Concurrent;
using System.Text;

namespace Storefront.Web.Infrastructure.Web;

/// <summary>
/// The ceiling of bench/catalog.sh: <c>GET /bench/static?bytes=N</c> answers a fixed HTML page of exactly N bytes through
/// the same middleware as every page (store resolution, localization, authentication), but with no rendering and no
/// database. Mapped only when Storefront:BenchmarkEndpoints is true.
/// </summary>
public static class BenchmarkEndpoints
{
    public const int MaxBytes = 4 * 1024 * 1024;

    public static void MapBenchmarkEndpoints(this WebApplication app)
    {
        if (!app.Configuration.GetValue("Storefront:BenchmarkEndpoints", false))
        {
            return;
        }

        var pages = new ConcurrentDictionary<int, string>();
        app.MapGet("/bench/static", (int? bytes) => bytes is null or < 0 or > MaxBytes
                ? Results.Problem($"bytes must be a number from 0 to {MaxBytes}.", statusCode: StatusCodes.Status400BadRequest)
                : Results.Content(pages.GetOrAdd(bytes.Value, Page), "text/html; charset=utf-8"))
            .ExcludeFromDescription();
    }

    /// <summary>An ASCII HTML page of exactly <paramref name="bytes"/> bytes.</summary>
    internal static string Page(int bytes)
    {
        const string Head = "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>static</title></head><body>";
        const string Tail = "</body></html>";
        const string Line = "<p class=\"product-card\">static benchmark content</p>\n";
        if (bytes < Head.Length + Tail.Length)
        {
            return new string(' ', bytes);
        }

        var sb = new StringBuilder(bytes).Append(Head);
        while (sb.Length + Line.Length + Tail.Length <= bytes)
        {
            sb.Append(Line);
        }

        return sb.Append(' ', bytes - sb.Length - Tail.Length).Append(Tail).ToString();
    }
}
