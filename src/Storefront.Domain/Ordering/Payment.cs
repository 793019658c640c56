using Storefront.Domain.Common;

namespace Storefront.Domain.Ordering;

public enum PaymentStatus
{
    Pending,
    Succeeded,
    Failed,
}

/// <summary>
/// One attempt to pay an order through a gateway: created when the shopper is sent to the gateway, settled by the
/// gateway's (signed) callback. A callback that arrives again finds it settled and changes nothing.
/// </summary>
public sealed class Payment : ITenantOwned
{
    private Payment()
    {
    }

    public Guid TenantId { get; private set; }

    public Guid Id { get; private set; }

    public Guid OrderId { get; private set; }

    public string Provider { get; private set; } = "";

    public decimal Amount { get; private set; }

    public PaymentStatus Status { get; private set; }

    /// <summary>The gateway's own transaction id, once it has one.</summary>
    public string? ProviderReference { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? CompletedAt { get; private set; }

    public static Payment Start(Guid tenantId, Guid orderId, string provider, decimal amount, DateTimeOffset now) => new()
    {
        TenantId = tenantId,
        Id = Guid.CreateVersion7(now),
        OrderId = orderId,
        Provider = provider,
        Amount = amount,
        Status = PaymentStatus.Pending,
        CreatedAt = now,
    };

    /// <summary>Settles the payment; false when it was already settled this way (a duplicate callback).</summary>
    public bool Complete(bool succeeded, string providerReference, DateTimeOffset now)
    {
        var outcome = succeeded ? PaymentStatus.Succeeded : PaymentStatus.Failed;
        if (Status == outcome && ProviderReference == providerReference)
        {
            return false;
        }

        if (Status != PaymentStatus.Pending)
        {
            throw new DomainException("payment.settled", "该支付已处理。", isConflict: true);
        }

        Status = outcome;
        ProviderReference = providerReference;
        CompletedAt = now;
        return true;
    }
}
