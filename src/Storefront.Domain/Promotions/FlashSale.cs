using Storefront.Domain.Common;
using Storefront.Domain.Pricing;

namespace Storefront.Domain.Promotions;

/// <summary>One SKU of a flash sale as an operator enters it.</summary>
public sealed record FlashSaleItemDraft(Guid SkuId, decimal FlashPrice, int Quota, int PerShopperLimit);

/// <summary>
/// 秒杀 session: a name, a start and an end, and its SKUs (<see cref="FlashSaleItem"/>) each with a flash price, a quota
/// separate from ordinary stock and a per-shopper limit. The storefront counts down to the start and the end.
/// </summary>
public sealed class FlashSale : ITenantOwned
{
    public const int MaxItems = 100;

    private FlashSale()
    {
    }

    public Guid TenantId { get; private set; }

    public Guid Id { get; private set; }

    public string Name { get; private set; } = "";

    public DateTimeOffset StartsAt { get; private set; }

    public DateTimeOffset EndsAt { get; private set; }

    public bool IsEnabled { get; private set; } = true;

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public List<FlashSaleItem> Items { get; private set; } = [];

    public bool IsLiveAt(DateTimeOffset at) => IsEnabled && StartsAt <= at && at < EndsAt;

    public static FlashSale Create(Guid tenantId, string name, DateTimeOffset startsAt, DateTimeOffset endsAt, DateTimeOffset now)
    {
        var sale = new FlashSale { TenantId = tenantId, Id = Guid.CreateVersion7(now), CreatedAt = now };
        sale.Update(name, startsAt, endsAt, now);
        return sale;
    }

    public void Update(string name, DateTimeOffset startsAt, DateTimeOffset endsAt, DateTimeOffset now)
    {
        var checkedName = PromotionRules.Name(name);
        PromotionRules.Period(startsAt, endsAt);
        if (Items.Any(i => i.Sold > 0) && startsAt != StartsAt)
        {
            throw new DomainException("flash.started", "已有成交的秒杀不能修改开始时间。");
        }

        (Name, StartsAt, EndsAt, UpdatedAt) = (checkedName, startsAt, endsAt, now);
    }

    public void SetEnabled(bool enabled, DateTimeOffset now) => (IsEnabled, UpdatedAt) = (enabled, now);

    /// <summary>Adds a SKU or changes its terms. <paramref name="listPrice"/> is the SKU's ordinary price (the flash price must be below it).</summary>
    public FlashSaleItem SetItem(Guid productId, FlashSaleItemDraft draft, decimal listPrice, DateTimeOffset now)
    {
        PromotionRules.Amount(draft.FlashPrice, "flash.price", "秒杀价");
        if (draft.FlashPrice >= listPrice)
        {
            throw new DomainException("flash.price", "秒杀价须低于商品原价。");
        }

        if (draft.PerShopperLimit is < 1 or > 99)
        {
            throw new DomainException("flash.limit", "每人限购 1–99 件。");
        }

        var item = Items.SingleOrDefault(i => i.SkuId == draft.SkuId);
        if (draft.Quota < Math.Max(1, item?.Sold ?? 0) || draft.Quota > 100_000)
        {
            throw new DomainException("flash.quota", item is { Sold: > 0 } ? $"秒杀库存不能少于已售的 {item.Sold} 件。" : "秒杀库存为 1–100000 件。");
        }

        if (item is null)
        {
            if (Items.Count >= MaxItems)
            {
                throw new DomainException("flash.items", $"一场秒杀最多 {MaxItems} 个 SKU。");
            }

            item = new FlashSaleItem(TenantId, Id, productId, draft.SkuId, Guid.CreateVersion7(now));
            Items.Add(item);
        }

        item.Set(draft.FlashPrice, draft.Quota, draft.PerShopperLimit);
        UpdatedAt = now;
        return item;
    }

    public void RemoveItem(Guid skuId, DateTimeOffset now)
    {
        var item = Items.SingleOrDefault(i => i.SkuId == skuId) ?? throw new DomainException("flash.item", "这场秒杀没有该 SKU。");
        if (item.Sold > 0)
        {
            throw new DomainException("flash.item", "已有成交的 SKU 不能移除，可以停用整场秒杀。");
        }

        Items.Remove(item);
        UpdatedAt = now;
    }

    /// <param name="item">One of this sale's items.</param>
    /// <param name="alreadyBought">Units of the item this shopper holds in orders not cancelled.</param>
    public FlashPriceRule ToRule(FlashSaleItem item, int alreadyBought) =>
        new(item.Id, Id, Name, item.SkuId, item.FlashPrice, item.Quota - item.Sold, item.PerShopperLimit, alreadyBought, StartsAt, EndsAt);
}

/// <summary>
/// A SKU in a flash sale. <see cref="Sold"/> counts units in orders not cancelled; it is taken by a conditional UPDATE
/// (sold + n ≤ quota) when an order is placed and given back when the order is cancelled, so the quota is never oversold.
/// </summary>
public sealed class FlashSaleItem : ITenantOwned
{
    private FlashSaleItem()
    {
    }

    internal FlashSaleItem(Guid tenantId, Guid flashSaleId, Guid productId, Guid skuId, Guid id)
    {
        (TenantId, FlashSaleId, ProductId, SkuId, Id) = (tenantId, flashSaleId, productId, skuId, id);
    }

    public Guid TenantId { get; private set; }

    public Guid Id { get; private set; }

    public Guid FlashSaleId { get; private set; }

    public Guid ProductId { get; private set; }

    public Guid SkuId { get; private set; }

    public decimal FlashPrice { get; private set; }

    public int Quota { get; private set; }

    public int Sold { get; private set; }

    public int PerShopperLimit { get; private set; }

    public int Left => Math.Max(0, Quota - Sold);

    internal void Set(decimal price, int quota, int limit) => (FlashPrice, Quota, PerShopperLimit) = (price, quota, limit);
}
