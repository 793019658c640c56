namespace Storefront.Domain.Tenancy;

public enum StoreStatus
{
    Active,
    Suspended,
}
