using System.Collections.Concurrent;
using System.Text;
using Match = Storefront.Web.Features.Catalog.Search.StoreSearchIndex.KeywordMatch;

namespace Storefront.Web.Features.Catalog.Search;

/// <summary>Suggestions as a shopper types, and the corrected query offered when a keyword needed its typos forgiven.</summary>
internal sealed partial class SearchMatcher
{
    /// <summary>A suggestion: what to search for, and whether it is a category, a synonym or a product's name.</summary>
    public sealed record Suggestion(string Text, string Kind);

    /// <summary>How many typed texts' suggestions a matcher keeps (all dropped when full; 0: none). A setting for bench/SearchBench.</summary>
    internal static int SuggestionsKept { get; set; } = 4096;

    // Suggestions made, by typed text, with the category names and maximum they were made for; the pinyin keys of
    // category names and synonyms (the same few hundred names on every keystroke).
    private readonly ConcurrentDictionary<string, (IReadOnlyList<string> Categories, int Max, IReadOnlyList<Suggestion> Found)> _suggested =
        new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (string Full, string Initials)> _nameKeys = new(StringComparer.Ordinal);
    private int _suggestedCount;

    /// <summary>
    /// Up to <paramref name="max"/> suggestions for what has been typed (normalised): category names and synonyms
    /// holding it or whose pinyin (or initials) starts with it, product names starting with it or whose pinyin does
    /// (best sellers first; a binary search in keys sorted once per index), then the best products the keyword finds
    /// (the first few picked from its matches, not all of them sorted). Kept per typed text for this matcher's index.
    /// </summary>
    public IReadOnlyList<Suggestion> Suggest(string q, IReadOnlyList<string> categories, int max)
    {
        if (_suggested.TryGetValue(q, out var kept) && ReferenceEquals(kept.Categories, categories) && kept.Max == max)
        {
            return kept.Found;
        }

        var found = Suggestions(q, categories, max);
        if (SuggestionsKept > 0)
        {
            if (Interlocked.Increment(ref _suggestedCount) > SuggestionsKept)
            {
                _suggested.Clear();
                Interlocked.Exchange(ref _suggestedCount, 1);
            }

            _suggested[q] = (categories, max, found);
        }

        return found;
    }

    private List<Suggestion> Suggestions(string q, IReadOnlyList<string> categories, int max)
    {
        var key = q.Replace(" ", "", StringComparison.Ordinal);
        var found = new List<Suggestion>(max);
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var category in categories)
        {
            if (found.Count < max && Fits(category, q, key) && seen.Add(category))
            {
                found.Add(new Suggestion(category, "category"));
            }
        }

        foreach (var term in _synonymTerms)
        {
            if (found.Count < max && Fits(term, q, key) && seen.Add(term))
            {
                found.Add(new Suggestion(term, "synonym"));
            }
        }

        var (keys, products) = _prefixes.Value;
        var start = LowerBound(keys, key);
        var candidates = new List<int>();
        for (var i = start; i < keys.Length && candidates.Count < 200 && keys[i].StartsWith(key, StringComparison.Ordinal); i++)
        {
            candidates.Add(products[i]);
        }

        var sales = _index.Sales;
        foreach (var p in candidates.Distinct().OrderByDescending(p => sales[p]).ThenBy(p => p))
        {
            AddProduct(p);
        }

        if (found.Count < max)
        {
            foreach (var p in Best(Match(q), max * 2))
            {
                AddProduct(p);
            }
        }

        return found;

