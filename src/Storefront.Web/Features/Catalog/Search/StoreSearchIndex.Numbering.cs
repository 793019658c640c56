namespace Storefront.Web.Features.Catalog.Search;

public sealed partial class StoreSearchIndex
{
    /// <summary>Values numbered in the order first seen; a patch numbers new values after the old ones (on a copy).</summary>
    private sealed class Numbering<T> where T : notnull
    {
        private readonly Dictionary<T, int> _numbers;

        public Numbering(IEqualityComparer<T>? comparer = null) => _numbers = new Dictionary<T, int>(comparer);

        private Numbering(Numbering<T> other)
        {
            _numbers = new Dictionary<T, int>(other._numbers, other._numbers.Comparer);
            Values = [.. other.Values];
        }

        public List<T> Values { get; } = [];

        public int Count => Values.Count;

        public int? Find(T value) => _numbers.TryGetValue(value, out var n) ? n : null;

        public int Number(T value)
        {
            if (!_numbers.TryGetValue(value, out var number))
            {
                number = _numbers[value] = Values.Count;
                Values.Add(value);
            }

            return number;
        }

        public Numbering<T> Copy() => new(this);
    }
}
