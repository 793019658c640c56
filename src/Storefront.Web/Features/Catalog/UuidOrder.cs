namespace Storefront.Web.Features.Catalog;

/// <summary>
/// PostgreSQL's order of uuid values: the 16 bytes compared as unsigned bytes in RFC 4122 order (memcmp). Not
/// <see cref="Guid.CompareTo(Guid)"/>'s order, which compares the first three fields as little-endian integers.
/// </summary>
public static class UuidOrder
{
    public static int Compare(Guid a, Guid b)
    {
        Span<byte> x = stackalloc byte[16];
        Span<byte> y = stackalloc byte[16];
        a.TryWriteBytes(x, bigEndian: true, out _);
        b.TryWriteBytes(y, bigEndian: true, out _);
        return x.SequenceCompareTo(y);
    }
}
