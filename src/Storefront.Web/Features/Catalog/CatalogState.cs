using System.Globalization;
using System.Text;
using Storefront.Web.Features.Catalog.Search;

namespace Storefront.Web.Features.Catalog;

/// <summary>
/// One filter state of a catalog listing (/search or /c/{slug}) and its URL: every facet link, sort and page
/// control is a plain link to another state, so each state is shareable and the back button restores it.
/// Changing a filter goes back to page 1.
/// </summary>
public sealed record CatalogState
{
    /// <summary>"/search" or "/c/{slug}".</summary>
    public string Path { get; init; } = "/search";

    public string? Q { get; init; }

    /// <summary>Only on /search; a category page has its category in the path.</summary>
    public string? Category { get; init; }

    public IReadOnlyList<string> Brands { get; init; } = [];

    public IReadOnlyList<string> Attributes { get; init; } = [];

    public decimal? MinPrice { get; init; }

    public decimal? MaxPrice { get; init; }

    public string? Sort { get; init; }

    public int Page { get; init; } = 1;

    public bool IsCategoryPage => Path.StartsWith("/c/", StringComparison.Ordinal);

    public bool HasFilters => Brands.Count > 0 || Attributes.Count > 0 || MinPrice is not null || MaxPrice is not null;

    public SearchProducts.Query ToQuery() => new()
    {
        Q = Q,
        Category = IsCategoryPage ? Path[3..] : Category,
        Brands = Brands,
        Attributes = Attributes,
        MinPrice = MinPrice,
        MaxPrice = MaxPrice,
        Sort = Sort,
        Page = Page,
    };

    public bool HasBrand(string brand) => Brands.Contains(brand);

    public bool HasAttribute(string name, string value) => Attributes.Contains(Pair(name, value));

    public CatalogState ToggleBrand(string brand) =>
        this with { Brands = HasBrand(brand) ? Brands.Where(b => b != brand).ToList() : [.. Brands, brand], Page = 1 };

    public CatalogState ToggleAttribute(string name, string value)
    {
        var pair = Pair(name, value);
        return this with { Attributes = Attributes.Contains(pair) ? Attributes.Where(a => a != pair).ToList() : [.. Attributes, pair], Page = 1 };
    }

    public CatalogState WithPrice(decimal? min, decimal? max) => this with { MinPrice = min, MaxPrice = max, Page = 1 };

    public CatalogState WithSort(string sort) => this with { Sort = sort == SearchProducts.Sorts[0] ? null : sort, Page = 1 };

    public CatalogState WithPage(int page) => this with { Page = page };

    /// <summary>Into a category: on /search the category parameter, on a category page the child's own page.</summary>
    public CatalogState WithCategory(string? slug) => IsCategoryPage && slug is not null
        ? this with { Path = "/c/" + slug, Page = 1 }
        : this with { Category = slug, Page = 1 };

    public CatalogState Cleared() => this with { Brands = [], Attributes = [], MinPrice = null, MaxPrice = null, Page = 1 };

    /// <summary>The state's address: the path and its non-default parameters, in a fixed order.</summary>
    public string Href()
    {
        var query = new StringBuilder();
        Add(query, "q", Q);
        Add(query, "category", IsCategoryPage ? null : Category);
        foreach (var brand in Brands)
        {
            Add(query, "brand", brand);
        }

        foreach (var attribute in Attributes)
        {
            Add(query, "attr", attribute);
        }

        Add(query, "minPrice", MinPrice?.ToString(CultureInfo.InvariantCulture));
        Add(query, "maxPrice", MaxPrice?.ToString(CultureInfo.InvariantCulture));
        Add(query, "sort", Sort);
        Add(query, "page", Page > 1 ? Page.ToString(CultureInfo.InvariantCulture) : null);
        return query.Length == 0 ? Path : Path + "?" + query;
    }

    /// <summary>Reads a state from query values as they came (text), so a malformed number is a message, not an error page.</summary>
    public static CatalogState Parse(string path, string? q, string? category, string[]? brands, string[]? attributes,
        string? minPrice, string? maxPrice, string? sort, string? page, out bool malformed)
    {
        malformed = false;
        var state = new CatalogState
        {
            Path = path,
            Q = string.IsNullOrWhiteSpace(q) ? null : q,
            Category = string.IsNullOrWhiteSpace(category) ? null : category,
            Brands = [.. (brands ?? []).Where(b => !string.IsNullOrWhiteSpace(b)).Distinct()],
            Attributes = [.. (attributes ?? []).Where(a => !string.IsNullOrWhiteSpace(a)).Distinct()],
            Sort = string.IsNullOrWhiteSpace(sort) ? null : sort,
        };
        if (!TryNumber(minPrice, out var min) | !TryNumber(maxPrice, out var max))
        {
            malformed = true;
        }

        var pageNumber = 1;
        if (!string.IsNullOrWhiteSpace(page) && !int.TryParse(page, NumberStyles.None, CultureInfo.InvariantCulture, out pageNumber))
        {
            malformed = true;
            pageNumber = 1;
        }

        return state with { MinPrice = min, MaxPrice = max, Page = pageNumber };
    }

    private static bool TryNumber(string? text, out decimal? value)
    {
        value = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        if (decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var parsed))
        {
            value = parsed;
            return true;
        }

        return false;
    }

    private static string Pair(string name, string value) => name + "=" + value;

    private static void Add(StringBuilder query, string key, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return;
        }

        if (query.Length > 0)
        {
            query.Append('&');
        }

        query.Append(key).Append('=').Append(Uri.EscapeDataString(value));
    }
}
