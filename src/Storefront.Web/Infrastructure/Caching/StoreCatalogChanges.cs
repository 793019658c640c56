namespace Storefront.Web.Infrastructure.Caching;

/// <summary>A store's generation and its latest changes, each with the products it named (null: the whole catalog).</summary>
internal sealed class StoreCatalogChanges
{
    /// <summary>Changes remembered per store (for patching values kept from before them).</summary>
    private const int KeptChanges = 500;

    private readonly Lock _lock = new();
    private readonly Queue<(long Generation, Guid[]? Products)> _latest = new();
    private long _generation;

    public long Generation => Interlocked.Read(ref _generation);

    public void Add(IReadOnlyCollection<Guid>? products)
    {
        lock (_lock)
        {
            _latest.Enqueue((_generation + 1, products?.ToArray()));
            if (_latest.Count > KeptChanges)
            {
                _latest.Dequeue();
            }

            Interlocked.Increment(ref _generation);
        }
    }

    /// <summary>
    /// The products named by the changes after generation <paramref name="from"/> up to <paramref name="to"/>; null
    /// when one of them named none (the whole catalog), some are no longer remembered, or they name more than <paramref name="max"/>.
    /// </summary>
    public HashSet<Guid>? ProductsSince(long from, long to, int max)
    {
        lock (_lock)
        {
            var products = new HashSet<Guid>();
            var next = from + 1;
            foreach (var (generation, named) in _latest)
            {
                if (generation <= from || generation > to)
                {
                    continue;
                }

                if (generation != next++ || named is null)
                {
                    return null;
                }

                products.UnionWith(named);
                if (products.Count > max)
                {
                    return null;
                }
            }

            return next == to + 1 ? products : null;
        }
    }
}
