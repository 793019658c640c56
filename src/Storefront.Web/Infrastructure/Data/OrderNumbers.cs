using Microsoft.EntityFrameworkCore;
using Storefront.Domain.Ordering;

namespace Storefront.Web.Infrastructure.Data;

/// <summary>The next order number of the store's day (<see cref="OrderNumber"/>), from a per-store, per-day counter row.</summary>
public static class OrderNumbers
{
    public static async Task<string> NextAsync(StorefrontDb db, Guid tenantId, DateTimeOffset now, CancellationToken ct)
    {
        var day = OrderNumber.DayOf(now);
        var next = await db.Database.SqlQuery<long>($"""
            insert into order_number_sequences (tenant_id, day, last_value) values ({tenantId}, {day}, 1)
            on conflict (tenant_id, day) do update set last_value = order_number_sequences.last_value + 1
            returning last_value as "Value"
            """).ToListAsync(ct);
        return OrderNumber.Format(day, next.Single());
    }
}
