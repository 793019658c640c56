using Microsoft.EntityFrameworkCore;
using Storefront.Domain.Ordering;

namespace Storefront.Web.Infrastructure.Data;

/// <summary>
/// Order numbers (<see cref="OrderNumber"/>): the Beijing day and the next value of the database sequence
/// order_number_seq (migration 0014). nextval is not transactional: it takes no lock held to commit (orders of a store
/// are placed side by side) and a rolled-back order leaves a gap. One sequence for all stores: a number is unique everywhere.
/// </summary>
public static class OrderNumbers
{
    public static async Task<string> NextAsync(StorefrontDb db, DateTimeOffset now, CancellationToken ct)
    {
        var next = await db.Database.SqlQuery<long>($"select nextval('order_number_seq') as \"Value\"").ToListAsync(ct);
        return OrderNumber.Format(OrderNumber.DayOf(now), next.Single());
    }
}
