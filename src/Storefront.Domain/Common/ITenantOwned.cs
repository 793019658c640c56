namespace Storefront.Domain.Common;

/// <summary>Data that belongs to one store. Every such table has tenant_id leading its key and a row-level security policy.</summary>
public interface ITenantOwned
{
    Guid TenantId { get; }
}
