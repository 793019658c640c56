using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace Storefront.Web.Tests.Infrastructure;

/// <summary>Posts a server-rendered form the way a browser does: its hidden fields (antiforgery token, form name) plus the values typed.</summary>
public static class Forms
{
    private static readonly HtmlParser Parser = new();

    public static async Task<IHtmlDocument> GetPageAsync(this HttpClient client, string url) =>
        await Parser.ParseDocumentAsync(await client.GetStringAsync(url));

    public static IHtmlDocument Parse(string html) => Parser.ParseDocument(html);

    /// <summary>The named hidden fields (antiforgery token, form name, idempotency key …) of the page's form with this data-testid.</summary>
    public static Dictionary<string, string> HiddenFields(this IHtmlDocument page, string testId) =>
        HiddenFields(page.QuerySelectorAll("form").OfType<IHtmlFormElement>().Single(f => f.GetAttribute("data-testid") == testId));

    private static Dictionary<string, string> HiddenFields(IHtmlFormElement form) =>
        form.Elements.OfType<IHtmlInputElement>().Where(i => i.Type is "hidden" && !string.IsNullOrEmpty(i.Name)).ToDictionary(i => i.Name!, i => i.Value);

    public static async Task<HttpResponseMessage> SubmitAsync(this HttpClient client, string url, string formSelector, IDictionary<string, string> values)
    {
        var page = await client.GetPageAsync(url);
        // This posts, so it takes the first matching form that posts (the layout's search box is a GET form).
        var forms = page.QuerySelectorAll(formSelector).OfType<IHtmlFormElement>().ToList();
        var form = forms.FirstOrDefault(f => string.Equals(f.Method, "post", StringComparison.OrdinalIgnoreCase)) ?? forms.FirstOrDefault()
            ?? throw new InvalidOperationException($"no form {formSelector} at {url}");
        var fields = HiddenFields(form);
        foreach (var (name, value) in values)
        {
            fields[name] = value;
        }

        var action = string.IsNullOrEmpty(form.GetAttribute("action")) ? url : form.GetAttribute("action")!;
        return await client.PostAsync(action, new FormUrlEncodedContent(fields));
    }
}
