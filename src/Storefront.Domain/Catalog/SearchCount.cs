using Storefront.Domain.Common;

namespace Storefront.Domain.Catalog;

/// <summary>How often a store's shoppers searched a keyword that found something (the hot searches); written in batches.</summary>
public sealed class SearchCount : ITenantOwned
{
    private SearchCount()
    {
    }

    public Guid TenantId { get; private set; }

    public string Keyword { get; private set; } = "";

    public long Count { get; private set; }

    public DateTimeOffset LastSearchedAt { get; private set; }
}
