using Storefront.Domain.Common;

namespace Storefront.Domain.Catalog;

/// <summary>One recorded change of a SKU's on-hand stock: by whom, when, why, and what it came to.</summary>
public sealed class StockAdjustment : ITenantOwned
{
    private StockAdjustment()
    {
    }

    public Guid TenantId { get; private set; }

    public Guid Id { get; private set; }

    public Guid SkuId { get; private set; }

    public int Delta { get; private set; }

    public int OnHandAfter { get; private set; }

    public StockReason Reason { get; private set; }

    public string Note { get; private set; } = "";

    public Guid? ActorId { get; private set; }

    public DateTimeOffset At { get; private set; }

    public static StockAdjustment Record(
        Guid tenantId, Guid skuId, int delta, int onHandAfter, StockReason reason, string note, Guid? actorId, DateTimeOffset now) => new()
        {
            TenantId = tenantId,
            Id = Guid.CreateVersion7(now),
            SkuId = skuId,
            Delta = delta,
            OnHandAfter = onHandAfter,
            Reason = reason,
            Note = note.Trim(),
            ActorId = actorId,
            At = now,
        };
}
