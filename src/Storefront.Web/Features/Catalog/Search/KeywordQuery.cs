using Match = Storefront.Web.Features.Catalog.Search.StoreSearchIndex.KeywordMatch;

namespace Storefront.Web.Features.Catalog.Search;

/// <summary>A keyword's matches: kept with the index, or found in memory by its <see cref="SearchMatcher"/> (no database round trip).</summary>
internal static class KeywordQuery
{
    /// <summary>
    /// The store's listed products matching the keyword, with their relevance. The matches are kept with the index
    /// (see <see cref="StoreSearchIndex.Keywords"/>), so another filter or page of the same keyword does not match
    /// again until the catalog changes.
    /// </summary>
    public static Match[] Match(StoreSearchIndex index, string q, long keep)
    {
        if (keep > 0 && index.Keywords.Find(q) is { } kept)
        {
            return kept;
        }

        var found = index.Matcher.Match(q);
        if (keep > 0)
        {
            index.Keywords.Keep(q, found, keep);
        }

        return found;
    }
}
