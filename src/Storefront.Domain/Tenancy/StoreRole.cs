namespace Storefront.Domain.Tenancy;

/// <summary>What a staff account may do in one store. A staff account can hold roles in several stores.</summary>
public enum StoreRole
{
    Owner,
    Merchant,
    Operator,
    CustomerService,
}
