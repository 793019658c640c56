using Storefront.Domain.Common;

namespace Storefront.Domain.Catalog;

/// <summary>
/// Words a store's shoppers use for the same thing (跑鞋 = 运动鞋 = running shoes): a search for any of them finds
/// what the others find. Kept by the store's operators; terms are matched as the search normalises a keyword (trimmed,
/// blanks collapsed, lower case), so they are stored that way, each once.
/// </summary>
public sealed class SynonymGroup : ITenantOwned
{
    public const int MaxTerms = 20;
    public const int MaxTermLength = 50;

    private SynonymGroup()
    {
    }

    public SynonymGroup(Guid tenantId, Guid id, IEnumerable<string> terms, DateTimeOffset now)
    {
        TenantId = tenantId;
        Id = id;
        UpdatedAt = now;
        Change(terms, now);
    }

    public Guid TenantId { get; private set; }

    public Guid Id { get; private set; }

    public List<string> Terms { get; private set; } = [];

    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>Replaces the terms: at least two different ones, at most <see cref="MaxTerms"/> of at most <see cref="MaxTermLength"/> characters.</summary>
    public void Change(IEnumerable<string> terms, DateTimeOffset now)
    {
        var normalized = Normalize(terms);
        if (normalized.Count < 2)
        {
            throw new DomainException("synonyms.too-few", "同义词组至少需要两个不同的词。");
        }

        if (normalized.Count > MaxTerms || normalized.Any(t => t.Length > MaxTermLength))
        {
            throw new DomainException("synonyms.too-many", $"同义词组最多 {MaxTerms} 个词，每个词最多 {MaxTermLength} 个字符。");
        }

        Terms = normalized;
        UpdatedAt = now;
    }

    /// <summary>Trimmed, blanks collapsed, lower case, empty ones dropped, each once (in the order given).</summary>
    public static List<string> Normalize(IEnumerable<string> terms) =>
        [.. terms.Select(t => string.Join(' ', (t ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).ToLowerInvariant())
            .Where(t => t.Length > 0).Distinct(StringComparer.Ordinal)];
}
