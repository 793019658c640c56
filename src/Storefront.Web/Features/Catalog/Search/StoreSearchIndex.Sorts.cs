namespace Storefront.Web.Features.Catalog.Search;

/// <summary>The keyword-free sorts the index keeps ranked, and how a sort order becomes each product's place.</summary>
public sealed partial class StoreSearchIndex
{
    /// <summary>
    /// The keyword-free sorts as SearchProducts ranked them in SQL: its key, then best selling, newest, id (so ties and
    /// numeric comparisons are exactly as PostgreSQL's order by; the product number stands for the id).
    /// </summary>
    private static readonly (string Sort, Func<StoreSearchIndex, Comparison<int>> Compare)[] Sorts =
    [
        // order by min_price, sales_count desc, listed desc, id
        ("price_asc", x => (a, b) => Chain(x.Price[a].CompareTo(x.Price[b]), x, a, b)),
        // order by min_price desc, sales_count desc, listed desc, id
        ("price_desc", x => (a, b) => Chain(x.Price[b].CompareTo(x.Price[a]), x, a, b)),
        // order by listed desc, sales_count desc, id
        ("newest", x => (a, b) => x.Listed[a] != x.Listed[b] ? x.Listed[b].CompareTo(x.Listed[a])
            : x.Sales[a] != x.Sales[b] ? x.Sales[b].CompareTo(x.Sales[a]) : a.CompareTo(b)),
        // order by sales_count desc, listed desc, id
        ("best_selling", x => (a, b) => Chain(0, x, a, b)),
        // Relevance without a keyword: featured first. order by featured desc, sales_count desc, listed desc, id
        ("relevance", x => (a, b) => Chain(x.Featured[b].CompareTo(x.Featured[a]), x, a, b)),
    ];

    private static int Chain(int first, StoreSearchIndex x, int a, int b) =>
        first != 0 ? first
        : x.Sales[a] != x.Sales[b] ? x.Sales[b].CompareTo(x.Sales[a])
        : x.Listed[a] != x.Listed[b] ? x.Listed[b].CompareTo(x.Listed[a])
        : a.CompareTo(b);

    private static int[] Ranks(int[] order)
    {
        var rank = new int[order.Length];
        for (var i = 0; i < order.Length; i++)
        {
            rank[order[i]] = i;
        }

        return rank;
    }
}