        void AddProduct(int p)
        {
            var name = _index.Cards[p].Name.Trim();
            if (found.Count < max && seen.Add(name))
            {
                found.Add(new Suggestion(name, "product"));
            }
        }
    }

    /// <summary>
    /// The products of the first <paramref name="count"/> matches by class, score, sales (most first), then as they came
    /// (product number): what a stable sort of them all would put first, picked in one pass.
    /// </summary>
    private List<int> Best(Match[] matches, int count)
    {
        var sales = _index.Sales;
        var best = new List<Match>(count + 1);
        foreach (var m in matches)
        {
            if (best.Count == count && Compare(m, best[^1]) >= 0)
            {
                continue;
            }

            var at = best.Count;
            while (at > 0 && Compare(m, best[at - 1]) < 0)
            {
                at--;
            }

            best.Insert(at, m);
            if (best.Count > count)
            {
                best.RemoveAt(count);
            }
        }

        return best.ConvertAll(m => m.Product);

        int Compare(Match a, Match b) =>
            a.Relevance != b.Relevance ? a.Relevance.CompareTo(b.Relevance)
            : sales[a.Product] != sales[b.Product] ? sales[b.Product].CompareTo(sales[a.Product])
            : a.Product.CompareTo(b.Product);
    }

    /// <summary>Whether a name suits what was typed: it holds it, or its pinyin or initials start with it.</summary>
    private bool Fits(string name, string q, string key)
    {
        if (name.Contains(q, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (!SearchText.IsLatin(key))
        {
            return false;
        }

        var (full, initials) = _nameKeys.GetOrAdd(name, NameKeys);
        return full.StartsWith(key, StringComparison.Ordinal) || (key.Length >= 2 && initials.StartsWith(key, StringComparison.Ordinal));
    }

    /// <summary>A name's keys for prefix suggestions: in pinyin (latin letters and digits kept) and its Chinese characters' initials.</summary>
    private static (string Full, string Initials) NameKeys(string name)
    {
        var full = new StringBuilder(name.Length * 3);
        var initials = new StringBuilder(name.Length);
        foreach (var c in name.ToLowerInvariant())
        {
            if (SearchText.IsHan(c) && SearchText.Pinyin(c.ToString()) is { } pinyin)
            {
                full.Append(pinyin.Full);
                initials.Append(pinyin.Initials);
            }
            else if (char.IsLetterOrDigit(c))
            {
                full.Append(c);
            }
        }

        return (full.ToString(), initials.ToString());
    }

    private (string[] Keys, int[] Products) BuildPrefixes()
    {
        var keys = new List<string>(_index.Count * 3);
        var products = new List<int>(_index.Count * 3);
        for (var p = 0; p < _index.Count; p++)
        {
            var name = _index.Cards[p].Name.ToLowerInvariant().Replace(" ", "", StringComparison.Ordinal);
            var (full, initials) = NameKeys(name);
            foreach (var key in new[] { name, full, initials }.Where(k => k.Length > 0).Distinct())
            {
                keys.Add(key);
                products.Add(p);
            }
        }

        var keyArray = keys.ToArray();
        var productArray = products.ToArray();
        Array.Sort(keyArray, productArray, StringComparer.Ordinal);
        return (keyArray, productArray);
    }

    private static int LowerBound(string[] keys, string key)
    {
        int lo = 0, hi = keys.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (string.CompareOrdinal(keys[mid], key) < 0)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    /// <summary>
    /// The keyword with each word that is not a term of the store (nor part of one, nor a synonym) replaced by the
    /// likeliest term it was meant as: a homophone, the word its pinyin spells, or a term one edit away (the most
    /// used); null when no word needed replacing ("蓝芽耳机" → "蓝牙耳机").
    /// </summary>
    public string? Correct(string q)
    {
        var words = SearchText.QueryWords(q);
        var parts = new List<string>(words.Count);
        var changed = false;
        foreach (var w in words)
        {
            var known = _termNumber.ContainsKey(w) || _synonyms.ContainsKey(w)
                || ((SearchText.IsHan(w[0]) || w.Length >= 2) && _termNumber.Keys.Any(t => t.Contains(w, StringComparison.Ordinal)));
            var better = known ? null : Replacement(w);
            changed |= better is not null;
            parts.Add(better ?? w);
        }

        if (!changed)
        {
            return null;
        }

        var corrected = new StringBuilder(parts[0]);
        for (var k = 1; k < parts.Count; k++)
        {
            if (!(SearchText.IsHan(parts[k - 1][^1]) && SearchText.IsHan(parts[k][0])))
            {
                corrected.Append(' ');
            }

            corrected.Append(parts[k]);
        }

        return corrected.ToString();
    }

    private string? Replacement(string w)
    {
        var han = SearchText.IsHan(w[0]);
        var candidates = new List<int>();
        if (han && SearchText.Pinyin(w) is { } pinyin && _byPinyin.TryGetValue(pinyin.Full, out var homophones))
        {
            candidates.AddRange(homophones);
        }

        if (SearchText.IsLatin(w) && _byPinyin.TryGetValue(w, out var spelled))
        {
            candidates.AddRange(spelled);
        }

        if (candidates.Count == 0 && (han ? w.Length >= 2 : w.Length >= 3))
        {
            candidates.AddRange(Near1(_deletes.Value.Terms, w, _terms));
        }

        return candidates.Count == 0 ? null
            : _terms[candidates.OrderByDescending(t => _postings[t].Length).ThenBy(t => _terms[t], StringComparer.Ordinal).First()];
    }
}
