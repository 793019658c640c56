namespace Storefront.Web.Features.Catalog.Search;

/// <summary>How a shopper's keyword is tokenised for matching: normalised, and cut into the bigrams the short-keyword index holds.</summary>
public static class SearchKeyword
{
    /// <summary>The keyword as it is matched: trimmed, blanks collapsed, lower case (search_text is lower case).</summary>
    public static string? Normalize(string? q)
    {
        if (string.IsNullOrWhiteSpace(q))
        {
            return null;
        }

        return string.Join(' ', q.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).ToLowerInvariant();
    }

    /// <summary>The character pairs of the keyword, as text_bigrams() (migration 0007) gives them for search_text.</summary>
    public static string[] Bigrams(string q) => [.. Enumerable.Range(0, q.Length - 1).Select(i => q.Substring(i, 2)).Distinct()];
}
