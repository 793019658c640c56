namespace Storefront.Web.Features.Catalog.Search;

/// <summary>Keywords' matches kept with the index they were found for.</summary>
public sealed partial class StoreSearchIndex
{
    /// <summary>
    /// A product a keyword matched (its number in the index), with its relevance class (-3 to 1) and score (lower
    /// first), packed into one number that orders as class then score: 8 bytes a match, so a keyword's matches and the
    /// kept ones take half what they did (docs/decisions/0039).
    /// </summary>
    public readonly record struct KeywordMatch
    {
        private const int ScoreBits = 24;
        private const int MaxScore = (1 << ScoreBits) - 1;

        public KeywordMatch(int product, int @class, int score)
        {
            Product = product;
            Relevance = ((@class + 4) << ScoreBits) | Math.Clamp(score, 0, MaxScore);
        }

        public int Product { get; init; }

        /// <summary>Class and score as one number: lower is more relevant.</summary>
        public int Relevance { get; }

        public int Class => (Relevance >> ScoreBits) - 4;

        public int Score => Relevance & MaxScore;
    }

    /// <summary>A small LRU of keyword → matches, bounded by the number of matches it holds.</summary>
    public sealed class KeywordCache
    {
        private readonly Dictionary<string, LinkedListNode<(string Keyword, KeywordMatch[] Matches)>> _byKeyword = new(StringComparer.Ordinal);
        private readonly LinkedList<(string Keyword, KeywordMatch[] Matches)> _recent = new();
        private readonly Lock _lock = new();
        private long _held;

        /// <summary>A copy for a patched index: products renumbered by <paramref name="next"/>, those it maps to -1 (no longer listed) dropped.</summary>
        public KeywordCache Renumbered(int[] next)
        {
            var copy = new KeywordCache();
            lock (_lock)
            {
                foreach (var (keyword, matches) in _recent)
                {
                    var kept = new List<KeywordMatch>(matches.Length);
                    foreach (var m in matches)
                    {
                        if (next[m.Product] >= 0)
                        {
                            kept.Add(m with { Product = next[m.Product] });
                        }
                    }

                    copy._held += kept.Count + 1;
                    copy._byKeyword[keyword] = copy._recent.AddLast((keyword, kept.ToArray()));
                }
            }

            return copy;
        }

        public KeywordMatch[]? Find(string keyword)
        {
            lock (_lock)
            {
                if (!_byKeyword.TryGetValue(keyword, out var node))
                {
                    return null;
                }

                _recent.Remove(node);
                _recent.AddFirst(node);
                return node.Value.Matches;
            }
        }

        /// <summary>Keeps the matches unless they alone exceed a tenth of <paramref name="maxMatches"/>; drops the least recently used to make room.</summary>
        public void Keep(string keyword, KeywordMatch[] matches, long maxMatches)
        {
            if (matches.Length > maxMatches / 10)
            {
                return;
            }

            lock (_lock)
            {
                if (_byKeyword.ContainsKey(keyword))
                {
                    return;
                }

                _held += matches.Length + 1;
                _byKeyword[keyword] = _recent.AddFirst((keyword, matches));
                while (_held > maxMatches && _recent.Last is { } oldest)
                {
                    _recent.RemoveLast();
                    _byKeyword.Remove(oldest.Value.Keyword);
                    _held -= oldest.Value.Matches.Length + 1;
                }
            }
        }
    }
}
