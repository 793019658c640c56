using AngleSharp.Html.Dom;

namespace Storefront.Web.Tests.Infrastructure;

/// <summary>
/// Reads a page rendered with [StreamRendering] as a browser ends up showing it: the first flush has the
/// placeholders, and each streamed update arrives later in the same response as a &lt;blazor-ssr&gt; template,
/// which blazor.web.js swaps in. Here each template's content simply takes the placeholder's place at the end of the body.
/// </summary>
public static class StreamedPages
{
    public static async Task<IHtmlDocument> GetStreamedPageAsync(this HttpClient client, string url)
    {
        var document = await client.GetPageAsync(url);
        foreach (var template in document.QuerySelectorAll("blazor-ssr template").OfType<IHtmlTemplateElement>().ToList())
        {
            var id = template.GetAttribute("blazor-component-id");
            foreach (var placeholder in document.Body!.QuerySelectorAll($"[data-streamed-from='{id}']").ToList())
            {
                placeholder.Remove();
            }

            var holder = document.CreateElement("div");
            holder.SetAttribute("data-streamed-from", id ?? "");
            foreach (var node in template.Content.ChildNodes.ToList())
            {
                holder.AppendChild(node.Clone());
            }

            document.Body!.AppendChild(holder);
            template.Remove();
        }

        return document;
    }
}
