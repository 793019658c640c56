namespace Storefront.Domain.Catalog;

/// <summary>Why a merchant changed the stock on hand.</summary>
public enum StockReason
{
    Inbound,
    StockTake,
    Damage,
    Correction,
}
