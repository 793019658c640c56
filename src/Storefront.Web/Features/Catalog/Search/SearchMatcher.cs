using System.Buffers;
using Match = Storefront.Web.Features.Catalog.Search.StoreSearchIndex.KeywordMatch;

namespace Storefront.Web.Features.Catalog.Search;

/// <summary>
/// Keyword matching in memory over one <see cref="StoreSearchIndex"/>, built from its products' terms the first time a
/// keyword is searched: a posting list per term (the products holding it, ascending), the terms by pinyin and by
/// pinyin initials, and (on first need) every term and pinyin key with one character deleted, for typos. A query's
/// words must all match, in any order; a word matches a product through, best first: the term itself or a longer
/// term holding it (class 0); a synonym, a homophone (same pinyin), pinyin typed in latin letters or its initials
/// (class 1); a term one edit away (a dropped, extra, changed or swapped character; class 2). docs/decisions/0023.
/// </summary>
internal sealed partial class SearchMatcher
{
    private const byte None = byte.MaxValue;
    private const byte Exact = 0;
    private const byte Near = 1;
    private const byte Fuzzy = 2;

    private readonly StoreSearchIndex _index;
    private readonly string[] _terms;
    private readonly int[][] _postings;
    private readonly Dictionary<string, int> _termNumber;
    private readonly Dictionary<string, int[]> _byPinyin;
    private readonly Dictionary<string, int[]> _byInitials;
    private readonly Dictionary<string, string[]> _synonyms;
    private readonly string[] _synonymTerms;

    // Each term's pinyin (null: not a Chinese word), and the terms holding each character: a word's longer terms are
    // looked for among those holding its rarest character, not among all terms.
    private readonly string?[] _termPinyin;
    private readonly Dictionary<char, int[]> _termsWith;
    private readonly Lazy<(Dictionary<string, int[]> Terms, Dictionary<string, int[]> Pinyin)> _deletes;
    private readonly Lazy<(string[] Keys, int[] Products)> _prefixes;
    private readonly int _longestPinyin;

