using Markdig;
using Markdig.Renderers;
using Markdig.Renderers.Html;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Storefront.Web.Infrastructure.Web;

/// <summary>
/// Renders a merchant's Markdown for shoppers so that no script can reach them: raw HTML is disabled (a
/// &lt;script&gt; tag is shown as text), and a link or image whose address has a scheme other than http, https,
/// mailto or tel (javascript:, data:, vbscript:...) loses its address. No extension that lets Markdown set
/// HTML attributes is enabled.
/// </summary>
public static class SafeMarkdown
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .DisableHtml()
        .UseEmphasisExtras()
        .UsePipeTables()
        .UseSoftlineBreakAsHardlineBreak()
        .Build();

    private static readonly HashSet<string> SafeSchemes = new(StringComparer.OrdinalIgnoreCase) { "http", "https", "mailto", "tel" };

    public static string ToHtml(string? markdown)
    {
        if (string.IsNullOrWhiteSpace(markdown))
        {
            return "";
        }

        var document = Markdown.Parse(markdown, Pipeline);
        foreach (var link in document.Descendants<LinkInline>())
        {
            if (!IsSafe(link.Url))
            {
                link.Url = "#";
            }
            else if (!link.IsImage)
            {
                link.GetAttributes().AddPropertyIfNotExist("rel", "nofollow noopener");
            }
        }

        foreach (var link in document.Descendants<AutolinkInline>())
        {
            if (!IsSafe(link.Url))
            {
                link.Url = "#";
            }
        }

        using var writer = new StringWriter();
        var renderer = new HtmlRenderer(writer);
        Pipeline.Setup(renderer);
        renderer.Render(document);
        writer.Flush();
        return writer.ToString();
    }

    /// <summary>The text of the Markdown without its markup, cut to <paramref name="max"/> characters: for cards and meta descriptions.</summary>
    public static string ToExcerpt(string? markdown, int max)
    {
        if (string.IsNullOrWhiteSpace(markdown))
        {
            return "";
        }

        var text = string.Join(' ', Markdown.ToPlainText(markdown, Pipeline).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return text.Length <= max ? text : text[..(max - 1)].TrimEnd() + "…";
    }

    /// <summary>Relative addresses and the listed schemes pass; browsers ignore control characters and blanks inside a scheme, so this does too.</summary>
    internal static bool IsSafe(string? url)
    {
        if (string.IsNullOrEmpty(url))
        {
            return true;
        }

        var compact = new string([.. url.Where(c => c > ' ' && !char.IsControl(c))]);
        var colon = compact.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return true;
        }

        var stop = compact.IndexOfAny(['/', '?', '#']);
        return (stop >= 0 && stop < colon) || SafeSchemes.Contains(compact[..colon]);
    }
}
