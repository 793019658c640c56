using Storefront.Domain.Common;

namespace Storefront.Domain.Accounts;

/// <summary>A shopper (顾客) belongs to one store: the same e-mail can register at two stores, separately.</summary>
public sealed class Shopper : Account, ITenantOwned
{
    public Guid TenantId { get; set; }

    public static Shopper Create(Guid tenantId, string email, string displayName, DateTimeOffset now) => new()
    {
        TenantId = tenantId,
        Id = Guid.CreateVersion7(now),
        Email = email.Trim(),
        DisplayName = string.IsNullOrWhiteSpace(displayName) ? email.Trim().Split('@')[0] : displayName.Trim(),
        CreatedAt = now,
    };
}