    public SearchMatcher(StoreSearchIndex index, IReadOnlyList<string[]> synonymGroups)
    {
        _index = index;
        _terms = index.Terms;
        var counts = new int[_terms.Length];
        foreach (var terms in index.ProductTerms)
        {
            foreach (var t in terms)
            {
                counts[t]++;
            }
        }

        _postings = new int[_terms.Length][];
        for (var t = 0; t < _terms.Length; t++)
        {
            _postings[t] = new int[counts[t]];
            counts[t] = 0;
        }

        for (var p = 0; p < index.Count; p++)
        {
            foreach (var t in index.ProductTerms[p])
            {
                _postings[t][counts[t]++] = p;
            }
        }

        _termNumber = new Dictionary<string, int>(_terms.Length, StringComparer.Ordinal);
        _termPinyin = new string?[_terms.Length];
        var byPinyin = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var byInitials = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var termsWith = new Dictionary<char, List<int>>();
        for (var t = 0; t < _terms.Length; t++)
        {
            if (_postings[t].Length == 0)
            {
                continue;   // a term of products no longer listed (a patched index keeps the numbering)
            }

            _termNumber[_terms[t]] = t;
            foreach (var c in _terms[t].Distinct())
            {
                if (!termsWith.TryGetValue(c, out var holding))
                {
                    termsWith[c] = holding = [];
                }

                holding.Add(t);
            }

            if (SearchText.Pinyin(_terms[t]) is { } pinyin)
            {
                _termPinyin[t] = pinyin.Full;
                Add(byPinyin, pinyin.Full, t);
                _longestPinyin = Math.Max(_longestPinyin, pinyin.Full.Length);
                if (pinyin.Initials.Length >= 2)
                {
                    Add(byInitials, pinyin.Initials, t);
                }
            }
        }

        _byPinyin = byPinyin.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);
        _byInitials = byInitials.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);
        _termsWith = termsWith.ToDictionary(e => e.Key, e => e.Value.ToArray());
        _synonyms = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var group in synonymGroups)
        {
            foreach (var term in group)
            {
                _synonyms[term] = group;
            }
        }

        _synonymTerms = [.. _synonyms.Keys.Order(StringComparer.Ordinal)];
        _deletes = new(BuildDeletes);
        _prefixes = new(BuildPrefixes);
    }

    /// <summary>The products matching a normalised keyword (<see cref="SearchKeyword.Normalize"/>), with their relevance class and score.</summary>
    public Match[] Match(string q)
    {
        var words = SearchText.QueryWords(q);
        if (words.Count == 0)
        {
            return Symbols(q);
        }

        var n = _index.Count;
        var classes = ArrayPool<byte>.Shared.Rent(Math.Max(n, 1));
        try
        {
            if (!Evaluate(q, words, classes, useSynonyms: true) || classes.AsSpan(0, n).IndexOfAnyExcept(None) < 0)
            {
                // No product holds every word: the words taken as one (保温/被 → 保温被, a homophone of 保温杯).
                var joined = string.Concat(words);
                classes.AsSpan(0, n).Fill(None);
                if (words.Count == 1 || !MarkWord(joined, alone: true, classes, useSynonyms: true))
                {
                    return [];
                }
            }

            var matches = new Match[n - classes.AsSpan(0, n).Count(None)];
            var ranking = new Ranking(q, words);
            for (int p = 0, m = 0; p < n; p++)
            {
                if (classes[p] != None)
                {
                    matches[m++] = Rank(p, classes[p], ranking);
                }
            }

            return matches;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(classes);
        }
    }

    /// <summary>A keyword of symbols only (%, _): the names holding it as typed (a scan; such keywords are rare).</summary>
    private Match[] Symbols(string q)
    {
        var matches = new List<Match>();
        for (var p = 0; p < _index.Count; p++)
        {
            var name = _index.Cards[p].Name;
            var at = name.IndexOf(q, StringComparison.OrdinalIgnoreCase);
            if (at >= 0)
            {
                matches.Add(new Match(p, -1, name.Length));
            }
        }

        return [.. matches];
    }

    /// <summary>
    /// Relevance: the name is the keyword (-3), holds it as typed (-2), all words matched as they are (-1), through
    /// synonyms or pinyin (0), through a typo (1); within a class, names holding more of the words, then shorter names.
    /// </summary>
    private Match Rank(int p, byte wordClass, Ranking r)
    {
        var name = _index.Cards[p].Name.AsSpan().Trim();
        var relevance = name.Equals(r.Q, r.QComparison) ? -3
            : name.Contains(r.Q, r.QComparison) ? -2
            : wordClass - 1;
        var missing = 0;
        for (var k = 0; k < r.Words.Count; k++)
        {
            if (!name.Contains(r.Words[k], r.WordComparison[k]))
            {
                missing++;
            }
        }

        return new Match(p, relevance, (missing * 1000) + name.Length);
    }

    /// <summary>
    /// The keyword and its words as names are compared with them, ignoring case. Text with no letters that have a case
    /// (Chinese, digits) is compared ordinally: the same answer, several times faster than a case-insensitive search.
    /// </summary>
    private readonly struct Ranking(string q, List<string> words)
    {
        public string Q => q;

        public List<string> Words => words;

        public StringComparison QComparison { get; } = Comparison(q);

        public StringComparison[] WordComparison { get; } = [.. words.Select(Comparison)];

        private static StringComparison Comparison(string text) =>
            text.AsSpan().ContainsAnyExcept(Caseless) ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
    }

    /// <summary>Characters no other character matches ignoring case: Chinese characters, and ASCII other than letters.</summary>
    private static readonly SearchValues<char> Caseless = SearchValues.Create(
        string.Concat(Enumerable.Range(0, 0x80).Select(c => (char)c).Where(c => !char.IsAsciiLetter(c)))
        + string.Concat(Enumerable.Range(0x4e00, 0x9fff - 0x4e00 + 1).Select(c => (char)c)));

    /// <summary>Marks in <paramref name="classes"/> (length ≥ products) the products matching every word, with the worst word's class.</summary>
    private bool Evaluate(string q, List<string> words, byte[] classes, bool useSynonyms)
    {
        var n = _index.Count;
        classes.AsSpan(0, n).Fill(None);
        var joined = string.Concat(words);
        if (useSynonyms && (_synonyms.TryGetValue(q, out var group) || _synonyms.TryGetValue(joined, out group)) && words.Count > 1)
        {
            return MarkSynonyms(q, group, classes, Exact);   // a synonym of several words ("running shoes") stands for the whole query
        }

        var word = ArrayPool<byte>.Shared.Rent(Math.Max(n, 1));
        try
        {
            for (var k = 0; k < words.Count; k++)
            {
                word.AsSpan(0, n).Fill(None);
                if (!MarkWord(words[k], words.Count == 1, word, useSynonyms))
                {
                    return false;
                }

                for (var p = 0; p < n; p++)
                {
                    classes[p] = k == 0 ? word[p] : word[p] == None || classes[p] == None ? None : Math.Max(classes[p], word[p]);
                }
            }

            return true;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(word);
        }
    }

    private bool MarkSynonyms(string self, string[] group, byte[] into, byte least)
    {
        var found = false;
        var sub = ArrayPool<byte>.Shared.Rent(Math.Max(_index.Count, 1));
        try
        {
            foreach (var other in group)
            {
                var words = SearchText.QueryWords(other);
                if (words.Count == 0 || !Evaluate(other, words, sub, useSynonyms: false))
                {
                    continue;
                }

                var cls = other == self ? least : Math.Max(least, Near);
                for (var p = 0; p < _index.Count; p++)
                {
                    if (sub[p] != None && Math.Max(sub[p], cls) < into[p])
                    {
                        into[p] = Math.Max(sub[p], cls);
                        found = true;
                    }
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(sub);
        }

        return found;
    }

    /// <summary>Marks the products one query word matches, each with its best class; false when none.</summary>
    private bool MarkWord(string w, bool alone, byte[] into, bool useSynonyms)
    {
        var found = false;
        if (_termNumber.TryGetValue(w, out var t))
        {
            found |= Mark(t, Exact, into);
        }

        var han = SearchText.IsHan(w[0]);
        if (han || w.Length >= 2)
        {
            // Part of a longer term: 蓝牙 in 蓝牙耳机, head in headphones; a lone character of a longer query counts less.
            var cls = w.Length >= 2 || alone ? Exact : Near;
            foreach (var other in TermsWithAll(w))
            {
                if (_terms[other].Length > w.Length && _terms[other].Contains(w, StringComparison.Ordinal))
                {
                    found |= Mark(other, cls, into);
                }
            }
        }

        if (useSynonyms && _synonyms.TryGetValue(w, out var group))
        {
            found |= MarkSynonyms(w, group, into, Exact);
        }

        if (found)
        {
            return SearchText.IsLatin(w) && w.Length >= 4 ? MarkFuzzy(w, han, into) | found : found;
        }

        if (han && w.Length >= 2 && Split(w, _termNumber.ContainsKey) is { } pieces
            && MarkAll(pieces.Select(piece => new[] { _termNumber[piece] }), Exact, into))
        {
            return true;   // 微单 → 微 + 单
        }

        if (han && SearchText.Pinyin(w) is { } pinyin && _byPinyin.TryGetValue(pinyin.Full, out var homophones))
        {
            found |= MarkTerms(homophones, Near, into);   // 蓝芽 → lanya → 蓝牙
        }

        if (SearchText.IsLatin(w))
        {
            if (_byPinyin.TryGetValue(w, out var typed))
            {
                found |= MarkTerms(typed, Near, into);   // lanya → 蓝牙
            }

            if (w.Length >= 2 && _byInitials.TryGetValue(w, out var initials))
            {
                found |= MarkTerms(initials, Near, into);   // ly → 蓝牙
            }

            if (!found && w.Length >= 4 && Split(w, _byPinyin.ContainsKey) is { } syllables)
            {
                found |= MarkAll(syllables.Select(s => _byPinyin[s]), Near, into);   // lanyaerji → 蓝牙 + 耳机
            }
        }

        // Words in letters also find their near misses (saxophne for saxophone), ranked below; Chinese only when nothing else matched.
        return han ? found || MarkFuzzy(w, han, into) : MarkFuzzy(w, han, into) | found;
    }

    /// <summary>Terms one edit from the word (a word of 3+ Chinese characters or 4+ letters) or whose pinyin is one edit from its pinyin.</summary>
    private bool MarkFuzzy(string w, bool han, byte[] into)
    {
        var found = false;
        var deletes = _deletes.Value;
        if (han ? w.Length >= 3 : w.Length >= 4)
        {
            foreach (var t in Near1(deletes.Terms, w, _terms))
            {
                found |= Mark(t, Fuzzy, into);
            }
        }

        var key = han ? SearchText.Pinyin(w)?.Full : SearchText.IsLatin(w) ? w : null;
        if (key is { Length: >= 4 })
        {
            foreach (var t in Near1(deletes.Pinyin, key, _termPinyin))
            {
                found |= Mark(t, Fuzzy, into);
            }
        }

        return found;
    }

    /// <summary>The live terms holding every character of <paramref name="w"/> (those of its rarest character): the only ones that can hold it.</summary>
    private int[] TermsWithAll(string w)
    {
        int[]? fewest = null;
        foreach (var c in w)
        {
            if (!_termsWith.TryGetValue(c, out var holding))
            {
                return [];
            }

            if (fewest is null || holding.Length < fewest.Length)
            {
                fewest = holding;
            }
        }

        return fewest ?? [];
    }

    /// <summary>
    /// Terms whose text (<paramref name="texts"/>: the terms, or their pinyin) is within one edit of <paramref name="w"/>,
    /// each once: the terms under <paramref name="w"/> and under each of its one-deletion variants, looked up without
    /// making a string of each.
    /// </summary>
    private static List<int> Near1(Dictionary<string, int[]> deletes, string w, string?[] texts)
    {
        var near = new List<int>();
        var lookup = deletes.GetAlternateLookup<ReadOnlySpan<char>>();
        Span<char> variant = w.Length <= 128 ? stackalloc char[w.Length] : new char[w.Length];
        for (var i = -1; i < w.Length; i++)
        {
            var key = variant;
            if (i < 0)
            {
                w.AsSpan().CopyTo(variant);
            }
            else
            {
                w.AsSpan(0, i).CopyTo(variant);
                w.AsSpan(i + 1).CopyTo(variant[i..]);
                key = variant[..^1];
            }

            if (!lookup.TryGetValue(key, out var terms))
            {
                continue;
            }

            foreach (var t in terms)
            {
                if (!near.Contains(t) && WithinOneEdit(w, texts[t]!))
                {
                    near.Add(t);
                }
            }
        }

        return near;
    }

    /// <summary>Every term (Chinese of 2+ characters, letters of 3+) and every Chinese term's pinyin (3+ letters) with and without each character.</summary>
    private (Dictionary<string, int[]> Terms, Dictionary<string, int[]> Pinyin) BuildDeletes()
    {
        var terms = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var pinyin = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        foreach (var (term, t) in _termNumber)
        {
            var han = SearchText.IsHan(term[0]);
            if (han ? term.Length >= 2 : term.Length >= 3 && SearchText.IsLatin(term))
            {
                foreach (var variant in Deletions(term).Prepend(term))
                {
                    Add(terms, variant, t);
                }
            }

            if (han && _termPinyin[t] is { Length: >= 3 } full)
            {
                foreach (var variant in Deletions(full).Prepend(full))
                {
                    Add(pinyin, variant, t);
                }
            }
        }

        return (Frozen(terms), Frozen(pinyin));

        static Dictionary<string, int[]> Frozen(Dictionary<string, List<int>> map) =>
            map.ToDictionary(e => e.Key, e => e.Value.Distinct().ToArray(), StringComparer.Ordinal);
    }

    private static IEnumerable<string> Deletions(string w)
    {
        for (var i = 0; i < w.Length; i++)
        {
            yield return string.Concat(w.AsSpan(0, i), w.AsSpan(i + 1));
        }
    }

    /// <summary>Optimal string alignment distance ≤ 1: equal, one character dropped, added or changed, or two neighbours swapped.</summary>
    internal static bool WithinOneEdit(string a, string b)
    {
        if (Math.Abs(a.Length - b.Length) > 1)
        {
            return false;
        }

        var i = 0;
        while (i < a.Length && i < b.Length && a[i] == b[i])
        {
            i++;
        }

        if (i == a.Length && i == b.Length)
        {
            return true;
        }

        var ra = a.AsSpan(i);
        var rb = b.AsSpan(i);
        return a.Length == b.Length
            ? ra[1..].SequenceEqual(rb[1..]) || (ra.Length >= 2 && ra[0] == rb[1] && ra[1] == rb[0] && ra[2..].SequenceEqual(rb[2..]))
            : a.Length > b.Length ? ra[1..].SequenceEqual(rb) : ra.SequenceEqual(rb[1..]);
    }

    /// <summary>The word cut into the fewest known pieces (each at most 12 characters), or null when it cannot be.</summary>
    private static List<string>? Split(string w, Func<string, bool> known)
    {
        var best = new int[w.Length + 1];   // fewest pieces for w[..i], int.MaxValue when none
        var from = new int[w.Length + 1];
        Array.Fill(best, int.MaxValue);
        best[0] = 0;
        for (var end = 1; end <= w.Length; end++)
        {
            for (var start = Math.Max(0, end - 12); start < end; start++)
            {
                if (best[start] != int.MaxValue && best[start] + 1 < best[end] && known(w[start..end]))
                {
                    best[end] = best[start] + 1;
                    from[end] = start;
                }
            }
        }

        if (best[w.Length] is int.MaxValue or < 2)
        {
            return null;
        }

        var pieces = new List<string>();
        for (var end = w.Length; end > 0; end = from[end])
        {
            pieces.Insert(0, w[from[end]..end]);
        }

        return pieces;
    }

    /// <summary>Products holding, for every group, one of its terms.</summary>
    private bool MarkAll(IEnumerable<int[]> groups, byte cls, byte[] into)
    {
        HashSet<int>? all = null;
        foreach (var terms in groups)
        {
            var some = terms.SelectMany(t => _postings[t]).ToHashSet();
            if (all is null)
            {
                all = some;
            }
            else
            {
                all.IntersectWith(some);
            }
        }

        var found = false;
        foreach (var p in all ?? [])
        {
            if (cls < into[p])
            {
                into[p] = cls;
                found = true;
            }
        }

        return found;
    }

    private bool MarkTerms(int[] terms, byte cls, byte[] into)
    {
        var found = false;
        foreach (var t in terms)
        {
            found |= Mark(t, cls, into);
        }

        return found;
    }

    private bool Mark(int t, byte cls, byte[] into)
    {
        var postings = _postings[t];
        foreach (var p in postings)
        {
            if (cls < into[p])
            {
                into[p] = cls;
            }
        }

        return postings.Length > 0;
    }

    private static void Add(Dictionary<string, List<int>> map, string key, int value)
    {
        if (!map.TryGetValue(key, out var list))
        {
            map[key] = list = [];
        }

        list.Add(value);
    }
}
