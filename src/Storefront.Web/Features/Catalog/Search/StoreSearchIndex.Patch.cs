namespace Storefront.Web.Features.Catalog.Search;

/// <summary>Patching the index for the products a change named, leaving the old index to its readers.</summary>
public sealed partial class StoreSearchIndex
{
    /// <summary>
    /// A new index: this one with <paramref name="changed"/> products as <paramref name="listed"/> now shows them (a
    /// changed product missing from it is no longer listed). This index is left as it is (readers may be using it):
    /// products are renumbered in uuid order, unchanged ones keep their relative place in every sort and changed ones
    /// are merged in.
    /// </summary>
    internal StoreSearchIndex Patch(IReadOnlyCollection<Guid> changed, List<Loaded> listed)
    {
        listed.Sort((a, b) => UuidOrder.Compare(a.Id, b.Id));
        var gone = new bool[Count];   // changed: delisted, or read again
        var goneCount = 0;
        foreach (var id in changed)
        {
            if (Find(id) is { } old && !gone[old])
            {
                gone[old] = true;
                goneCount++;
            }
        }

        if (goneCount == 0 && listed.Count == 0)
        {
            return this;   // nothing the index holds (a draft product, say)
        }

        var n = Count - goneCount + listed.Count;
        var sameProducts = listed.Count == goneCount && listed.All(p => _byId.ContainsKey(p.Id));
        if (sameProducts)
        {
            return PatchSameProducts(listed);
        }

        var byId = new Dictionary<Guid, int>(n);
        var index = new StoreSearchIndex(_ladder, n, byId, _categories.Copy(), _brands.Copy(), _pairs.Copy(), [.. _pairNames], [.. PairValues], _names.Copy(),
            _terms.Copy());
        var pairs = new List<int>(Pairs.Length + (listed.Count * 8));
        var stillListed = listed.Select(p => p.Id).ToHashSet();
        var next = new int[Count];   // old number → new number (-1: no longer listed)
        var added = new int[listed.Count];   // listed[k]'s new number
        int i = 0, j = 0;
        for (var k = 0; k < n; k++)
        {
            while (i < Count && gone[i] && !stillListed.Contains(Ids[i]))
            {
                next[i++] = -1;   // delisted
            }

            var takeNew = j < listed.Count && (i >= Count || UuidOrder.Compare(listed[j].Id, Ids[i]) <= 0);
            if (takeNew)
            {
                if (i < Count && listed[j].Id == Ids[i])
                {
                    next[i++] = k;   // changed: read again
                }

                added[j] = k;
                index.Set(k, listed[j++], pairs);
            }
            else
            {
                next[i] = k;
                index.CopyFrom(this, i++, k, pairs);
            }

            byId[index.Ids[k]] = k;
        }

        while (i < Count)
        {
            next[i++] = -1;
        }

        index.Synonyms = Synonyms;
        index.Seal(pairs);
        var kept = new int[Count];   // old number → new number of the products not read again (-1: read again or delisted)
        for (var o = 0; o < Count; o++)
        {
            kept[o] = gone[o] ? -1 : next[o];
        }

        foreach (var (sort, compare) in Sorts)
        {
            var order = Merge(_sorted[sort].Order, kept, added, compare(index), n);
            index._sorted[sort] = (order, Ranks(order));
        }

        // Keywords' matches stay right when no product that is still listed changed what keywords are matched against
        // (and none came in): they are renumbered, delisted ones dropped.
        if (listed.All(p => Find(p.Id) is { } old && SearchKey[old] == p.SearchKey))
        {
            index.Keywords = Keywords.Renumbered(next);
        }

        return index;
    }

    /// <summary>
    /// The patch of changes that list and delist nothing (a price, stock, attributes): the same products with the same
    /// numbers, so only the changed products' entries are written (into copies), a sort is kept as it is when the
    /// changed products still sit between their neighbours, and the attribute pairs and the keywords' matches are shared
    /// when no changed product's attributes or searched text changed.
    /// </summary>
    private StoreSearchIndex PatchSameProducts(List<Loaded> listed)
    {
        var index = new StoreSearchIndex(this);
        var changed = new int[listed.Count];
        var newPairs = new Dictionary<int, List<int>>();
        var searchSame = true;
        for (var k = 0; k < listed.Count; k++)
        {
            var p = listed[k];
            var i = changed[k] = _byId[p.Id];
            searchSame &= SearchKey[i] == p.SearchKey;
            index.SetFields(i, p);
            var pairs = index.PairsOf(p);
            if (!pairs.SequenceEqual(Pairs[PairStart[i]..PairStart[i + 1]]))
            {
                newPairs[i] = pairs;
            }
        }

        if (newPairs.Count > 0)
        {
            var pairs = new List<int>(Pairs.Length + (newPairs.Count * 8));
            var starts = new int[Count + 1];
            for (var i = 0; i < Count; i++)
            {
                starts[i] = pairs.Count;
                if (newPairs.TryGetValue(i, out var mine))
                {
                    pairs.AddRange(mine);
                }
                else
                {
                    pairs.AddRange(Pairs.AsSpan(PairStart[i], PairStart[i + 1] - PairStart[i]));
                }
            }

            index.PairStart = starts;
            index.Seal(pairs);
        }
        else
        {
            index.Seal(null);
        }

        int[]? kept = null;   // the products that did not change, numbered as they are (-1: changed)
        foreach (var (sort, compare) in Sorts)
        {
            var comparison = compare(index);
            var (order, rank) = _sorted[sort];
            var inPlace = changed.All(i => (rank[i] == 0 || comparison(order[rank[i] - 1], i) < 0)
                && (rank[i] == Count - 1 || comparison(i, order[rank[i] + 1]) < 0));
            if (inPlace)
            {
                index._sorted[sort] = (order, rank);
                continue;
            }

            if (kept is null)
            {
                kept = [.. Enumerable.Range(0, Count)];
                foreach (var i in changed)
                {
                    kept[i] = -1;
                }
            }

            var merged = Merge(order, kept, changed, comparison, Count);
            index._sorted[sort] = (merged, Ranks(merged));
        }

        if (searchSame)
        {
            index.Keywords = Keywords;   // the same products, numbers and searched text: the matches hold
            index._matcher = _matcher;
        }

        return index;
    }

    /// <summary>
    /// A sort order after a patch: the entries of <paramref name="order"/> that stay, renumbered (<paramref name="kept"/>:
    /// old number → new number, -1 to leave out), merged with the <paramref name="fresh"/> ones in the order of <paramref name="comparison"/>.
    /// </summary>
    private static int[] Merge(int[] order, int[] kept, int[] fresh, Comparison<int> comparison, int length)
    {
        fresh = (int[])fresh.Clone();
        Array.Sort(fresh, comparison);
        var merged = new int[length];
        int at = 0, f = 0;
        foreach (var o in order)
        {
            var p = kept[o];
            if (p < 0)
            {
                continue;
            }

            while (f < fresh.Length && comparison(fresh[f], p) < 0)
            {
                merged[at++] = fresh[f++];
            }

            merged[at++] = p;
        }

        while (f < fresh.Length)
        {
            merged[at++] = fresh[f++];
        }

        return merged;
    }
}
