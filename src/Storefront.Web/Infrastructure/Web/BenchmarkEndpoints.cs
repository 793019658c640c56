using System.Collections.Concurrent;
using System.Runtime;
using System.Text;

namespace Storefront.Web.Infrastructure.Web;

/// <summary>
/// The ceiling of bench/catalog.sh: <c>GET /bench/static?bytes=N</c> answers a fixed HTML page of exactly N bytes through
/// the same middleware as every page (store resolution, localization, authentication), but with no rendering and no
/// database. <c>GET /bench/memory</c> says where the process's memory is (the GC's heap, its fragmentation and commit, the
/// process's resident and peak memory), so the bench can tell managed data from what the GC keeps. Mapped only when
/// Storefront:BenchmarkEndpoints is true.
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
        app.MapGet("/bench/memory", Memory).ExcludeFromDescription();
    }

    /// <summary>
    /// Megabytes: the last GC's heap, fragmentation and commit, the GC mode, and from /proc/self/status the resident
    /// memory, its peak and its anonymous and file-backed parts (mapped assemblies count as resident too).
    /// </summary>
    private static IResult Memory()
    {
        static double Mb(long bytes) => Math.Round(bytes / 1048576d, 1);
        var info = GC.GetGCMemoryInfo(GCKind.Any);
        var status = File.Exists("/proc/self/status") ? File.ReadAllLines("/proc/self/status") : [];
        double Kb(string key) => status.Where(l => l.StartsWith(key, StringComparison.Ordinal))
            .Select(l => Math.Round(long.Parse(l[key.Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) / 1024d, 1))
            .FirstOrDefault();
        return Results.Json(new
        {
            serverGc = GCSettings.IsServerGC,
            latencyMode = GCSettings.LatencyMode.ToString(),
            gcSettings = GC.GetConfigurationVariables(),
            rssMb = Kb("VmRSS:"),
            peakRssMb = Kb("VmHWM:"),
            rssAnonymousMb = Kb("RssAnon:"),
            rssFilesMb = Kb("RssFile:"),
            managedNowMb = Mb(GC.GetTotalMemory(false)),
            heapAfterLastGcMb = Mb(info.HeapSizeBytes),
            fragmentedMb = Mb(info.FragmentedBytes),
            committedMb = Mb(info.TotalCommittedBytes),
            promotedMb = Mb(info.PromotedBytes),
            generationsAfterMb = info.GenerationInfo.ToArray().Select(g => Mb(g.SizeAfterBytes)),
            collections = new[] { GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2) },
            pausePercent = info.PauseTimePercentage,
            allocatedMb = Mb(GC.GetTotalAllocatedBytes()),
        });
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
