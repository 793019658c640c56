using Microsoft.EntityFrameworkCore;
using Npgsql;
using Storefront.Domain.Ordering;

namespace Storefront.Web.Infrastructure.Data;

/// <summary>
/// Order numbers (<see cref="OrderNumber"/>): the store's day (in its time zone) and the next value of the store's own sequence, taken by
/// app_next_order_number() for the store the connection is set to (migration 0024: one sequence per store, made with the
/// store). nextval is not transactional: it takes no lock held to commit (orders of a store are placed side by side) and
/// a rolled-back order leaves a gap. Numbers never repeat within a store; two stores may hand out the same number.
/// Why this shape: docs/decisions/0007-order-numbers-per-store.md.
/// </summary>
public static class OrderNumbers
{
    public static async Task<string> NextAsync(StorefrontDb db, DateTimeOffset now, TimeZoneInfo zone, CancellationToken ct)
    {
        var next = await db.Database.SqlQuery<long>($"select app_next_order_number() as \"Value\"").ToListAsync(ct);
        return OrderNumber.For(now, zone, next.Single());
    }

    /// <summary>The statement taking the store's next sequence value (one bigint), for a batch that sends it with others.</summary>
    public static NpgsqlBatchCommand NextCommand() => new("select app_next_order_number()");
}
